import {
  permitSettingsDefaults,
  type CalendarDay,
  type GasAnalysis,
  type GasCriterion,
  type LocationFact,
  type NewFilingBody,
  type PermitEvent,
  type PermitQuery,
  type PermitSettings,
  type PermitStatus,
  type SpotCheck,
  type WorkFiling,
  type WorkPermit,
  type WorkType,
} from '../../contracts/permits'
import type { Queryable } from '../../platform/db/db'
import { isoSql } from '../environment/sql'

// The only SQL of special work. Every function runs in the caller's transaction and scope (RLS decides what
// exists). Instants leave as ISO-8601 UTC text.

/**
 * Critical quantities (GB 18218-2018, t) of the park's stored substances and whether they are flammable: a tank
 * farm whose Σ q/Q ≥ 1 with a flammable content is a major-hazard flammable tank farm (特级 hot work inside its
 * dike). Substances not listed here do not count.
 */
export const criticalQuantities: { cas: string; q: number; flammable: boolean }[] = [
  { cas: '86290-81-5', q: 200, flammable: true }, // gasoline
  { cas: '68476-85-7', q: 50, flammable: true }, // LPG
  { cas: '71-43-2', q: 50, flammable: true }, // benzene
  { cas: '108-88-3', q: 500, flammable: true }, // toluene
  { cas: '67-56-1', q: 500, flammable: true }, // methanol
  { cas: '64-17-5', q: 500, flammable: true }, // ethanol
  { cas: '67-64-1', q: 500, flammable: true }, // acetone
  { cas: '141-78-6', q: 500, flammable: true }, // ethyl acetate
  { cas: '106-99-0', q: 5, flammable: true }, // 1,3-butadiene
  { cas: '75-21-8', q: 10, flammable: true }, // ethylene oxide
  { cas: '75-01-4', q: 50, flammable: true }, // vinyl chloride
  { cas: '7664-41-7', q: 10, flammable: false }, // ammonia
  { cas: '7782-50-5', q: 5, flammable: false }, // chlorine
]

/** Park settings over the defaults (keys the park never set keep the standard's values). */
export async function loadSettings(q: Queryable): Promise<PermitSettings> {
  const r = await q.query<{ settings: Partial<PermitSettings> }>(
    `SELECT settings FROM work_permit_settings WHERE id = 'park'`,
  )
  const s = r.rows[0]?.settings ?? {}
  return {
    ...permitSettingsDefaults,
    ...s,
    flammable: { ...permitSettingsDefaults.flammable, ...s.flammable },
    oxygen: { ...permitSettingsDefaults.oxygen, ...s.oxygen },
    hot_work_max_hours: { ...permitSettingsDefaults.hot_work_max_hours, ...s.hot_work_max_hours },
  }
}

export async function saveSettings(q: Queryable, patch: object, by: string): Promise<void> {
  await q.query(
    `UPDATE work_permit_settings SET settings = settings || $1::jsonb, updated_by = $2, updated_at = now()
      WHERE id = 'park'`,
    [JSON.stringify(patch), by],
  )
}

/** The work calendar entries between two park days (inclusive). */
export async function loadCalendar(
  q: Queryable,
  from: string,
  to: string,
): Promise<Map<string, CalendarDay>> {
  const r = await q.query<CalendarDay>(
    `SELECT day::text AS day, kind, name FROM work_calendar WHERE day BETWEEN $1::date AND $2::date`,
    [from, to],
  )
  return new Map(r.rows.map((c) => [c.day, c]))
}

export interface PlaceFacts {
  /** the enterprise exists (for the caller) */
  enterprise: boolean
  /** the point lies inside the enterprise's parcel */
  inside: boolean
  /** facts the park's geometry shows: inside a process unit, inside a major-hazard flammable tank farm's dike */
  derived: LocationFact[]
  /** the tank farm the point lies in, if any */
  farm: { id: string; name: string; s: number; flammable: boolean } | null
}

