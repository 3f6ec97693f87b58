import type {
  MhActiveAlarm,
  MhAssessment,
  MhCheck,
  MhCheckBody,
  MhChemical,
  MhGrade,
  MhNewChemicalBody,
  MhRole,
  MhSensor,
  MhStoredAssessment,
  MhUnitKind,
  MhUnitQuery,
} from '../../contracts/hazards'
import type { Queryable } from '../../platform/db/db'
import { isoSql } from '../environment/sql'

// The only SQL of major hazard sources. Every function runs in the caller's transaction and scope (row-level
// security decides what exists). Days leave as YYYY-MM-DD text, instants as ISO-8601 UTC.

const chemicalCols = `id, name, name_en, cas, aliases, hazard_class, q_t, beta, basis, unconfirmed, note, updated_by,
  ${isoSql('updated_at')} AS updated_at`

export async function listCatalogue(q: Queryable): Promise<MhChemical[]> {
  const r = await q.query<MhChemical>(`SELECT ${chemicalCols} FROM major_hazard_chemicals ORDER BY basis, id`)
  return r.rows
}

export async function findChemical(q: Queryable, id: string, lock = false): Promise<MhChemical | null> {
  const r = await q.query<MhChemical>(
    `SELECT ${chemicalCols} FROM major_hazard_chemicals WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
    [id],
  )
  return r.rows[0] ?? null
}

export type ChemicalValues = Omit<MhChemical, 'id' | 'updated_by' | 'updated_at'>

/** Inserts catalogue rows that are not there yet (by id); returns how many were inserted. */
export async function insertChemicals(
  q: Queryable,
  rows: readonly (ChemicalValues & { id: string })[],
  by: string | null,
): Promise<number> {
  if (!rows.length) return 0
  const r = await q.query(
    `INSERT INTO major_hazard_chemicals (id, name, name_en, cas, aliases, hazard_class, q_t, beta, basis, unconfirmed,
                                         note, updated_by)
     SELECT x.id, x.name, x.name_en, x.cas, ARRAY(SELECT jsonb_array_elements_text(x.aliases)), x.hazard_class, x.q_t,
            x.beta, x.basis, x.unconfirmed, x.note, $2
       FROM jsonb_to_recordset($1::jsonb) AS x (id text, name text, name_en text, cas text, aliases jsonb,
            hazard_class text, q_t float8, beta float8, basis text, unconfirmed boolean, note text)
     ON CONFLICT (id) DO NOTHING`,
    [JSON.stringify(rows), by],
  )
  return r.rowCount ?? 0
}

export async function updateChemical(q: Queryable, id: string, v: ChemicalValues, by: string): Promise<void> {
  await q.query(
    `UPDATE major_hazard_chemicals SET name = $2, name_en = $3, cas = $4, aliases = $5, hazard_class = $6, q_t = $7,
            beta = $8, basis = $9, unconfirmed = $10, note = $11, updated_by = $12, updated_at = now()
      WHERE id = $1`,
    [
      id,
      v.name,
      v.name_en,
      v.cas,
      v.aliases,
      v.hazard_class,
      v.q_t,
      v.beta,
      v.basis,
      v.unconfirmed,
      v.note,
      by,
    ],
  )
}

export async function newChemicalId(q: Queryable, b: MhNewChemicalBody): Promise<string> {
  const stem =
    (b.cas ?? b.name_en)
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 40) || 'X'
  for (let i = 0; ; i++) {
    const id = `MHC-${stem}${i ? `-${i}` : ''}`.toUpperCase()
    if (!(await findChemical(q, id))) return id
  }
}

/** A unit as stored, with its asset and the exposed-population suggestion. */
export interface UnitRow {
  id: string
  enterprise_id: string
  asset_id: string
  asset_kind: string
  unit_kind: MhUnitKind
  name: string
  name_en: string | null
  exposed_people: number | null
  exposed_suggested: number | null
  registered_grade: MhGrade | null
  registered_on: string | null
  record_no: string | null
}

const unitCols = `u.id, u.enterprise_id, u.asset_id, a.kind AS asset_kind, u.unit_kind, u.name, u.name_en,
  u.exposed_people, (SELECT people FROM major_hazard_exposed_suggestion(u.asset_id)) AS exposed_suggested,
  u.registered_grade, u.registered_on::text AS registered_on, u.record_no`

export async function listUnits(
  q: Queryable,
  f: Pick<MhUnitQuery, 'enterprise' | 'kind'> & { ids?: readonly string[] },
): Promise<UnitRow[]> {
  const r = await q.query<UnitRow>(
    `SELECT ${unitCols} FROM major_hazard_units u JOIN assets a ON a.id = u.asset_id
      WHERE ($1::text IS NULL OR u.enterprise_id = $1)
        AND ($2::text IS NULL OR u.unit_kind = $2)
        AND ($3::text[] IS NULL OR u.id = ANY($3))
      ORDER BY u.enterprise_id, u.id`,
    [f.enterprise ?? null, f.kind ?? null, f.ids ?? null],
  )
  return r.rows
}

export async function findUnit(q: Queryable, id: string, lock = false): Promise<UnitRow | null> {
  if (lock) await q.query('SELECT 1 FROM major_hazard_units WHERE id = $1 FOR UPDATE', [id])
  return (await listUnits(q, { ids: [id] }))[0] ?? null
}

/** The unit an asset belongs to: its own, or for a tank its farm's. */
export async function unitIdOfAsset(q: Queryable, assetId: string): Promise<string | null> {
  const r = await q.query<{ id: string }>(
    `SELECT u.id FROM assets a
       JOIN major_hazard_units u ON u.asset_id = a.id OR (a.kind = 'tank' AND u.asset_id = a.props->>'farm_id')
      WHERE a.id = $1
      ORDER BY (u.asset_id = a.id) DESC LIMIT 1`,
    [assetId],
  )
  return r.rows[0]?.id ?? null
}

export interface AssetRow {
  id: string
  kind: string
  enterprise_id: string | null
  name: string
  name_en: string | null
  use: string | null
  farm_id: string | null
  capacity_m3: number | null
  inventory_t: number | null
}

export async function findAsset(q: Queryable, id: string, lock = false): Promise<AssetRow | null> {
  const r = await q.query<AssetRow>(
    `SELECT id, kind, enterprise_id, name, name_en, props->>'use' AS use, props->>'farm_id' AS farm_id,
            (props->>'capacity_m3')::float8 AS capacity_m3, (props->>'inventory_t')::float8 AS inventory_t
       FROM assets WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
    [id],
  )
  return r.rows[0] ?? null
}

