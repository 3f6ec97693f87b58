import type { Queryable } from '../../platform/db/db'

// Feature collections are assembled by PostGIS (json_agg) — one round trip, no per-row mapping.
const fc = (feature: string, from: string) => `
  SELECT json_build_object('type', 'FeatureCollection', 'features',
         coalesce(json_agg(${feature} ORDER BY id), '[]'::json)) AS fc
    FROM ${from}`

const feature = (props: string) =>
  `json_build_object('type', 'Feature', 'id', id, 'geometry', ST_AsGeoJSON(geom, 7)::json, 'properties', json_build_object(${props}))`

export async function enterpriseCollection(q: Queryable) {
  const r = await q.query(
    fc(
      feature(`'name', name, 'name_en', name_en, 'industry', industry, 'industry_en', industry_en, 'risk', risk,
               'credit_code', credit_code, 'processes', processes`),
      'enterprises',
    ),
  )
  return r.rows[0].fc
}

export async function roadCollection(q: Queryable) {
  const r = await q.query(
    fc(
      feature(`'name', name, 'name_en', name_en, 'from_node', from_node, 'to_node', to_node, 'width_m', width_m,
               'speed_limit_kmh', speed_limit_kmh, 'road_class', road_class`),
      'roads',
    ),
  )
  return r.rows[0].fc
}

export async function zoneCollection(q: Queryable) {
  const r = await q.query(
    fc(
      feature(`'name', name, 'name_en', name_en, 'zone_type', zone_type, 'props', props`),
      'zones WHERE active',
    ),
  )
  return r.rows[0].fc
}

export async function parkRow(q: Queryable) {
  const r = await q.query(`
    SELECT id, name, name_en, ST_AsGeoJSON(geom, 7)::json AS geometry,
           ST_AsGeoJSON(ST_PointOnSurface(geom), 7)::json AS center,
           ST_Area(geom::geography) / 1e6 AS area_km2
      FROM parks ORDER BY id LIMIT 1`)
  return r.rows[0] ?? null
}

export async function parkFigures(q: Queryable) {
  const r = await q.query(`
    SELECT (SELECT count(*) FROM enterprises)::int AS enterprise_count,
           (SELECT count(*) FROM assets WHERE kind = 'building')::int AS building_count,
           (SELECT count(*) FROM assets WHERE kind = 'tank')::int AS tank_count,
           (SELECT coalesce(sum((props->>'inventory_t')::numeric), 0) FROM assets WHERE kind = 'tank')::float8 AS total_inventory_t,
           (SELECT count(*) FROM tags)::int AS tag_count,
           (SELECT coalesce(json_object_agg(risk, n), '{}'::json)
              FROM (SELECT risk, count(*)::int AS n FROM enterprises GROUP BY risk) x) AS enterprises_by_risk,
           (SELECT coalesce(json_agg(c ORDER BY c.inventory_t DESC), '[]'::json) FROM (
              SELECT props->>'chemical' AS chemical, max(props->>'chemical_en') AS chemical_en,
                     count(*)::int AS tanks, round(sum((props->>'inventory_t')::numeric), 1)::float8 AS inventory_t
                FROM assets WHERE kind = 'tank' GROUP BY props->>'chemical') c) AS inventory_by_chemical`)
  return r.rows[0]
}