/** Where a point lies: in the enterprise's parcel (PostGIS), in a process unit, in a tank farm's dike. */
export async function placeFacts(
  q: Queryable,
  enterpriseId: string,
  lon: number,
  lat: number,
): Promise<PlaceFacts> {
  const r = await q.query<{
    enterprise: boolean
    inside: boolean
    in_process: boolean
    farm: PlaceFacts['farm']
  }>(
    `WITH pt AS (SELECT ST_SetSRID(ST_MakePoint($2, $3), 4326) AS g),
     farm AS (
       SELECT f.id, f.name,
              coalesce(sum((t.props->>'inventory_t')::float8 / c.q), 0)::float8 AS s,
              coalesce(bool_or(c.flammable), false) AS flammable
         FROM assets f JOIN pt ON ST_Covers(f.geom, pt.g)
         LEFT JOIN assets t ON t.kind = 'tank' AND t.props->>'farm_id' = f.id
         LEFT JOIN jsonb_to_recordset($4::jsonb) AS c (cas text, q float8, flammable boolean) ON c.cas = t.props->>'cas'
        WHERE f.kind = 'tank_farm' AND f.enterprise_id = $1
        GROUP BY f.id, f.name)
     SELECT EXISTS (SELECT 1 FROM enterprises WHERE id = $1) AS enterprise,
            coalesce((SELECT ST_Covers(e.geom, pt.g) FROM enterprises e, pt WHERE e.id = $1), false) AS inside,
            EXISTS (SELECT 1 FROM assets b, pt WHERE b.kind = 'building' AND b.enterprise_id = $1
                      AND b.props->>'use' = 'process' AND ST_Covers(b.geom, pt.g)) AS in_process,
            (SELECT row_to_json(farm) FROM farm ORDER BY s DESC LIMIT 1) AS farm`,
    [enterpriseId, lon, lat, JSON.stringify(criticalQuantities)],
  )
  const row = r.rows[0]!
  const derived: LocationFact[] = []
  if (row.in_process || row.farm?.flammable) derived.push('fire_explosion_area')
  if (row.farm && row.farm.flammable && row.farm.s >= 1) derived.push('flammable_major_hazard_dike')
  return { enterprise: row.enterprise, inside: row.inside, derived, farm: row.farm }
}

const permitCols = `p.id, p.number, p.enterprise_id, e.name AS enterprise_name, p.work_type, p.status, p.grade,
  p.grade_reasons, p.facts, p.height_m, p.method, p.content, p.place, ST_AsGeoJSON(p.geom)::json AS position,
  ${isoSql('p.window_from')} AS window_from, ${isoSql('p.window_to')} AS window_to, p.applicant_unit, p.applicant,
  p.responsible, p.workers, p.guardian, p.filing_id, ${isoSql('p.started_at')} AS started_at,
  ${isoSql('p.completed_at')} AS completed_at, ${isoSql('p.created_at')} AS created_at,
  ${isoSql('p.updated_at')} AS updated_at,
  array_remove(ARRAY[
    CASE WHEN p.status = 'in_work' AND (f.id IS NULL OR f.status <> 'filed') THEN 'permit_not_filed' END,
    CASE WHEN p.status IN ('approved', 'in_work') AND p.window_to < $1::timestamptz THEN 'expired_open' END
  ], NULL) AS flags`
const permitFrom = `work_permits p LEFT JOIN enterprises e ON e.id = p.enterprise_id
  LEFT JOIN work_filings f ON f.id = p.filing_id`