export interface TankRow {
  id: string
  farm_id: string
  chemical: string | null
  chemical_en: string | null
  cas: string | null
  inventory_t: number
}

/** The tanks of the given tank farms with their current inventory (props.inventory_t). */
export async function tanksOfFarms(q: Queryable, farmIds: readonly string[]): Promise<TankRow[]> {
  if (!farmIds.length) return []
  const r = await q.query<TankRow>(
    `SELECT id, props->>'farm_id' AS farm_id, props->>'chemical' AS chemical, props->>'chemical_en' AS chemical_en,
            props->>'cas' AS cas, coalesce((props->>'inventory_t')::float8, 0) AS inventory_t
       FROM assets WHERE kind = 'tank' AND props->>'farm_id' = ANY($1) ORDER BY id`,
    [farmIds],
  )
  return r.rows
}

export async function setTankInventory(q: Queryable, tankId: string, t: number): Promise<void> {
  await q.query(
    `UPDATE assets SET props = jsonb_set(props, '{inventory_t}', to_jsonb($2::float8)), updated_at = now()
      WHERE id = $1`,
    [tankId, t],
  )
}

export interface ItemRow {
  unit_id: string
  chemical_id: string
  q_t: number
}

export async function itemsOfUnits(q: Queryable, unitIds: readonly string[]): Promise<ItemRow[]> {
  if (!unitIds.length) return []
  const r = await q.query<ItemRow>(
    `SELECT unit_id, chemical_id, q_t FROM major_hazard_unit_items WHERE unit_id = ANY($1)
      ORDER BY unit_id, chemical_id`,
    [unitIds],
  )
  return r.rows
}

