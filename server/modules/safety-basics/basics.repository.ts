import type {
  Contractor,
  ContractorEntry,
  ContractorPerson,
  ContractorQuery,
  EnterpriseProfile,
  EnterpriseRecord,
  EntryBody,
  LicenceKind,
  OperationKind,
  OperationQuery,
  OperationStatus,
  ParkChemical,
  PersonBody,
  ProfileBody,
  Qualification,
  SafetyBasicsSettings,
} from '../../contracts/safety-basics'
import type { Queryable } from '../../platform/db/db'
import { isoSql } from '../environment/sql'
import type { ReminderLicence, WindowRecord } from './basics-rules'

// The only SQL of 安全基础管理. Every function runs in the caller's transaction and scope (RLS decides what exists).
// Days leave as YYYY-MM-DD text, instants as ISO-8601 UTC.

// ---------- settings ----------

export async function settings(q: Queryable): Promise<SafetyBasicsSettings> {
  const r = await q.query<SafetyBasicsSettings>(
    `SELECT licence_warn_days, park_overhaul_limit, updated_by, ${isoSql('updated_at')} AS updated_at
       FROM safety_basics_settings WHERE id = 1`,
  )
  return r.rows[0] ?? { licence_warn_days: 90, park_overhaul_limit: 3, updated_by: null, updated_at: '' }
}

export async function updateSettings(
  q: Queryable,
  s: { licence_warn_days: number; park_overhaul_limit: number },
  by: string,
): Promise<number> {
  const r = await q.query(
    `UPDATE safety_basics_settings SET licence_warn_days = $1, park_overhaul_limit = $2, updated_by = $3,
            updated_at = now() WHERE id = 1`,
    [s.licence_warn_days, s.park_overhaul_limit, by],
  )
  return r.rowCount ?? 0
}

// ---------- enterprise records ----------