export async function listPermits(q: Queryable, f: PermitQuery, now: Date): Promise<WorkPermit[]> {
  const r = await q.query<WorkPermit>(
    `SELECT ${permitCols} FROM ${permitFrom}
      WHERE ($2::text IS NULL OR p.status = $2)
        AND ($3::text IS NULL OR p.work_type = $3)
        AND ($4::text IS NULL OR p.enterprise_id = $4)
        AND (NOT $5 OR p.status IN ('approved', 'in_work'))
      ORDER BY (p.status = 'in_work') DESC, (p.status = 'approved') DESC, p.window_from DESC, p.id
      LIMIT 1000`,
    [now, f.status ?? null, f.type ?? null, f.enterprise ?? null, f.active === true],
  )
  return r.rows
}

export type PermitRow = WorkPermit & {
  hazards: string
  safety_measures: { measure: string; confirmed_by: string }[]
  linked_permits: string[]
  oxygen_enriched: boolean
  extended_analysis_reason: string | null
  signatures: { level: string; name: string; at: string; by: string }[]
  shift_check: { name: string; at: string } | null
  acceptance: { name: string; at: string; note: string | null } | null
  cancel_reason: string | null
}

export async function findPermit(
  q: Queryable,
  id: string,
  now: Date,
  lock = false,
): Promise<PermitRow | null> {
  const r = await q.query<PermitRow>(
    `SELECT ${permitCols}, p.hazards, p.safety_measures, p.linked_permits, p.oxygen_enriched,
            p.extended_analysis_reason, p.signatures, p.shift_check, p.acceptance, p.cancel_reason
       FROM ${permitFrom} WHERE p.id = $2${lock ? ' FOR UPDATE OF p' : ''}`,
    [now, id],
  )
  return r.rows[0] ?? null
}

export async function permitAnalyses(q: Queryable, id: string, ageAt: Date): Promise<GasAnalysis[]> {
  const r = await q.query<GasAnalysis>(
    `SELECT id::text, ${isoSql('taken_at')} AS taken_at, point, substance, measure, value, unit, lel_pct,
            limit_value, passed, criterion, analyst,
            round((extract(epoch FROM ($2::timestamptz - taken_at)) / 60)::numeric, 1)::float8 AS age_min
       FROM work_permit_gas_analyses WHERE permit_id = $1 ORDER BY taken_at DESC, id DESC LIMIT 200`,
    [id, ageAt],
  )
  return r.rows
}

export async function permitEvents(q: Queryable, id: string): Promise<PermitEvent[]> {
  const r = await q.query<PermitEvent>(
    `SELECT id::text, ${isoSql('at')} AS at, kind, by_user, detail FROM work_permit_events
      WHERE permit_id = $1 ORDER BY at, id LIMIT 500`,
    [id],
  )
  return r.rows
}

export interface PermitValues {
  number: string
  enterprise_id: string
  work_type: WorkType
  status: PermitStatus
  grade: string | null
  grade_reasons: unknown[]
  facts: Record<string, unknown>
  height_m: number | null
  method: string | null
  content: string
  place: string
  lon: number
  lat: number
  window_from: string
  window_to: string
  applicant_unit: string
  applicant: string
  responsible: string
  workers: string[]
  guardian: string
  hazards: string
  safety_measures: unknown[]
  linked_permits: string[]
  oxygen_enriched: boolean
  extended_analysis_reason: string | null
  filing_id: string | null
}