/** Replaces a unit's whole inventory. */
export async function setItems(
  q: Queryable,
  unitId: string,
  enterpriseId: string,
  items: readonly { chemical_id: string; q_t: number }[],
  by: string | null,
): Promise<void> {
  await q.query('DELETE FROM major_hazard_unit_items WHERE unit_id = $1 AND NOT (chemical_id = ANY($2))', [
    unitId,
    items.map((i) => i.chemical_id),
  ])
  if (!items.length) return
  await q.query(
    `INSERT INTO major_hazard_unit_items (unit_id, chemical_id, enterprise_id, q_t, updated_by)
     SELECT $1, c, $2, t, $5 FROM unnest($3::text[], $4::float8[]) AS x (c, t)
     ON CONFLICT (unit_id, chemical_id) DO UPDATE SET q_t = excluded.q_t, updated_by = excluded.updated_by,
        updated_at = now()`,
    [unitId, enterpriseId, items.map((i) => i.chemical_id), items.map((i) => i.q_t), by],
  )
}

export interface ResponsibleRow {
  unit_id: string
  role: MhRole
  person_name: string
  position: string | null
  phone: string | null
  interval_days: number
  assigned_on: string
  last_check_on: string | null
}

export async function responsiblesOf(q: Queryable, unitIds: readonly string[]): Promise<ResponsibleRow[]> {
  if (!unitIds.length) return []
  const r = await q.query<ResponsibleRow>(
    `SELECT p.unit_id, p.role, p.person_name, p.position, p.phone, p.interval_days, p.assigned_on::text AS assigned_on,
            (SELECT max(c.checked_on) FROM major_hazard_checks c WHERE c.unit_id = p.unit_id AND c.role = p.role)::text
              AS last_check_on
       FROM major_hazard_responsibles p WHERE p.unit_id = ANY($1)
      ORDER BY p.unit_id, array_position(ARRAY['principal', 'technical', 'operational'], p.role)`,
    [unitIds],
  )
  return r.rows
}

export async function upsertResponsible(
  q: Queryable,
  unitId: string,
  enterpriseId: string,
  role: MhRole,
  p: { person_name: string; position: string | null; phone: string | null; interval_days: number },
  today: string,
  by: string,
): Promise<void> {
  // a new person starts a new first interval; the same person keeps their assignment day
  await q.query(
    `INSERT INTO major_hazard_responsibles (unit_id, role, enterprise_id, person_name, position, phone, interval_days,
                                            assigned_on, updated_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (unit_id, role) DO UPDATE SET
       person_name = excluded.person_name, position = excluded.position, phone = excluded.phone,
       interval_days = excluded.interval_days,
       assigned_on = CASE WHEN major_hazard_responsibles.person_name = excluded.person_name
                          THEN major_hazard_responsibles.assigned_on ELSE excluded.assigned_on END,
       updated_by = excluded.updated_by, updated_at = now()`,
    [unitId, role, enterpriseId, p.person_name, p.position, p.phone, p.interval_days, today, by],
  )
}

export async function insertCheck(
  q: Queryable,
  unitId: string,
  enterpriseId: string,
  b: MhCheckBody & { checked_by: string },
  by: string,
): Promise<string> {
  const r = await q.query<{ id: string }>(
    `INSERT INTO major_hazard_checks (unit_id, enterprise_id, role, checked_by, checked_on, findings, issues_found,
                                      recorded_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id::text`,
    [unitId, enterpriseId, b.role, b.checked_by, b.checked_on, b.findings, b.issues_found ?? false, by],
  )
  return r.rows[0]!.id
}

export async function unitChecks(q: Queryable, unitId: string): Promise<MhCheck[]> {
  const r = await q.query<MhCheck>(
    `SELECT id::text, role, checked_by, checked_on::text AS checked_on, findings, issues_found, recorded_by,
            ${isoSql('recorded_at')} AS recorded_at
       FROM major_hazard_checks WHERE unit_id = $1 ORDER BY checked_on DESC, id DESC LIMIT 100`,
    [unitId],
  )
  return r.rows
}

export async function insertUnit(
  q: Queryable,
  v: {
    id: string
    enterprise_id: string
    asset_id: string
    unit_kind: MhUnitKind
    name: string
    name_en: string | null
    exposed_people: number | null
  },
  by: string | null,
): Promise<number> {
  const r = await q.query(
    `INSERT INTO major_hazard_units (id, enterprise_id, asset_id, unit_kind, name, name_en, exposed_people, created_by,
                                     updated_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) ON CONFLICT DO NOTHING`,
    [v.id, v.enterprise_id, v.asset_id, v.unit_kind, v.name, v.name_en, v.exposed_people, by],
  )
  return r.rowCount ?? 0
}

