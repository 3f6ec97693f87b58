import {
  workTypes,
  type GasAnalysis,
  type Grade,
  type PermitStatus,
  type WorkPermit,
  type WorkType,
} from '../../../../server/contracts/permits'
import { createStore, type Store } from '../../../core/store'

// Pure pieces of the special-work UI (unit-tested): grouping, colours, window and age texts, the 15 m circle, and
// the overlay store the 特殊作业 tab fills and the twin layer draws.

/** What the work-permits twin layer draws: the active permits (approved or in work) the tab last loaded. */
export interface WorkPermitsOverlayState {
  permits: readonly WorkPermit[]
  /** radius of the circle around each permit point, m (park setting isolation_radius_m) */
  radiusM: number
}

export const workPermitsOverlay: Store<WorkPermitsOverlayState> = createStore<WorkPermitsOverlayState>({
  permits: [],
  radiusM: 15,
})

export const permitHex = {
  /** hot work 特级 / 一级, or any flagged permit */
  red: '#ff3b3b',
  /** hot work 二级 */
  orange: '#ff8c1a',
  /** other types */
  blue: '#3aa0ff',
  /** approved, not started */
  grey: '#9aa5b1',
} as const

/** Colour of a permit on the twin and in lists: hot work orange/red, flagged red, others blue. */
export function permitColour(p: Pick<WorkPermit, 'work_type' | 'grade' | 'flags' | 'status'>): string {
  if (p.flags.length) return permitHex.red
  if (p.work_type === 'hot_work') return p.grade === 'second' ? permitHex.orange : permitHex.red
  return p.status === 'approved' ? permitHex.grey : permitHex.blue
}

/** Active permits by type, in the standard's order, each group in work first, then by window start. */
export function groupByType<T extends Pick<WorkPermit, 'work_type' | 'status' | 'window_from'>>(
  permits: readonly T[],
): { type: WorkType; permits: T[] }[] {
  const order: Record<string, number> = { in_work: 0, approved: 1 }
  return workTypes
    .map((type) => ({
      type,
      permits: permits
        .filter((p) => p.work_type === type)
        .sort(
          (a, b) =>
            (order[a.status] ?? 2) - (order[b.status] ?? 2) || a.window_from.localeCompare(b.window_from),
        ),
    }))
    .filter((g) => g.permits.length > 0)
}

const two = (n: number) => String(n).padStart(2, '0')
/** Park-local "MM-DD HH:mm" of an instant (China Standard Time, UTC+8). */
export function parkClock(iso: string): string {
  const d = new Date(Date.parse(iso) + 8 * 3_600_000)
  return `${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}`
}

/** "11-28 08:00 – 16:00" (the end's day only when it differs), park local time. */
export function windowText(from: string, to: string): string {
  const a = parkClock(from)
  const b = parkClock(to)
  return `${a} – ${a.slice(0, 5) === b.slice(0, 5) ? b.slice(6) : b}`
}

/** Hours between two instants, to 0.1 h. */
export function windowHours(from: string, to: string): number {
  return Math.round((Date.parse(to) - Date.parse(from)) / 360_000) / 10
}

/** Grade label key: `grade_special` …; null for types without grades. */
export function gradeKey(g: Grade | null): `grade_${Grade}` | null {
  return g ? `grade_${g}` : null
}

/** Whether the permit counts as open work on the twin. */
export function isActive(s: PermitStatus): boolean {
  return s === 'approved' || s === 'in_work'
}

/** An analysis's age and its check, e.g. "12 min · pass"; too old for the start (> maxAge) is marked. */
export function analysisState(
  a: Pick<GasAnalysis, 'age_min' | 'passed'>,
  maxAgeMin: number,
): { fresh: boolean; passed: boolean; ageMin: number } {
  return { fresh: a.age_min >= 0 && a.age_min <= maxAgeMin, passed: a.passed, ageMin: Math.round(a.age_min) }
}

const earthRadius = 6_371_008.8
/** A closed ring of `n` points around [lon, lat] at `radiusM` metres (spherical earth, fine at 15 m). */
export function circleRing(lon: number, lat: number, radiusM: number, n = 48): [number, number][] {
  const out: [number, number][] = []
  const dLat = (radiusM / earthRadius) * (180 / Math.PI)
  const dLon = dLat / Math.cos((lat * Math.PI) / 180)
  for (let i = 0; i <= n; i++) {
    const a = ((i % n) / n) * 2 * Math.PI
    out.push([lon + dLon * Math.sin(a), lat + dLat * Math.cos(a)])
  }
  return out
}

/** Client-side mirror of the server's refusal: the window is longer than the grade allows. */
export function windowTooLong(windowH: number, maxH: number): boolean {
  return windowH > maxH + 1e-9
}

/** A `datetime-local` value read as park local time (UTC+8) → ISO instant; null when empty or invalid. */
export function localToIso(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return null
  const ms = Date.parse(`${value}:00+08:00`)
  // Date.parse rolls 02-30 over into March: a value that does not come back unchanged is not a calendar time
  return Number.isFinite(ms) && isoToLocal(ms) === value ? new Date(ms).toISOString() : null
}

/** An instant as a `datetime-local` value in park local time (minutes). */
export function isoToLocal(ms: number): string {
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16)
}

/** A point inside a parcel to start from: the middle of its ring's bounding box, nudged to the ring's mean. */
export function parcelAnchor(ring: readonly (readonly number[])[]): [number, number] {
  const pts = ring.slice(0, -1).length ? ring.slice(0, -1) : ring
  const lon = pts.reduce((a, p) => a + p[0]!, 0) / pts.length
  const lat = pts.reduce((a, p) => a + p[1]!, 0) / pts.length
  return [Math.round(lon * 1e7) / 1e7, Math.round(lat * 1e7) / 1e7]
}

/** "safety measure｜confirmed by" lines → the permit's safety measures (lines without a name are left out). */
export function parseMeasures(text: string): { measure: string; confirmed_by: string }[] {
  return text
    .split('\n')
    .map((l) => l.split(/[|｜]/).map((x) => x.trim()))
    .filter((p) => p.length >= 2 && p[0] && p[1])
    .map(([measure, confirmed_by]) => ({ measure: measure!, confirmed_by: confirmed_by! }))
}