export async function insertPermit(
  q: Queryable,
  v: PermitValues & { id?: string },
  by: string,
): Promise<string> {
  const r = await q.query<{ id: string }>(
    `INSERT INTO work_permits (id, number, enterprise_id, work_type, status, grade, grade_reasons, facts, height_m,
                               method, content, place, geom, window_from, window_to, applicant_unit, applicant,
                               responsible, workers, guardian, hazards, safety_measures, linked_permits,
                               oxygen_enriched, extended_analysis_reason, filing_id, created_by)
     VALUES (coalesce($1, 'WP-' || substr(replace(gen_random_uuid()::text, '-', ''), 1, 12)), $2, $3, $4, $5, $6,
             $7, $8, $9, $10, $11, $12, ST_SetSRID(ST_MakePoint($13, $14), 4326), $15, $16, $17, $18, $19, $20,
             $21, $22, $23, $24, $25, $26, $27, $28)
     RETURNING id`,
    [
      v.id ?? null,
      v.number,
      v.enterprise_id,
      v.work_type,
      v.status,
      v.grade,
      JSON.stringify(v.grade_reasons),
      JSON.stringify(v.facts),
      v.height_m,
      v.method,
      v.content,
      v.place,
      v.lon,
      v.lat,
      v.window_from,
      v.window_to,
      v.applicant_unit,
      v.applicant,
      v.responsible,
      v.workers,
      v.guardian,
      v.hazards,
      JSON.stringify(v.safety_measures),
      v.linked_permits,
      v.oxygen_enriched,
      v.extended_analysis_reason,
      v.filing_id,
      by,
    ],
  )
  return r.rows[0]!.id
}

/** The next free number of the day: <enterprise>-<type code>-<yyyymmdd>-<nnn>. */
export async function nextNumber(q: Queryable, prefix: string): Promise<string> {
  const r = await q.query<{ n: number }>(
    `SELECT coalesce(max(substring(number FROM '-(\\d+)$')::int), 0) + 1 AS n FROM work_permits
      WHERE starts_with(number, $1)`,
    [prefix],
  )
  return `${prefix}${String(r.rows[0]!.n).padStart(3, '0')}`
}

/** The status change and the columns that go with it. */
export async function updatePermit(
  q: Queryable,
  id: string,
  set: {
    status?: PermitStatus
    signatures?: unknown[]
    started_at?: string
    completed_at?: string
    cancelled_at?: string
    cancel_reason?: string
    shift_check?: object
    acceptance?: object
  },
): Promise<void> {
  await q.query(
    `UPDATE work_permits SET status = coalesce($2, status), signatures = coalesce($3::jsonb, signatures),
            started_at = coalesce($4::timestamptz, started_at), completed_at = coalesce($5::timestamptz, completed_at),
            cancelled_at = coalesce($6::timestamptz, cancelled_at), cancel_reason = coalesce($7, cancel_reason),
            shift_check = coalesce($8::jsonb, shift_check), acceptance = coalesce($9::jsonb, acceptance),
            updated_at = now()
      WHERE id = $1`,
    [
      id,
      set.status ?? null,
      set.signatures ? JSON.stringify(set.signatures) : null,
      set.started_at ?? null,
      set.completed_at ?? null,
      set.cancelled_at ?? null,
      set.cancel_reason ?? null,
      set.shift_check ? JSON.stringify(set.shift_check) : null,
      set.acceptance ? JSON.stringify(set.acceptance) : null,
    ],
  )
}

export async function insertEvent(
  q: Queryable,
  e: {
    permit_id: string
    enterprise_id: string
    kind: string
    by: string | null
    ref?: string
    detail?: object
    at?: string
  },
): Promise<boolean> {
  const r = await q.query(
    `INSERT INTO work_permit_events (permit_id, enterprise_id, at, kind, by_user, ref, detail)
     VALUES ($1, $2, coalesce($3::timestamptz, now()), $4, $5, $6, $7)
     ON CONFLICT (permit_id, kind, ref) WHERE ref IS NOT NULL DO NOTHING`,
    [e.permit_id, e.enterprise_id, e.at ?? null, e.kind, e.by, e.ref ?? null, JSON.stringify(e.detail ?? {})],
  )
  return (r.rowCount ?? 0) > 0
}