export async function updateUnit(
  q: Queryable,
  id: string,
  v: { name: string; name_en: string | null; exposed_people: number | null },
  by: string,
): Promise<void> {
  await q.query(
    `UPDATE major_hazard_units SET name = $2, name_en = $3, exposed_people = $4, updated_by = $5, updated_at = now()
      WHERE id = $1`,
    [id, v.name, v.name_en, v.exposed_people, by],
  )
}

export async function registerGrade(
  q: Queryable,
  id: string,
  grade: MhGrade | null,
  day: string,
  recordNo: string,
  by: string,
): Promise<void> {
  await q.query(
    `UPDATE major_hazard_units SET registered_grade = $2, registered_on = $3, record_no = $4, updated_by = $5,
            updated_at = now()
      WHERE id = $1`,
    [id, grade, day, recordNo, by],
  )
}

export async function insertAssessment(
  q: Queryable,
  unitId: string,
  enterpriseId: string,
  a: MhAssessment,
  reason: string,
  by: string | null,
): Promise<string> {
  const r = await q.query<{ id: string }>(
    `INSERT INTO major_hazard_assessments (unit_id, enterprise_id, s, r, alpha, exposed_people, grade, items, reason,
                                           assessed_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id::text`,
    [unitId, enterpriseId, a.S, a.R, a.alpha, a.exposed_people, a.grade, JSON.stringify(a.items), reason, by],
  )
  return r.rows[0]!.id
}

export interface LatestAssessment {
  unit_id: string
  S: number
  R: number
  alpha: number
  grade: MhGrade | null
}

export async function latestAssessments(
  q: Queryable,
  unitIds: readonly string[],
): Promise<LatestAssessment[]> {
  if (!unitIds.length) return []
  const r = await q.query<LatestAssessment>(
    `SELECT DISTINCT ON (unit_id) unit_id, s AS "S", r AS "R", alpha, grade
       FROM major_hazard_assessments WHERE unit_id = ANY($1) ORDER BY unit_id, id DESC`,
    [unitIds],
  )
  return r.rows
}

export async function assessmentHistory(q: Queryable, unitId: string): Promise<MhStoredAssessment[]> {
  const r = await q.query<MhStoredAssessment>(
    `SELECT id::text, s AS "S", r AS "R", alpha, exposed_people, grade, reason, assessed_by,
            ${isoSql('assessed_at')} AS assessed_at
       FROM major_hazard_assessments WHERE unit_id = $1 ORDER BY id DESC LIMIT 50`,
    [unitId],
  )
  return r.rows
}

/**
 * The unit's online monitoring: sensors on the unit asset or its tanks, and gas detectors within 30 m of the
 * unit's outline (dike or building).
 */
export async function unitSensors(q: Queryable, assetId: string): Promise<MhSensor[]> {
  const r = await q.query<MhSensor>(
    `WITH u AS (SELECT id, geom FROM assets WHERE id = $1),
          parts AS (SELECT id FROM u UNION SELECT t.id FROM assets t WHERE t.kind = 'tank' AND t.props->>'farm_id' = $1)
     SELECT s.id, s.kind, s.name, s.name_en, s.measure, s.unit, s.asset_id
       FROM sensors s
      WHERE s.asset_id IN (SELECT id FROM parts) OR s.device_id IN (SELECT id FROM parts)
         OR (s.kind = 'gas_detector' AND s.geom IS NOT NULL
             AND EXISTS (SELECT 1 FROM u WHERE ST_DWithin(s.geom::geography, u.geom::geography, 30)))
      ORDER BY s.kind, s.id LIMIT 500`,
    [assetId],
  )
  return r.rows
}

/** Open alarms of the unit's sensors and of the unit itself (major_hazard:<id>). */
export async function unitAlarms(
  q: Queryable,
  unitId: string,
  sensorIds: readonly string[],
): Promise<MhActiveAlarm[]> {
  const r = await q.query<MhActiveAlarm>(
    `SELECT id::text, source_id, rule, priority, state, message, ${isoSql('raised_at')} AS raised_at
       FROM alarms
      WHERE state <> 'cleared' AND (source_id = ANY($1) OR source_id = $2)
      ORDER BY array_position(ARRAY['urgent', 'high', 'low'], priority), raised_at DESC LIMIT 100`,
    [sensorIds, `major_hazard:${unitId}`],
  )
  return r.rows
}
