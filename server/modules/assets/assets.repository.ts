import type { AssetDetail, AssetQuery } from '../../contracts'
import type { Queryable } from '../../platform/db/db'

const assetFeature = `json_build_object('type', 'Feature', 'id', a.id, 'geometry', ST_AsGeoJSON(a.geom, 7)::json,
  'properties', json_build_object('kind', a.kind, 'name', a.name, 'name_en', a.name_en,
    'enterprise_id', a.enterprise_id, 'height_m', a.height_m, 'props', a.props))`

export async function listAssets(q: Queryable, f: AssetQuery) {
  const where: string[] = []
  const params: unknown[] = []
  if (f.kind?.length) {
    params.push(f.kind)
    where.push(`a.kind = ANY($${params.length})`)
  }
  if (f.enterprise) {
    params.push(f.enterprise)
    where.push(`a.enterprise_id = $${params.length}`)
  }
  if (f.bbox) {
    params.push(...f.bbox)
    const n = params.length
    where.push(`a.geom && ST_MakeEnvelope($${n - 3}, $${n - 2}, $${n - 1}, $${n}, 4326)`)
  }
  const r = await q.query(
    `SELECT json_build_object('type', 'FeatureCollection', 'features',
            coalesce(json_agg(${assetFeature} ORDER BY a.id), '[]'::json)) AS fc
       FROM assets a ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`,
    params,
  )
  return r.rows[0].fc
}

export async function assetDetail(q: Queryable, id: string): Promise<AssetDetail | null> {
  const r = await q.query(
    `SELECT ${assetFeature} AS asset,
            (SELECT json_build_object('id', e.id, 'name', e.name, 'name_en', e.name_en, 'industry', e.industry, 'risk', e.risk)
               FROM enterprises e WHERE e.id = a.enterprise_id) AS enterprise,
            (SELECT coalesce(json_agg(json_build_object('id', s.id, 'kind', s.kind, 'name', s.name, 'unit', s.unit,
                     'props', s.props || jsonb_build_object('measure', s.measure, 'mn', s.mn)) ORDER BY s.id), '[]'::json)
               FROM sensors s WHERE s.asset_id = a.id OR s.device_id = a.id) AS sensors,
            (SELECT coalesce(json_agg(json_build_object('id', z.id, 'name', z.name, 'name_en', z.name_en,
                     'zone_type', z.zone_type) ORDER BY z.id), '[]'::json)
               FROM zones z WHERE z.active AND ST_Intersects(z.geom, a.geom)) AS zones
       FROM assets a WHERE a.id = $1`,
    [id],
  )
  return (r.rows[0] as AssetDetail | undefined) ?? null
}