export async function insertAnalysis(
  q: Queryable,
  a: {
    permit_id: string
    enterprise_id: string
    taken_at: string
    point: string
    substance: string
    measure: string
    value: number
    unit: string
    lel_pct: number | null
    limit_value: number | null
    passed: boolean
    criterion: GasCriterion
    analyst: string
  },
  by: string,
): Promise<string> {
  const r = await q.query<{ id: string }>(
    `INSERT INTO work_permit_gas_analyses (permit_id, enterprise_id, taken_at, point, substance, measure, value, unit,
                                           lel_pct, limit_value, passed, criterion, analyst, recorded_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id::text`,
    [
      a.permit_id,
      a.enterprise_id,
      a.taken_at,
      a.point,
      a.substance,
      a.measure,
      a.value,
      a.unit,
      a.lel_pct,
      a.limit_value,
      a.passed,
      JSON.stringify(a.criterion),
      a.analyst,
      by,
    ],
  )
  return r.rows[0]!.id
}

/** Analyses of a permit as the start check reads them. */
export async function analysesForStart(
  q: Queryable,
  id: string,
): Promise<{ taken_at: number; point: string; passed: boolean }[]> {
  const r = await q.query<{ ms: string; point: string; passed: boolean }>(
    `SELECT (extract(epoch FROM taken_at) * 1000)::bigint::text AS ms, point, passed
       FROM work_permit_gas_analyses WHERE permit_id = $1`,
    [id],
  )
  return r.rows.map((x) => ({ taken_at: Number(x.ms), point: x.point, passed: x.passed }))
}

const filingCols = `w.id, w.enterprise_id, e.name AS enterprise_name, w.work_type, w.place,
  CASE WHEN w.geom IS NULL THEN NULL ELSE ST_AsGeoJSON(w.geom)::json END AS position,
  ${isoSql('w.window_from')} AS window_from, ${isoSql('w.window_to')} AS window_to, w.contact, w.note, w.status,
  w.filed_by, ${isoSql('w.filed_at')} AS filed_at,
  ARRAY(SELECT p.id FROM work_permits p WHERE p.filing_id = w.id AND p.status <> 'cancelled' ORDER BY p.id) AS permit_ids`

export async function listFilings(
  q: Queryable,
  f: { enterprise?: string | null; status?: string | null },
): Promise<WorkFiling[]> {
  const r = await q.query<WorkFiling>(
    `SELECT ${filingCols} FROM work_filings w LEFT JOIN enterprises e ON e.id = w.enterprise_id
      WHERE ($1::text IS NULL OR w.enterprise_id = $1) AND ($2::text IS NULL OR w.status = $2)
      ORDER BY w.window_from DESC, w.id LIMIT 1000`,
    [f.enterprise ?? null, f.status ?? null],
  )
  return r.rows
}

export async function findFiling(q: Queryable, id: string, lock = false): Promise<WorkFiling | null> {
  const r = await q.query<WorkFiling>(
    `SELECT ${filingCols} FROM work_filings w LEFT JOIN enterprises e ON e.id = w.enterprise_id
      WHERE w.id = $1${lock ? ' FOR UPDATE OF w' : ''}`,
    [id],
  )
  return r.rows[0] ?? null
}

export async function insertFiling(
  q: Queryable,
  enterpriseId: string,
  b: NewFilingBody,
  by: string,
  id?: string,
): Promise<string> {
  const r = await q.query<{ id: string }>(
    `INSERT INTO work_filings (id, enterprise_id, work_type, place, geom, window_from, window_to, contact, note, filed_by)
     VALUES (coalesce($1, 'WF-' || substr(replace(gen_random_uuid()::text, '-', ''), 1, 12)), $2, $3, $4,
             CASE WHEN $5::float8 IS NULL THEN NULL ELSE ST_SetSRID(ST_MakePoint($5, $6), 4326) END,
             $7, $8, $9, $10, $11)
     RETURNING id`,
    [
      id ?? null,
      enterpriseId,
      b.work_type,
      b.place,
      b.position?.[0] ?? null,
      b.position?.[1] ?? null,
      b.window_from,
      b.window_to,
      b.contact ?? null,
      b.note ?? null,
      by,
    ],
  )
  return r.rows[0]!.id
}

