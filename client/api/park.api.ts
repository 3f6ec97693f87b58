import type {
  AssetCollection,
  AssetDetail,
  AssetKind,
  EnterpriseCollection,
  LiveTag,
  ParkSummary,
  RoadCollection,
  ZoneCollection,
} from '../../server/contracts'
import { request } from './http.client'

export interface AssetFilter {
  kinds?: readonly AssetKind[]
  enterprise?: string
  /** west, south, east, north in degrees */
  bbox?: readonly [number, number, number, number]
}

export function assetQueryString(filter: AssetFilter = {}): string {
  const q = new URLSearchParams()
  if (filter.kinds?.length) q.set('kind', filter.kinds.join(','))
  if (filter.enterprise) q.set('enterprise', filter.enterprise)
  if (filter.bbox) q.set('bbox', filter.bbox.join(','))
  const s = q.toString()
  return s ? `?${s}` : ''
}

export const parkApi = {
  park: () => request<ParkSummary>('GET', '/park'),
  enterprises: () => request<EnterpriseCollection>('GET', '/enterprises'),
  assets: (filter?: AssetFilter) => request<AssetCollection>('GET', `/assets${assetQueryString(filter)}`),
  asset: (id: string, signal?: AbortSignal) =>
    request<AssetDetail>('GET', `/assets/${encodeURIComponent(id)}`, { signal }),
  roads: () => request<RoadCollection>('GET', '/roads'),
  zones: () => request<ZoneCollection>('GET', '/zones'),
  liveTags: () => request<LiveTag[]>('GET', '/tags/live'),
}
