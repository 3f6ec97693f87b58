import type { TagKind } from '../../server/contracts'
import type {
  ReplayFeed,
  TagZonesReport,
  TrackFeature,
  TripsReport,
  ZoneVisitsReport,
} from '../../server/contracts/tracks'
import { apiBase, request } from './http.client'

export interface TrackWindow {
  from: string
  to: string
}

/** The tag reports that export as CSV (`?format=csv`). */
export type TagCsvReport = 'track' | 'trips' | 'zones'

const enc = encodeURIComponent
const win = (w: TrackWindow) => `from=${enc(w.from)}&to=${enc(w.to)}`

/**
 * Trajectories: one tag's track, trips/stops and time in zones, a zone's visits, the columnar replay feed of
 * many tags, and the links of the CSV exports (plain links: the session cookie goes with them and the server
 * answers an attachment).
 */
export const tracksApi = {
  track: (tagId: string, w: TrackWindow & { simplify?: number }, signal?: AbortSignal) =>
    request<TrackFeature>('GET', `/tags/${enc(tagId)}/track?${win(w)}&simplify=${w.simplify ?? 0}`, {
      signal,
    }),
  trips: (tagId: string, w: TrackWindow, signal?: AbortSignal) =>
    request<TripsReport>('GET', `/tags/${enc(tagId)}/trips?${win(w)}`, { signal }),
  zones: (tagId: string, w: TrackWindow, signal?: AbortSignal) =>
    request<TagZonesReport>('GET', `/tags/${enc(tagId)}/zones?${win(w)}`, { signal }),
  zoneVisits: (zoneId: string, w: TrackWindow, signal?: AbortSignal) =>
    request<ZoneVisitsReport>('GET', `/zones/${enc(zoneId)}/visits?${win(w)}`, { signal }),
  replay: (
    w: TrackWindow & { tags?: readonly string[]; kind?: TagKind; stepS?: number },
    signal?: AbortSignal,
  ) => {
    const q = new URLSearchParams({ from: w.from, to: w.to, step_s: String(w.stepS ?? 1) })
    if (w.tags?.length) q.set('tags', w.tags.join(','))
    if (w.kind) q.set('kind', w.kind)
    return request<ReplayFeed>('GET', `/replay?${q.toString()}`, { signal })
  },
}
export type TracksApi = typeof tracksApi

/** The CSV download link of one of a tag's reports (the track at full resolution). */
export function tagCsvUrl(tagId: string, report: TagCsvReport, w: TrackWindow): string {
  return `${apiBase}/tags/${enc(tagId)}/${report}?${win(w)}&format=csv`
}

/** The CSV download link of a zone's visits. */
export function zoneVisitsCsvUrl(zoneId: string, w: TrackWindow): string {
  return `${apiBase}/zones/${enc(zoneId)}/visits?${win(w)}&format=csv`
}
