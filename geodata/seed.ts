import type { Feature, Geometry } from '../server/contracts/geo'
import type { Queryable } from '../server/platform/db/db'
import type { ParkData } from './types'

interface AssetRow {
  id: string
  kind: string
  enterprise_id: string | null
  name: string
  name_en: string | null
  geometry: Geometry
  height_m: number | null
  props: Record<string, unknown>
}

// Rows travel as one JSON parameter per table and are unpacked by PostgreSQL: a few round trips
// for the whole park instead of one per feature.
async function insertJson(q: Queryable, sql: string, rows: unknown[]): Promise<void> {
  if (rows.length) await q.query(sql, [JSON.stringify(rows)])
}

function assetRows<P extends { name: string; name_en?: string; enterprise_id?: string }>(
  kind: string,
  features: Feature<Geometry, P>[],
  height: (p: P) => number | null = () => null,
): AssetRow[] {
  return features.map((f) => {
    const { name, name_en, enterprise_id, ...rest } = f.properties
    return {
      id: f.id,
      kind,
      enterprise_id: enterprise_id ?? null,
      name,
      name_en: name_en ?? null,
      geometry: f.geometry,
      height_m: height(f.properties),
      props: rest,
    }
  })
}

/** Loads the demo park into an empty database (owner connection, one transaction by the caller). */
export async function seedPark(q: Queryable, park: ParkData): Promise<void> {
  const geom = `ST_SetSRID(ST_GeomFromGeoJSON(r->>'geometry'), 4326)`
  await q.query(
    `INSERT INTO parks (id, name, name_en, geom) VALUES ('park', $1, $2, ST_SetSRID(ST_GeomFromGeoJSON($3), 4326))`,
    [park.boundary.properties.name, park.boundary.properties.name_en, JSON.stringify(park.boundary.geometry)],
  )
  await insertJson(
    q,
    `INSERT INTO enterprises (id, name, name_en, industry, industry_en, risk, credit_code, processes, geom)
     SELECT r->>'id', r->>'name', r->>'name_en', r->>'industry', r->>'industry_en', r->>'risk', r->>'credit_code',
            ARRAY(SELECT json_array_elements_text(r->'processes')), ${geom}
       FROM json_array_elements($1::json) r`,
    park.enterprises.features.map((f) => ({ id: f.id, ...f.properties, geometry: f.geometry })),
  )
  await insertJson(
    q,
    `INSERT INTO road_nodes (id, name, geom) SELECT r->>'id', r->>'name', ${geom} FROM json_array_elements($1::json) r`,
    park.roadNodes.features.map((f) => ({ id: f.id, name: f.properties.name ?? null, geometry: f.geometry })),
  )
  await insertJson(
    q,
    `INSERT INTO roads (id, from_node, to_node, name, name_en, width_m, speed_limit_kmh, road_class, geom)
     SELECT r->>'id', r->>'from_node', r->>'to_node', r->>'name', r->>'name_en', (r->>'width_m')::float8,
            (r->>'speed_limit_kmh')::float8, r->>'road_class', ${geom}
       FROM json_array_elements($1::json) r`,
    park.roads.features.map((f) => ({ id: f.id, ...f.properties, geometry: f.geometry })),
  )
  const assets: AssetRow[] = [
    ...assetRows('building', park.buildings.features, (p) => p.height_m),
    ...assetRows('tank_farm', park.tankFarms.features, (p) => p.dike_height_m),
    ...assetRows('tank', park.tanks.features, (p) =>
      p.tank_type === 'horizontal' ? p.diameter_m : p.height_m,
    ),
    ...assetRows('gate', park.gates.features),
    ...assetRows('parking', park.parking.features),
    ...assetRows('muster_point', park.musterPoints.features),
    ...park.facilities.features.flatMap((f) => assetRows(f.properties.kind, [f])),
    ...park.sensors.features.flatMap((f) => assetRows(f.properties.kind, [f])),
  ]
  await insertJson(
    q,
    `INSERT INTO assets (id, kind, enterprise_id, name, name_en, geom, height_m, props)
     SELECT r->>'id', r->>'kind', r->>'enterprise_id', r->>'name', r->>'name_en', ${geom},
            (r->>'height_m')::float8, (r->'props')::jsonb
       FROM json_array_elements($1::json) r`,
    assets,
  )
  await insertJson(
    q,
    `INSERT INTO zones (id, name, name_en, zone_type, enterprise_id, props, geom)
     SELECT r->>'id', r->>'name', r->>'name_en', r->>'zone_type', r->>'enterprise_id', (r->'props')::jsonb, ${geom}
       FROM json_array_elements($1::json) r`,
    park.zones.features.map((f) => {
      const { name, name_en, zone_type, enterprise_id, ...props } = f.properties
      return {
        id: f.id,
        name,
        name_en,
        zone_type,
        enterprise_id: enterprise_id ?? null,
        props,
        geometry: f.geometry,
      }
    }),
  )
  // the sensor registry: one channel per seeded device; the device is the asset row of the same id
  await insertJson(
    q,
    `INSERT INTO sensors (id, device_id, asset_id, enterprise_id, kind, name, name_en, measure, unit, mn, geom)
     SELECT r->>'id', r->>'id', r->>'asset_id', r->>'enterprise_id', r->>'kind', r->>'name', r->>'name_en',
            r->>'measure', r->>'unit', r->>'mn', ${geom}
       FROM json_array_elements($1::json) r`,
    park.sensors.features.map((f) => ({
      id: f.id,
      ...f.properties,
      mn: f.properties.mn ?? null,
      geometry: f.geometry,
    })),
  )
}

export async function isSeeded(q: Queryable): Promise<boolean> {
  const r = await q.query('SELECT EXISTS (SELECT 1 FROM parks) AS seeded')
  return Boolean(r.rows[0].seeded)
}
