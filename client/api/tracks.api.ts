import type { TagKind } from '../../server/contracts'
import type { ReplayFeed, TrackFeature, TripsReport } from '../../server/contracts/tracks'
import { request } from './http.client'

export interface TrackWindow {
  from: string
  to: string
}

const enc = encodeURIComponent

/** Trajectories: one tag's track and its trips/stops, and the columnar replay feed of many tags. */
export const tracksApi = {
  track: (tagId: string, w: TrackWindow & { simplify?: number }, signal?: AbortSignal) =>
    request<TrackFeature>(
      'GET',
      `/tags/${enc(tagId)}/track?from=${enc(w.from)}&to=${enc(w.to)}&simplify=${w.simplify ?? 0}`,
      { signal },
    ),
  trips: (tagId: string, w: TrackWindow, signal?: AbortSignal) =>
    request<TripsReport>('GET', `/tags/${enc(tagId)}/trips?from=${enc(w.from)}&to=${enc(w.to)}`, { signal }),
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
