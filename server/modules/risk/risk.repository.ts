import type { BandsBody, RiskBand, RiskPoint, UnitType } from '../../contracts/risk'
import type { Queryable } from '../../platform/db/db'
import { isoSql } from '../environment/sql'

// The only SQL of risk-graded control. Every function runs in the caller's transaction and scope (RLS decides
// what exists). D leaves as a number; instants as ISO-8601 UTC.

/** The latest assessment of every visible point (the current one). */
const currentSql = `SELECT DISTINCT ON (point_id) id, point_id, l::float8 AS l, e::float8 AS e, c::float8 AS c,
         d::float8 AS d, note, assessed_by, ${isoSql('assessed_at')} AS assessed_at
    FROM risk_assessments ORDER BY point_id, assessed_at DESC, id DESC`

export async function getBands(q: Queryable): Promise<RiskBand[]> {
  const r = await q.query<RiskBand>(
    `SELECT colour, d_above::float8 AS d_above, label, label_en, control_level, control_level_en, updated_by,
            ${isoSql('updated_at')} AS updated_at
       FROM risk_colour_bands ORDER BY d_above DESC`,
  )
  return r.rows
}

export async function updateBands(q: Queryable, bands: BandsBody['bands'], by: string): Promise<number> {
  let n = 0
  for (const b of bands) {
    const r = await q.query(
      `UPDATE risk_colour_bands SET d_above = $2, label = $3, label_en = $4, control_level = $5,
              control_level_en = $6, updated_by = $7, updated_at = now()
        WHERE colour = $1`,
      [b.colour, b.d_above, b.label, b.label_en, b.control_level, b.control_level_en, by],
    )
    n += r.rowCount ?? 0
  }
  return n
}

export interface UnitRow {
  id: string
  enterprise_id: string
  name: string
  name_en: string | null
  unit_type: UnitType
  responsible: string | null
  note: string | null
  asset_ids: string[]
  point_count: number
  max_d: number | null
}

export async function listUnits(
  q: Queryable,
  f: { enterprise?: string | undefined; id?: string },
): Promise<UnitRow[]> {
  const r = await q.query<UnitRow>(
    `WITH cur AS (${currentSql})
     SELECT u.id, u.enterprise_id, u.name, u.name_en, u.unit_type, u.responsible, u.note,
            coalesce((SELECT array_agg(l.asset_id ORDER BY l.asset_id) FROM risk_unit_assets l WHERE l.unit_id = u.id),
                     '{}') AS asset_ids,
            (SELECT count(*)::int FROM risk_points p WHERE p.unit_id = u.id) AS point_count,
            (SELECT max(cur.d) FROM risk_points p JOIN cur ON cur.point_id = p.id WHERE p.unit_id = u.id) AS max_d
       FROM risk_units u
      WHERE ($1::text IS NULL OR u.enterprise_id = $1) AND ($2::text IS NULL OR u.id = $2)
      ORDER BY u.enterprise_id, u.name, u.id
      LIMIT 2000`,
    [f.enterprise ?? null, f.id ?? null],
  )
  return r.rows
}

export async function insertUnit(
  q: Queryable,
  v: {
    id?: string
    enterprise_id: string
    name: string
    name_en: string | null
    unit_type: UnitType
    responsible: string | null
    note: string | null
  },
  by: string,
): Promise<string> {
  const r = await q.query<{ id: string }>(
    `INSERT INTO risk_units (id, enterprise_id, name, name_en, unit_type, responsible, note, created_by, updated_by)
     VALUES (coalesce($1, 'RU-' || substr(replace(gen_random_uuid()::text, '-', ''), 1, 12)), $2, $3, $4, $5, $6,
             $7, $8, $8)
     RETURNING id`,
    [v.id ?? null, v.enterprise_id, v.name, v.name_en, v.unit_type, v.responsible, v.note, by],
  )
  return r.rows[0]!.id
}

export async function linkUnitAssets(
  q: Queryable,
  unitId: string,
  enterpriseId: string,
  assetIds: readonly string[],
): Promise<void> {
  if (!assetIds.length) return
  await q.query(
    `INSERT INTO risk_unit_assets (unit_id, enterprise_id, asset_id)
     SELECT $1, $2, unnest($3::text[]) ON CONFLICT DO NOTHING`,
    [unitId, enterpriseId, assetIds],
  )
}

/** The assets among `ids` the caller can see, with their owner. */
export async function visibleAssets(
  q: Queryable,
  ids: readonly string[],
): Promise<{ id: string; enterprise_id: string | null }[]> {
  const r = await q.query<{ id: string; enterprise_id: string | null }>(
    'SELECT id, enterprise_id FROM assets WHERE id = ANY($1)',
    [ids],
  )
  return r.rows
}

/** A risk point as the API gives it, with its latest assessment's columns flattened (cur_*; null: none yet). */
export type PointRow = Omit<RiskPoint, 'current'> & {
  cur_id: string | null
  l: number | null
  e: number | null
  c: number | null
  d: number | null
  note: string | null
  assessed_by: string | null
  assessed_at: string | null
}

