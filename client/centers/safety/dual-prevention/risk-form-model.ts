import type { AssetFeature } from '../../../../server/contracts/park'
import type { NewPointBody, NewUnitBody, UnitType } from '../../../../server/contracts/risk'
import { anchorOf } from '../../../twin/geo/polygon-math'

// Pure rules of the 双重预防 create forms: the assets a risk unit may hold (the enterprise's own facilities), the
// position a risk point takes from an asset, and the typed values as request bodies (or the first problem, named
// as the server names its fields, so that it shows next to the same input).

export type FormResult<T> = { ok: true; body: T } | { ok: false; field: string; message: string }

/** Facilities a risk unit can be made of (no cameras, detectors, hydrants…). */
const unitAssetKinds = new Set(['tank_farm', 'tank', 'building', 'parking', 'depot'])

export interface AssetChoice {
  id: string
  kind: string
  name: string
  name_en: string | null
}

/** The enterprise's facilities a unit may hold: tank farms first, then tanks, buildings…, by id. */
export function unitAssetChoices(assets: readonly AssetFeature[], enterpriseId: string): AssetChoice[] {
  const order = ['tank_farm', 'tank', 'building', 'depot', 'parking']
  return assets
    .filter((a) => a.properties.enterprise_id === enterpriseId && unitAssetKinds.has(a.properties.kind))
    .map((a) => ({
      id: String(a.id),
      kind: a.properties.kind,
      name: a.properties.name,
      name_en: a.properties.name_en,
    }))
    .sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind) || a.id.localeCompare(b.id))
}

/** The [lon, lat] a point takes from an asset (point, polygon centroid), to 6 decimals; null: unknown asset. */
export function assetPosition(asset: Pick<AssetFeature, 'geometry'> | undefined): [number, number] | null {
  if (!asset?.geometry) return null
  const [lon, lat] = anchorOf(asset.geometry)
  if (!Number.isFinite(lon) || !Number.isFinite(lat)) return null
  return [Number(lon.toFixed(6)), Number(lat.toFixed(6))]
}

const opt = (v: string) => (v.trim() ? v.trim() : null)

export interface UnitValues {
  enterprise_id: string
  name: string
  name_en: string
  unit_type: string
  responsible: string
  note: string
  asset_ids: readonly string[]
}

/** A new risk unit; an enterprise account's own enterprise is implied (the server refuses another). */
export function unitBody(v: UnitValues, ownEnterprise: string | null): FormResult<NewUnitBody> {
  if (!ownEnterprise && !v.enterprise_id.trim())
    return { ok: false, field: 'enterprise_id', message: '请选择企业 / pick the enterprise' }
  return {
    ok: true,
    body: {
      ...(ownEnterprise ? {} : { enterprise_id: v.enterprise_id.trim() }),
      name: v.name.trim(),
      name_en: opt(v.name_en),
      unit_type: v.unit_type as UnitType,
      responsible: opt(v.responsible),
      note: opt(v.note),
      asset_ids: [...v.asset_ids],
    },
  }
}

export interface PointValues {
  unit_id: string
  name: string
  name_en: string
  hazard: string
  accident: string
  measures: string
  asset_id: string
  lon: string
  lat: string
}

/** A coordinate as typed: a finite number (its range and whether it lies on the park are the server's). */
function coordinate(text: string, field: 'lon' | 'lat'): FormResult<number> {
  const n = Number(text.trim())
  if (text.trim() === '' || !Number.isFinite(n))
    return { ok: false, field, message: '请输入数字 / a number, please' }
  return { ok: true, body: n }
}

/** A new risk point: its unit, texts, optional asset and position. */
export function pointBody(v: PointValues): FormResult<Omit<NewPointBody, 'measures'> & { measures: string }> {
  if (!v.unit_id) return { ok: false, field: 'unit_id', message: '请选择风险单元 / pick the risk unit' }
  const lon = coordinate(v.lon, 'lon')
  if (!lon.ok) return lon
  const lat = coordinate(v.lat, 'lat')
  if (!lat.ok) return lat
  return {
    ok: true,
    body: {
      unit_id: v.unit_id,
      name: v.name.trim(),
      name_en: opt(v.name_en),
      hazard: v.hazard.trim(),
      accident: opt(v.accident),
      measures: v.measures.trim(),
      asset_id: v.asset_id || null,
      lon: lon.body,
      lat: lat.body,
    },
  }
}