export async function withdrawFiling(q: Queryable, id: string): Promise<void> {
  await q.query(`UPDATE work_filings SET status = 'withdrawn', updated_at = now() WHERE id = $1`, [id])
}

/**
 * The spot checks (在线抽查), in SQL: a filing whose window has begun with no permit in force for it (approved or
 * later, not cancelled); a permit in work not filed (no filing, or the filing withdrawn); an approved or in-work
 * permit past its window (expired but open).
 */
export async function spotChecks(q: Queryable, now: Date): Promise<SpotCheck[]> {
  const r = await q.query<SpotCheck>(
    `SELECT 'filed_no_permit' AS flag, w.id AS ref_id, w.enterprise_id, w.work_type, w.place,
            ${isoSql('w.window_from')} AS window_from, ${isoSql('w.window_to')} AS window_to, NULL::text AS number
       FROM work_filings w
      WHERE w.status = 'filed' AND w.window_from <= $1 AND w.window_to > $1
        AND NOT EXISTS (SELECT 1 FROM work_permits p WHERE p.filing_id = w.id
                          AND p.status IN ('approved', 'in_work', 'completed', 'accepted'))
     UNION ALL
     SELECT 'permit_not_filed', p.id, p.enterprise_id, p.work_type, p.place, ${isoSql('p.window_from')},
            ${isoSql('p.window_to')}, p.number
       FROM work_permits p LEFT JOIN work_filings w ON w.id = p.filing_id
      WHERE p.status = 'in_work' AND (w.id IS NULL OR w.status <> 'filed')
     UNION ALL
     SELECT 'expired_open', p.id, p.enterprise_id, p.work_type, p.place, ${isoSql('p.window_from')},
            ${isoSql('p.window_to')}, p.number
       FROM work_permits p
      WHERE p.status IN ('approved', 'in_work') AND p.window_to < $1
      ORDER BY 1, 6`,
    [now],
  )
  return r.rows
}

/** The gas detector a sensor channel belongs to (kind gas_detector), with its position. */
export async function gasDetector(
  q: Queryable,
  sensorId: string,
): Promise<{ sensor_id: string; name: string; unit: string | null; lon: number; lat: number } | null> {
  const r = await q.query<{ sensor_id: string; name: string; unit: string | null; lon: number; lat: number }>(
    `SELECT s.id AS sensor_id, coalesce(a.name, s.name) AS name, s.unit,
            ST_X(coalesce(s.geom, ST_PointOnSurface(a.geom))) AS lon, ST_Y(coalesce(s.geom, ST_PointOnSurface(a.geom))) AS lat
       FROM sensors s LEFT JOIN assets a ON a.id = coalesce(s.device_id, s.asset_id)
      WHERE s.id = $1 AND (s.kind = 'gas_detector' OR a.kind = 'gas_detector')
        AND coalesce(s.geom, a.geom) IS NOT NULL`,
    [sensorId],
  )
  return r.rows[0] ?? null
}

/** Hot-work permits in work within `radius` metres of a point, nearest first. */
export async function hotWorkNear(
  q: Queryable,
  lon: number,
  lat: number,
  radius: number,
): Promise<{ id: string; number: string; enterprise_id: string; place: string; distance_m: number }[]> {
  const r = await q.query<{
    id: string
    number: string
    enterprise_id: string
    place: string
    distance_m: number
  }>(
    `WITH pt AS (SELECT ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography AS g)
     SELECT p.id, p.number, p.enterprise_id, p.place, round(ST_Distance(p.geom::geography, pt.g)::numeric, 1)::float8 AS distance_m
       FROM work_permits p, pt
      WHERE p.status = 'in_work' AND p.work_type = 'hot_work' AND ST_DWithin(p.geom::geography, pt.g, $3)
      ORDER BY distance_m, p.id`,
    [lon, lat, radius],
  )
  return r.rows
}