export async function enterpriseRow(
  q: Queryable,
  id: string,
  lock = false,
): Promise<EnterpriseRecord | null> {
  const r = await q.query<EnterpriseRecord>(
    `SELECT id, name, name_en, industry, industry_en, risk, credit_code, processes
       FROM enterprises WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
    [id],
  )
  return r.rows[0] ?? null
}

export async function profileRow(q: Queryable, id: string): Promise<EnterpriseProfile | null> {
  const r = await q.query<EnterpriseProfile>(
    `SELECT legal_representative, main_responsible, main_responsible_phone, safety_director, safety_director_phone,
            safety_staff_count, safety_engineers, employees, established_on::text AS established_on, address,
            standardization_grade, updated_by, ${isoSql('updated_at')} AS updated_at
       FROM enterprise_profiles WHERE enterprise_id = $1`,
    [id],
  )
  return r.rows[0] ?? null
}

export async function upsertProfile(q: Queryable, id: string, b: ProfileBody, by: string): Promise<void> {
  await q.query(
    `INSERT INTO enterprise_profiles (enterprise_id, legal_representative, main_responsible, main_responsible_phone,
            safety_director, safety_director_phone, safety_staff_count, safety_engineers, employees, established_on,
            address, standardization_grade, updated_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
     ON CONFLICT (enterprise_id) DO UPDATE SET legal_representative = EXCLUDED.legal_representative,
            main_responsible = EXCLUDED.main_responsible, main_responsible_phone = EXCLUDED.main_responsible_phone,
            safety_director = EXCLUDED.safety_director, safety_director_phone = EXCLUDED.safety_director_phone,
            safety_staff_count = EXCLUDED.safety_staff_count, safety_engineers = EXCLUDED.safety_engineers,
            employees = EXCLUDED.employees, established_on = EXCLUDED.established_on, address = EXCLUDED.address,
            standardization_grade = EXCLUDED.standardization_grade, updated_by = EXCLUDED.updated_by,
            updated_at = now()`,
    [
      id,
      b.legal_representative ?? null,
      b.main_responsible ?? null,
      b.main_responsible_phone ?? null,
      b.safety_director ?? null,
      b.safety_director_phone ?? null,
      b.safety_staff_count,
      JSON.stringify(b.safety_engineers),
      b.employees ?? null,
      b.established_on ?? null,
      b.address ?? null,
      b.standardization_grade ?? null,
      by,
    ],
  )
}

export async function updateEnterpriseRow(
  q: Queryable,
  id: string,
  v: { credit_code: string; processes: string[]; risk: string },
): Promise<void> {
  await q.query(
    `UPDATE enterprises SET credit_code = $2, processes = $3, risk = $4, updated_at = now() WHERE id = $1`,
    [id, v.credit_code, v.processes, v.risk],
  )
}

// ---------- licences ----------

/** A licence as stored, before the computed status. */
export interface LicenceRow {
  id: string
  enterprise_id: string
  kind: LicenceKind
  title: string | null
  number: string
  issuer: string
  scope: string
  valid_from: string
  valid_to: string
  cancelled: boolean
  note: string | null
  created_by: string | null
  updated_by: string | null
  updated_at: string
}

const licenceCols = `id, enterprise_id, kind, title, number, issuer, scope, valid_from::text AS valid_from,
  valid_to::text AS valid_to, cancelled, note, created_by, updated_by, ${isoSql('updated_at')} AS updated_at`

export async function listLicences(
  q: Queryable,
  f: { enterprise?: string | undefined; kind?: string | undefined },
): Promise<LicenceRow[]> {
  const r = await q.query<LicenceRow>(
    `SELECT ${licenceCols} FROM licences
      WHERE ($1::text IS NULL OR enterprise_id = $1) AND ($2::text IS NULL OR kind = $2)
      ORDER BY cancelled, valid_to, enterprise_id, kind LIMIT 2000`,
    [f.enterprise ?? null, f.kind ?? null],
  )
  return r.rows
}

export async function findLicence(q: Queryable, id: string, lock = false): Promise<LicenceRow | null> {
  const r = await q.query<LicenceRow>(
    `SELECT ${licenceCols} FROM licences WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
    [id],
  )
  return r.rows[0] ?? null
}

export type LicenceValues = Pick<
  LicenceRow,
  'kind' | 'title' | 'number' | 'issuer' | 'scope' | 'valid_from' | 'valid_to' | 'note' | 'cancelled'
>

export async function insertLicence(
  q: Queryable,
  enterpriseId: string,
  v: LicenceValues & { id?: string },
  by: string,
): Promise<string> {
  const r = await q.query<{ id: string }>(
    `INSERT INTO licences (id, enterprise_id, kind, title, number, issuer, scope, valid_from, valid_to, cancelled,
                           note, created_by, updated_by)
     SELECT coalesce($1, 'LIC-' || substr(replace(gen_random_uuid()::text, '-', ''), 1, 12)), $2, $3, $4, $5, $6,
            $7, $8, $9, $10, $11, $12, $12
     RETURNING id`,
    [
      v.id ?? null,
      enterpriseId,
      v.kind,
      v.title,
      v.number,
      v.issuer,
      v.scope,
      v.valid_from,
      v.valid_to,
      v.cancelled,
      v.note,
      by,
    ],
  )
  return r.rows[0]!.id
}

export async function updateLicence(q: Queryable, id: string, v: LicenceValues, by: string): Promise<void> {
  await q.query(
    `UPDATE licences SET title = $2, number = $3, issuer = $4, scope = $5, valid_from = $6, valid_to = $7,
            cancelled = $8, note = $9, updated_by = $10, updated_at = now()
      WHERE id = $1`,
    [id, v.title, v.number, v.issuer, v.scope, v.valid_from, v.valid_to, v.cancelled, v.note, by],
  )
}

/** Licences for the hourly reminder check (park scope). */
export async function reminderLicences(q: Queryable): Promise<ReminderLicence[]> {
  const r = await q.query<ReminderLicence>(
    `SELECT id, enterprise_id, kind, title, number, valid_to::text AS valid_to, cancelled
       FROM licences WHERE NOT cancelled ORDER BY id`,
  )
  return r.rows
}

// ---------- start-up / shutdown / overhaul ----------

export interface OperationRow extends WindowRecord {
  actual_start: string | null
  actual_end: string | null
  responsible_person: string
  responsible_phone: string | null
  safety_measures: string[]
  note: string | null
  created_by: string | null
  updated_by: string | null
  updated_at: string
}

const operationCols = `id, enterprise_id, kind, unit, asset_id, ${isoSql('planned_start')} AS planned_start,
  ${isoSql('planned_end')} AS planned_end, ${isoSql('actual_start')} AS actual_start,
  ${isoSql('actual_end')} AS actual_end, responsible_person, responsible_phone, safety_measures, status, note,
  created_by, updated_by, ${isoSql('updated_at')} AS updated_at`

export async function listOperations(q: Queryable, f: OperationQuery): Promise<OperationRow[]> {
  const r = await q.query<OperationRow>(
    `SELECT ${operationCols} FROM operations_records
      WHERE ($1::text IS NULL OR enterprise_id = $1) AND ($2::text IS NULL OR kind = $2)
        AND ($3::text IS NULL OR status = $3)
        AND ($4::timestamptz IS NULL OR planned_end > $4) AND ($5::timestamptz IS NULL OR planned_start < $5)
      ORDER BY planned_start, id LIMIT 2000`,
    [f.enterprise ?? null, f.kind ?? null, f.status ?? null, f.from ?? null, f.to ?? null],
  )
  return r.rows
}

export async function findOperation(q: Queryable, id: string, lock = false): Promise<OperationRow | null> {
  const r = await q.query<OperationRow>(
    `SELECT ${operationCols} FROM operations_records WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
    [id],
  )
  return r.rows[0] ?? null
}

/** The active records of one enterprise (its unit-overlap peers). */
export async function activeOperationsOf(
  q: Queryable,
  enterpriseIds: readonly string[],
): Promise<WindowRecord[]> {
  const r = await q.query<WindowRecord>(
    `SELECT id, enterprise_id, kind, unit, asset_id, ${isoSql('planned_start')} AS planned_start,
            ${isoSql('planned_end')} AS planned_end, status
       FROM operations_records WHERE enterprise_id = ANY($1) AND status IN ('planned', 'in_progress')`,
    [enterpriseIds],
  )
  return r.rows
}

/** Every active park overhaul window overlapping [from, to), whatever the caller may see (windows only). */
export async function parkOverhaulWindows(
  q: Queryable,
  from: string,
  to: string,
): Promise<{ planned_start: string; planned_end: string }[]> {
  const r = await q.query<{ planned_start: string; planned_end: string }>(
    `SELECT ${isoSql('planned_start')} AS planned_start, ${isoSql('planned_end')} AS planned_end
       FROM park_overhaul_windows($1, $2)`,
    [from, to],
  )
  return r.rows
}

export interface OperationValues {
  kind: OperationKind
  unit: string
  asset_id: string | null
  planned_start: string
  planned_end: string
  actual_start: string | null
  actual_end: string | null
  responsible_person: string
  responsible_phone: string | null
  safety_measures: string[]
  status: OperationStatus
  note: string | null
}

export async function insertOperation(
  q: Queryable,
  enterpriseId: string,
  v: OperationValues & { id?: string },
  by: string,
): Promise<string> {
  const r = await q.query<{ id: string }>(
    `INSERT INTO operations_records (id, enterprise_id, kind, unit, asset_id, planned_start, planned_end,
            actual_start, actual_end, responsible_person, responsible_phone, safety_measures, status, note,
            created_by, updated_by)
     SELECT coalesce($1, 'OPR-' || substr(replace(gen_random_uuid()::text, '-', ''), 1, 12)), $2, $3, $4, $5, $6,
            $7, $8, $9, $10, $11, $12, $13, $14, $15, $15
     RETURNING id`,
    [
      v.id ?? null,
      enterpriseId,
      v.kind,
      v.unit,
      v.asset_id,
      v.planned_start,
      v.planned_end,
      v.actual_start,
      v.actual_end,
      v.responsible_person,
      v.responsible_phone,
      v.safety_measures,
      v.status,
      v.note,
      by,
    ],
  )
  return r.rows[0]!.id
}

export async function updateOperation(
  q: Queryable,
  id: string,
  v: OperationValues,
  by: string,
): Promise<void> {
  await q.query(
    `UPDATE operations_records SET unit = $2, planned_start = $3, planned_end = $4, actual_start = $5,
            actual_end = $6, responsible_person = $7, responsible_phone = $8, safety_measures = $9, status = $10,
            note = $11, updated_by = $12, updated_at = now()
      WHERE id = $1`,
    [
      id,
      v.unit,
      v.planned_start,
      v.planned_end,
      v.actual_start,
      v.actual_end,
      v.responsible_person,
      v.responsible_phone,
      v.safety_measures,
      v.status,
      v.note,
      by,
    ],
  )
}

/** A building asset of the enterprise the caller can see (the unit on the twin), else null. */
export async function assetOwner(q: Queryable, id: string): Promise<{ enterprise_id: string | null } | null> {
  const r = await q.query<{ enterprise_id: string | null }>(
    'SELECT enterprise_id FROM assets WHERE id = $1',
    [id],
  )
  return r.rows[0] ?? null
}

// ---------- contractors ----------

export type ContractorRow = Omit<Contractor, 'expired_qualifications'>

const contractorCols = (
  p = 'c.',
) => `${p}id, ${p}enterprise_id, ${p}name, ${p}credit_code, ${p}contact_person,
  ${p}phone, ${p}service_scope, ${p}qualifications, ${p}blacklisted, ${p}blacklist_reason,
  ${isoSql(`${p}blacklisted_at`)} AS blacklisted_at, ${p}blacklisted_by,
  (SELECT count(*)::int FROM contractor_people x WHERE x.contractor_id = ${p}id) AS people_count,
  ${isoSql(`${p}updated_at`)} AS updated_at`

export async function listContractors(q: Queryable, f: ContractorQuery): Promise<ContractorRow[]> {
  const r = await q.query<ContractorRow>(
    `SELECT ${contractorCols()} FROM contractors c
      WHERE ($1::text IS NULL OR c.enterprise_id = $1) AND ($2::boolean IS NULL OR c.blacklisted = $2)
        AND ($3::text IS NULL OR strpos(c.name, $3) > 0 OR strpos(coalesce(c.credit_code, ''), upper($3)) > 0)
      ORDER BY c.blacklisted DESC, c.enterprise_id, c.name LIMIT 2000`,
    [f.enterprise ?? null, f.blacklisted === undefined ? null : f.blacklisted === 'true', f.q || null],
  )
  return r.rows
}

export async function findContractor(q: Queryable, id: string, lock = false): Promise<ContractorRow | null> {
  const r = await q.query<ContractorRow>(
    `SELECT ${contractorCols()} FROM contractors c WHERE c.id = $1${lock ? ' FOR UPDATE' : ''}`,
    [id],
  )
  return r.rows[0] ?? null
}

export interface ContractorValues {
  name: string
  credit_code: string | null
  contact_person: string | null
  phone: string | null
  service_scope: string
  qualifications: Qualification[]
}

export async function insertContractor(
  q: Queryable,
  enterpriseId: string,
  v: ContractorValues & { id?: string },
  by: string,
): Promise<string> {
  const r = await q.query<{ id: string }>(
    `INSERT INTO contractors (id, enterprise_id, name, credit_code, contact_person, phone, service_scope,
                              qualifications, created_by, updated_by)
     SELECT coalesce($1, 'CTR-' || substr(replace(gen_random_uuid()::text, '-', ''), 1, 12)), $2, $3, $4, $5, $6,
            $7, $8, $9, $9
     RETURNING id`,
    [
      v.id ?? null,
      enterpriseId,
      v.name,
      v.credit_code,
      v.contact_person,
      v.phone,
      v.service_scope,
      JSON.stringify(v.qualifications),
      by,
    ],
  )
  return r.rows[0]!.id
}

export async function updateContractor(
  q: Queryable,
  id: string,
  v: ContractorValues,
  by: string,
): Promise<void> {
  await q.query(
    `UPDATE contractors SET name = $2, credit_code = $3, contact_person = $4, phone = $5, service_scope = $6,
            qualifications = $7, updated_by = $8, updated_at = now()
      WHERE id = $1`,
    [
      id,
      v.name,
      v.credit_code,
      v.contact_person,
      v.phone,
      v.service_scope,
      JSON.stringify(v.qualifications),
      by,
    ],
  )
}

export async function setBlacklist(
  q: Queryable,
  id: string,
  reason: string | null,
  by: string,
): Promise<void> {
  await q.query(
    `UPDATE contractors SET blacklisted = $2::text IS NOT NULL, blacklist_reason = $2,
            blacklisted_at = CASE WHEN $2::text IS NULL THEN NULL ELSE now() END,
            blacklisted_by = CASE WHEN $2::text IS NULL THEN NULL ELSE $3 END, updated_by = $3, updated_at = now()
      WHERE id = $1`,
    [id, reason, by],
  )
}

const personCols = `id, contractor_id, name, job, phone, trained_on::text AS trained_on,
  training_valid_to::text AS training_valid_to, certificate_no, certificate_expires::text AS certificate_expires`

export async function contractorPeople(
  q: Queryable,
  contractorId: string,
): Promise<Omit<ContractorPerson, 'trained'>[]> {
  const r = await q.query<Omit<ContractorPerson, 'trained'>>(
    `SELECT ${personCols} FROM contractor_people WHERE contractor_id = $1 ORDER BY name, id`,
    [contractorId],
  )
  return r.rows
}

export async function insertPerson(
  q: Queryable,
  contractorId: string,
  enterpriseId: string,
  b: PersonBody & { id?: string },
): Promise<string> {
  const r = await q.query<{ id: string }>(
    `INSERT INTO contractor_people (id, contractor_id, enterprise_id, name, job, phone, trained_on, training_valid_to,
                                    certificate_no, certificate_expires)
     SELECT coalesce($1, 'CTP-' || substr(replace(gen_random_uuid()::text, '-', ''), 1, 12)), $2, $3, $4, $5, $6,
            $7, $8, $9, $10
     RETURNING id`,
    [
      b.id ?? null,
      contractorId,
      enterpriseId,
      b.name,
      b.job ?? null,
      b.phone ?? null,
      b.trained_on ?? null,
      b.training_valid_to ?? null,
      b.certificate_no ?? null,
      b.certificate_expires ?? null,
    ],
  )
  return r.rows[0]!.id
}

export async function deletePerson(q: Queryable, contractorId: string, personId: string): Promise<number> {
  const r = await q.query('DELETE FROM contractor_people WHERE contractor_id = $1 AND id = $2', [
    contractorId,
    personId,
  ])
  return r.rowCount ?? 0
}

const entryCols = `id, contractor_id, work, area, valid_from::text AS valid_from, valid_to::text AS valid_to,
  person_ids, status, decided_by, ${isoSql('decided_at')} AS decided_at, decision_note, created_by,
  ${isoSql('created_at')} AS created_at`

export async function contractorEntries(q: Queryable, contractorId: string): Promise<ContractorEntry[]> {
  const r = await q.query<ContractorEntry>(
    `SELECT ${entryCols} FROM contractor_entries WHERE contractor_id = $1 ORDER BY valid_from DESC, id LIMIT 200`,
    [contractorId],
  )
  return r.rows
}

export async function findEntry(
  q: Queryable,
  contractorId: string,
  id: string,
): Promise<ContractorEntry | null> {
  const r = await q.query<ContractorEntry>(
    `SELECT ${entryCols} FROM contractor_entries WHERE contractor_id = $1 AND id = $2 FOR UPDATE`,
    [contractorId, id],
  )
  return r.rows[0] ?? null
}

export async function insertEntry(
  q: Queryable,
  contractorId: string,
  enterpriseId: string,
  b: EntryBody & { id?: string; status?: string; decided_by?: string | null },
  by: string,
): Promise<string> {
  const r = await q.query<{ id: string }>(
    `INSERT INTO contractor_entries (id, contractor_id, enterprise_id, work, area, valid_from, valid_to, person_ids,
                                     status, decided_by, decided_at, created_by)
     SELECT coalesce($1, 'CTE-' || substr(replace(gen_random_uuid()::text, '-', ''), 1, 12)), $2, $3, $4, $5, $6,
            $7, $8, coalesce($9, 'requested'), $10, CASE WHEN coalesce($9, 'requested') = 'requested' THEN NULL
            ELSE now() END, $11
     RETURNING id`,
    [
      b.id ?? null,
      contractorId,
      enterpriseId,
      b.work,
      b.area ?? null,
      b.valid_from,
      b.valid_to,
      b.person_ids,
      b.status ?? null,
      b.decided_by ?? null,
      by,
    ],
  )
  return r.rows[0]!.id
}

export async function decideEntry(
  q: Queryable,
  id: string,
  status: 'approved' | 'rejected',
  note: string | null,
  by: string,
): Promise<void> {
  await q.query(
    `UPDATE contractor_entries SET status = $2, decision_note = $3, decided_by = $4, decided_at = now()
      WHERE id = $1`,
    [id, status, note, by],
  )
}

// ---------- counts for the details panel ----------

export async function contractorCounts(
  q: Queryable,
  enterpriseId: string,
): Promise<{ contractor_count: number; blacklisted_contractors: number }> {
  const r = await q.query<{ contractor_count: number; blacklisted_contractors: number }>(
    `SELECT count(*)::int AS contractor_count, (count(*) FILTER (WHERE blacklisted))::int AS blacklisted_contractors
       FROM contractors WHERE enterprise_id = $1`,
    [enterpriseId],
  )
  return r.rows[0]!
}

// ---------- park basic information ----------

export async function parkBoundary(
  q: Queryable,
): Promise<{ name: string; name_en: string; area_m2: number; perimeter_m: number } | null> {
  const r = await q.query<{ name: string; name_en: string; area_m2: number; perimeter_m: number }>(
    `SELECT name, name_en, ST_Area(geom::geography)::float8 AS area_m2,
            ST_Perimeter(geom::geography)::float8 AS perimeter_m
       FROM parks ORDER BY id LIMIT 1`,
  )
  return r.rows[0] ?? null
}

export async function parkEnterprises(
  q: Queryable,
): Promise<Pick<EnterpriseRecord, 'id' | 'name' | 'name_en' | 'industry' | 'risk' | 'processes'>[]> {
  const r = await q.query<
    Pick<EnterpriseRecord, 'id' | 'name' | 'name_en' | 'industry' | 'risk' | 'processes'>
  >(`SELECT id, name, name_en, industry, risk, processes FROM enterprises ORDER BY id`)
  return r.rows
}

/** The chemicals held in tanks, by chemical: tanks, enterprises, inventory and capacity. */
export async function parkChemicals(q: Queryable): Promise<ParkChemical[]> {
  const r = await q.query<ParkChemical>(
    `SELECT props->>'chemical' AS chemical, max(props->>'chemical_en') AS chemical_en, max(props->>'cas') AS cas,
            count(*)::int AS tanks, count(DISTINCT enterprise_id)::int AS enterprises,
            round(coalesce(sum((props->>'inventory_t')::numeric), 0), 1)::float8 AS inventory_t,
            round(coalesce(sum((props->>'capacity_m3')::numeric), 0), 1)::float8 AS capacity_m3
       FROM assets WHERE kind = 'tank' AND props ? 'chemical'
      GROUP BY props->>'chemical' ORDER BY inventory_t DESC, chemical`,
  )
  return r.rows
}

export async function overhaulsNow(q: Queryable, now: string): Promise<number> {
  const r = await q.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM operations_records
      WHERE kind = 'overhaul' AND status IN ('planned', 'in_progress') AND planned_start <= $1 AND planned_end > $1`,
    [now],
  )
  return r.rows[0]!.n
}