export async function listPoints(
  q: Queryable,
  f: { enterprise?: string | undefined; unit?: string | undefined; id?: string },
): Promise<PointRow[]> {
  const r = await q.query<PointRow>(
    `WITH cur AS (${currentSql})
     SELECT p.id, p.unit_id, u.name AS unit_name, p.enterprise_id, p.name, p.name_en, p.hazard, p.accident,
            p.measures, p.asset_id, ST_X(p.geom) AS lon, ST_Y(p.geom) AS lat, cur.id::text AS cur_id, cur.l, cur.e,
            cur.c, cur.d, cur.note, cur.assessed_by, cur.assessed_at
       FROM risk_points p JOIN risk_units u ON u.id = p.unit_id
       LEFT JOIN cur ON cur.point_id = p.id
      WHERE ($1::text IS NULL OR p.enterprise_id = $1) AND ($2::text IS NULL OR p.unit_id = $2)
        AND ($3::text IS NULL OR p.id = $3)
      ORDER BY cur.d DESC NULLS LAST, p.enterprise_id, p.name, p.id
      LIMIT 5000`,
    [f.enterprise ?? null, f.unit ?? null, f.id ?? null],
  )
  return r.rows
}

export interface AssessmentRow {
  id: string
  l: number
  e: number
  c: number
  d: number
  note: string | null
  assessed_by: string | null
  assessed_at: string
}

export async function pointHistory(q: Queryable, pointId: string): Promise<AssessmentRow[]> {
  const r = await q.query<AssessmentRow>(
    `SELECT id::text, l::float8 AS l, e::float8 AS e, c::float8 AS c, d::float8 AS d, note, assessed_by,
            ${isoSql('assessed_at')} AS assessed_at
       FROM risk_assessments WHERE point_id = $1 ORDER BY assessed_at DESC, id DESC LIMIT 200`,
    [pointId],
  )
  return r.rows
}

export async function insertPoint(
  q: Queryable,
  v: {
    id?: string
    unit_id: string
    enterprise_id: string
    name: string
    name_en: string | null
    hazard: string
    accident: string | null
    measures: string
    asset_id: string | null
    lon: number
    lat: number
  },
  by: string,
): Promise<string> {
  const r = await q.query<{ id: string }>(
    `INSERT INTO risk_points (id, unit_id, enterprise_id, name, name_en, hazard, accident, measures, asset_id, geom,
                              created_by, updated_by)
     VALUES (coalesce($1, 'RP-' || substr(replace(gen_random_uuid()::text, '-', ''), 1, 12)), $2, $3, $4, $5, $6, $7,
             $8, $9, ST_SetSRID(ST_MakePoint($10, $11), 4326), $12, $12)
     RETURNING id`,
    [
      v.id ?? null,
      v.unit_id,
      v.enterprise_id,
      v.name,
      v.name_en,
      v.hazard,
      v.accident,
      v.measures,
      v.asset_id,
      v.lon,
      v.lat,
      by,
    ],
  )
  return r.rows[0]!.id
}

export async function insertAssessment(
  q: Queryable,
  pointId: string,
  enterpriseId: string,
  a: { l: number; e: number; c: number; note: string | null },
  by: string,
  at: string | null = null,
): Promise<string> {
  const r = await q.query<{ id: string }>(
    `INSERT INTO risk_assessments (point_id, enterprise_id, l, e, c, note, assessed_by, assessed_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, coalesce($8::timestamptz, now())) RETURNING id::text`,
    [pointId, enterpriseId, a.l, a.e, a.c, a.note, by, at],
  )
  return r.rows[0]!.id
}

/** Whether a point lies within `metres` of the park boundary (points belong on the park's ground). */
export async function nearPark(q: Queryable, lon: number, lat: number, metres: number): Promise<boolean> {
  const r = await q.query<{ ok: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM parks
                     WHERE ST_DWithin(geom::geography, ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography, $3)) AS ok`,
    [lon, lat, metres],
  )
  return r.rows[0]!.ok
}

/** Visible enterprises with their points' current D (the parcels of the four-colour map). */
export async function enterpriseDs(
  q: Queryable,
  enterprise: string | null,
): Promise<{ enterprise_id: string; ds: (number | null)[] }[]> {
  const r = await q.query<{ enterprise_id: string; ds: (number | null)[] }>(
    `WITH cur AS (${currentSql})
     SELECT e.id AS enterprise_id,
            coalesce(array_agg(cur.d::float8) FILTER (WHERE p.id IS NOT NULL), '{}') AS ds
       FROM enterprises e
       LEFT JOIN risk_points p ON p.enterprise_id = e.id
       LEFT JOIN cur ON cur.point_id = p.id
      WHERE ($1::text IS NULL OR e.id = $1)
      GROUP BY e.id ORDER BY e.id`,
    [enterprise],
  )
  return r.rows
}

/** Exterior rings of the polygon assets of each unit (tank farm dikes, building footprints). */
export async function unitOutlines(
  q: Queryable,
  enterprise: string | null,
): Promise<Map<string, [number, number][][]>> {
  const r = await q.query<{ unit_id: string; ring: { coordinates: [number, number][] } }>(
    `SELECT l.unit_id, ST_AsGeoJSON(ST_ExteriorRing(d.geom), 7)::json AS ring
       FROM risk_unit_assets l JOIN assets a ON a.id = l.asset_id
       CROSS JOIN LATERAL ST_Dump(a.geom) d
      WHERE GeometryType(d.geom) = 'POLYGON' AND ($1::text IS NULL OR l.enterprise_id = $1)
      ORDER BY l.unit_id, a.id`,
    [enterprise],
  )
  const out = new Map<string, [number, number][][]>()
  for (const row of r.rows) {
    const list = out.get(row.unit_id) ?? []
    list.push(row.ring.coordinates)
    out.set(row.unit_id, list)
  }
  return out
}
