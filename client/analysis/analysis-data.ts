// Pure data preparation for the deck.gl analysis view: replay feed → TripsLayer paths and dwell-heatmap cells.
import { decodeReplayTrack, type ReplayFeed } from '../../server/contracts/tracks'
import type { TagKind } from '../../server/contracts'

export interface TripDatum {
  id: string
  kind: TagKind
  /** [lon, lat] per sample */
  path: [number, number][]
  /** seconds since the window start, per sample (TripsLayer wants small numbers) */
  timestamps: number[]
}

export interface DwellDatum {
  position: [number, number]
  /** seconds spent at this cell */
  weight: number
}

/** One path per tag with its times relative to `origin` (epoch ms). */
export function tripsFromFeed(feed: ReplayFeed, origin = Date.parse(feed.from)): TripDatum[] {
  return feed.tracks
    .map((tr) => {
      const d = decodeReplayTrack(tr)
      return {
        id: tr.id,
        kind: tr.kind,
        path: d.lon.map((lon, i): [number, number] => [lon, d.lat[i]!]),
        timestamps: d.t.map((t) => (t - origin) / 1000),
      }
    })
    .filter((t) => t.path.length >= 2)
}

/**
 * Dwell time per grid cell (≈ `cellM` metres): each sample counts the time until the next one of its tag,
 * capped at `maxStepS` (a data gap is not dwell). The heatmap weights cells by these seconds.
 */
export function dwellCells(feed: ReplayFeed, cellM = 10, maxStepS = 60): DwellDatum[] {
  const cells = new Map<string, DwellDatum>()
  for (const tr of feed.tracks) {
    const d = decodeReplayTrack(tr)
    const n = d.t.length
    for (let i = 0; i < n; i++) {
      const dt = i + 1 < n ? Math.min(maxStepS, (d.t[i + 1]! - d.t[i]!) / 1000) : 0
      if (dt <= 0) continue
      const lat = d.lat[i]!
      const stepLat = cellM / 111_195
      const stepLon = stepLat / Math.cos((lat * Math.PI) / 180)
      const cy = Math.floor(lat / stepLat)
      const cx = Math.floor(d.lon[i]! / stepLon)
      const key = `${cx}:${cy}`
      const c = cells.get(key)
      if (c) c.weight += dt
      else cells.set(key, { position: [(cx + 0.5) * stepLon, (cy + 0.5) * stepLat], weight: dt })
    }
  }
  return [...cells.values()]
}

/** The view state that frames a polygon ring (web-mercator zoom for a width × height canvas). */
export function fitView(
  ring: readonly (readonly number[])[],
  width: number,
  height: number,
): { longitude: number; latitude: number; zoom: number } {
  let w = Infinity
  let s = Infinity
  let e = -Infinity
  let n = -Infinity
  for (const [lon, lat] of ring) {
    w = Math.min(w, lon!)
    e = Math.max(e, lon!)
    s = Math.min(s, lat!)
    n = Math.max(n, lat!)
  }
  const longitude = (w + e) / 2
  const latitude = (s + n) / 2
  const spanLon = Math.max(1e-6, e - w)
  const mercY = (lat: number) => Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360))
  const spanY = Math.max(1e-9, mercY(n) - mercY(s))
  const zoomX = Math.log2((width * 360) / (spanLon * 512))
  const zoomY = Math.log2((height * 2 * Math.PI) / (spanY * 512))
  return { longitude, latitude, zoom: Math.min(zoomX, zoomY) - 0.1 }
}
