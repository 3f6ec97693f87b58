import type {
  AssetCollection,
  AssetFeature,
  AssetKind,
  EnterpriseCollection,
  ParkSummary,
  RoadCollection,
  ZoneCollection,
} from '../../server/contracts'
import type { parkApi } from '../api/park.api'

export type EnterpriseFeature = EnterpriseCollection['features'][number]

/** Everything static the twin and the centers draw, fetched once after sign-in. */
export interface ParkData {
  park: ParkSummary
  enterprises: EnterpriseCollection
  assets: AssetCollection
  roads: RoadCollection
  zones: ZoneCollection
  assetById: ReadonlyMap<string, AssetFeature>
  enterpriseById: ReadonlyMap<string, EnterpriseFeature>
}

export async function loadParkData(api: typeof parkApi): Promise<ParkData> {
  const [park, enterprises, assets, roads, zones] = await Promise.all([
    api.park(),
    api.enterprises(),
    api.assets(),
    api.roads(),
    api.zones(),
  ])
  return indexParkData({ park, enterprises, assets, roads, zones })
}

export function indexParkData(raw: Omit<ParkData, 'assetById' | 'enterpriseById'>): ParkData {
  return {
    ...raw,
    assetById: new Map(raw.assets.features.map((f) => [f.id, f])),
    enterpriseById: new Map(raw.enterprises.features.map((f) => [f.id, f])),
  }
}

export function assetsOfKind(data: ParkData, ...kinds: AssetKind[]): AssetFeature[] {
  return data.assets.features.filter((f) => kinds.includes(f.properties.kind))
}

/** Reads a typed field from an asset's kind-specific `props`. */
export function prop<T extends string | number | string[]>(
  feature: AssetFeature,
  key: string,
  type: 'string' | 'number' | 'array',
): T | undefined {
  const value = feature.properties.props[key]
  if (type === 'array') return (Array.isArray(value) ? value : undefined) as T | undefined
  return (typeof value === type ? value : undefined) as T | undefined
}
