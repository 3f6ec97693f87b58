// Position filtering (closed-area.md: what the best trackers do): duplicates, invalid and out-of-area
// fixes, impossible jumps, too-frequent samples and out-of-order samples, judged per tag against the
// newest accepted sample. Pure and synchronous; the positions writer keeps one per process.
import type { PositionSample } from '../../contracts'

export interface PositionFilterOptions {
  /** a move implying more than this is a jump (the park's roads allow 40 km/h; GNSS multipath does not) */
  maxSpeedKmh: number
  /** moves shorter than this are never jumps (GNSS noise, card floors) */
  jumpToleranceM: number
  /** a sample sooner than this after the last accepted one is dropped (too frequent) */
  minPeriodMs: number
  /**
   * consecutive rejected jumps, consistent with each other, after which the filter believes them: the
   * earlier anchor was the wrong fix (a card switched on far from its last place), not the new ones
   */
  reanchorAfter: number
  /** [west, south, east, north] degrees; fixes outside are out of area. Null: anywhere on Earth */
  bounds: [number, number, number, number] | null
}

export const defaultFilterOptions: PositionFilterOptions = {
  maxSpeedKmh: 180,
  jumpToleranceM: 150,
  minPeriodMs: 500,
  reanchorAfter: 3,
  bounds: null,
}

/**
 * `accepted`: stored, live and evaluated by zones; `late`: older than the newest accepted (arrived out of
 * order, e.g. a JT/T 808 blind-area batch) — stored for the track, but it never moves the live view or
 * zone state back; the others are dropped.
 */
export type FilterVerdict =
  'accepted' | 'late' | 'duplicate' | 'invalid' | 'out_of_area' | 'jump' | 'too_frequent'

interface TagState {
  last: { t: number; lon: number; lat: number }
  /** device times recently seen (accepted or late), for duplicates that are not the newest */
  recent: number[]
  /** rejected jumps in a row, consistent with each other */
  suspects: { t: number; lon: number; lat: number }[]
}

const R = 6_371_008.8
/** great-circle distance, metres */
export function distanceM(a: { lon: number; lat: number }, b: { lon: number; lat: number }): number {
  const rad = Math.PI / 180
  const dLat = (b.lat - a.lat) * rad
  const dLon = (b.lon - a.lon) * rad
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(h)))
}

const RECENT = 32

export type FilterCounts = Record<FilterVerdict, number>
export const emptyCounts = (): FilterCounts => ({
  accepted: 0,
  late: 0,
  duplicate: 0,
  invalid: 0,
  out_of_area: 0,
  jump: 0,
  too_frequent: 0,
})

export class PositionFilter {
  private readonly tags = new Map<string, TagState>()
  readonly counts = emptyCounts()
  private readonly opts: PositionFilterOptions

  constructor(opts: Partial<PositionFilterOptions> = {}) {
    this.opts = { ...defaultFilterOptions, ...opts }
  }

  /**
   * Judges samples (any tags, any order; taken per tag in device-time order). `rollback()` puts the filter
   * back as it was, for a batch that could not be stored: its redelivery is then judged the same way.
   */
  judge(samples: readonly PositionSample[]): {
    results: { sample: PositionSample; verdict: FilterVerdict }[]
    rollback(): void
  } {
    const before = new Map<string, TagState | undefined>()
    const counts = { ...this.counts }
    for (const s of samples) {
      if (before.has(s.tag_id)) continue
      const st = this.tags.get(s.tag_id)
      before.set(s.tag_id, st && { last: st.last, recent: [...st.recent], suspects: [...st.suspects] })
    }
    const ordered = samples.map((sample) => ({ sample, t: Date.parse(sample.t) })).sort((a, b) => a.t - b.t)
    const results = ordered.map(({ sample, t }) => {
      const verdict = this.one(sample, t)
      this.counts[verdict]++
      return { sample, verdict }
    })
    return {
      results,
      rollback: () => {
        for (const [id, st] of before) {
          if (st) this.tags.set(id, st)
          else this.tags.delete(id)
        }
        Object.assign(this.counts, counts)
      },
    }
  }

  private one(s: PositionSample, t: number): FilterVerdict {
    const { lon, lat } = s
    if (!Number.isFinite(t) || !Number.isFinite(lon) || !Number.isFinite(lat)) return 'invalid'
    if ((lon === 0 && lat === 0) || Math.abs(lat) > 90 || Math.abs(lon) > 180) return 'invalid'
    const b = this.opts.bounds
    if (b && (lon < b[0] || lon > b[2] || lat < b[1] || lat > b[3])) return 'out_of_area'
    const st = this.tags.get(s.tag_id)
    if (!st) {
      this.tags.set(s.tag_id, { last: { t, lon, lat }, recent: [t], suspects: [] })
      return 'accepted'
    }
    if (t === st.last.t || st.recent.includes(t)) return 'duplicate'
    if (t < st.last.t) {
      remember(st, t)
      return 'late'
    }
    const here = { t, lon, lat }
    if (t - st.last.t < this.opts.minPeriodMs) return 'too_frequent'
    if (this.isJump(st.last, here)) {
      const prev = st.suspects[st.suspects.length - 1]
      if (prev && this.isJump(prev, here)) st.suspects = []
      st.suspects.push(here)
      if (st.suspects.length < this.opts.reanchorAfter) return 'jump'
    }
    st.suspects = []
    st.last = here
    remember(st, t)
    return 'accepted'
  }

  private isJump(a: { t: number; lon: number; lat: number }, b: { t: number; lon: number; lat: number }) {
    const d = distanceM(a, b)
    if (d <= this.opts.jumpToleranceM) return false
    const hours = Math.max(Math.abs(b.t - a.t), 1) / 3_600_000
    return d / 1000 / hours > this.opts.maxSpeedKmh
  }

  /** tags with state (bounded by the number of tags that reported) */
  get size(): number {
    return this.tags.size
  }
}

function remember(st: TagState, t: number) {
  st.recent.push(t)
  if (st.recent.length > RECENT) st.recent.shift()
}
