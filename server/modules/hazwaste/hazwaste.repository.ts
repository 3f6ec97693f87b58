import type {
  GenerationRecord,
  LedgerQuery,
  ManifestStatus,
  NewFacilityBody,
  NewGenerationBody,
  NewManifestBody,
  NewStreamBody,
  StorageFacility,
  TransferManifest,
  WasteStream,
} from '../../contracts/hazwaste'
import type { Queryable } from '../../platform/db/db'
import { isoSql } from '../environment/sql'

// The only SQL of the ledger. Every function runs in the caller's transaction and scope (RLS decides what
// exists). Quantities leave as float8 (numeric(12,3) in the table), days as YYYY-MM-DD text.

const streamCols = `id, enterprise_id, hw_category, waste_code, name, name_en, hazards, form,
  ${isoSql('created_at')} AS created_at`
const facilityCols = `id, enterprise_id, name, name_en, kind, permitted_limit_t::float8 AS permitted_limit_t,
  ${isoSql('created_at')} AS created_at`
const generationCols = `id, enterprise_id, stream_id, facility_id, day::text AS day, quantity_t::float8 AS quantity_t,
  note, ${isoSql('created_at')} AS created_at`
const manifestCols = `id, enterprise_id, manifest_no, stream_id, facility_id, quantity_t::float8 AS quantity_t,
  receiver_name, receiver_licence, transporter, planned_date::text AS planned_date, actual_date::text AS actual_date,
  status, received_quantity_t::float8 AS received_quantity_t, received_date::text AS received_date, cancel_reason,
  ${isoSql('created_at')} AS created_at, ${isoSql('updated_at')} AS updated_at`

export async function insertStream(
  q: Queryable,
  enterpriseId: string,
  b: NewStreamBody,
): Promise<WasteStream> {
  const r = await q.query<WasteStream>(
    `INSERT INTO hazwaste_streams (enterprise_id, hw_category, waste_code, name, name_en, hazards, form)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${streamCols}`,
    [enterpriseId, b.hw_category, b.waste_code, b.name, b.name_en ?? null, b.hazards, b.form],
  )
  return r.rows[0]!
}

export async function listStreams(q: Queryable, f: LedgerQuery): Promise<WasteStream[]> {
  const r = await q.query<WasteStream>(
    `SELECT ${streamCols} FROM hazwaste_streams
      WHERE ($1::text IS NULL OR enterprise_id = $1)
      ORDER BY enterprise_id, waste_code LIMIT $2`,
    [f.enterprise ?? null, f.limit],
  )
  return r.rows
}

export async function findStream(q: Queryable, id: string): Promise<WasteStream | null> {
  const r = await q.query<WasteStream>(`SELECT ${streamCols} FROM hazwaste_streams WHERE id = $1`, [id])
  return r.rows[0] ?? null
}

export async function insertFacility(
  q: Queryable,
  enterpriseId: string,
  b: NewFacilityBody,
): Promise<StorageFacility> {
  const r = await q.query<StorageFacility>(
    `INSERT INTO hazwaste_facilities (enterprise_id, name, name_en, kind, permitted_limit_t)
     VALUES ($1, $2, $3, $4, $5) RETURNING ${facilityCols}`,
    [enterpriseId, b.name, b.name_en ?? null, b.kind, b.permitted_limit_t],
  )
  return r.rows[0]!
}

export async function listFacilities(
  q: Queryable,
  f: Pick<LedgerQuery, 'enterprise'>,
): Promise<StorageFacility[]> {
  const r = await q.query<StorageFacility>(
    `SELECT ${facilityCols} FROM hazwaste_facilities
      WHERE ($1::text IS NULL OR enterprise_id = $1) ORDER BY enterprise_id, name`,
    [f.enterprise ?? null],
  )
  return r.rows
}

/** With `lock`, holds the facility row until the transaction ends: stock checks of one facility queue up. */
export async function findFacility(q: Queryable, id: string, lock = false): Promise<StorageFacility | null> {
  const r = await q.query<StorageFacility>(
    `SELECT ${facilityCols} FROM hazwaste_facilities WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
    [id],
  )
  return r.rows[0] ?? null
}

export async function insertGeneration(
  q: Queryable,
  enterpriseId: string,
  b: NewGenerationBody,
): Promise<GenerationRecord> {
  const r = await q.query<GenerationRecord>(
    `INSERT INTO hazwaste_generations (enterprise_id, stream_id, facility_id, day, quantity_t, note)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${generationCols}`,
    [enterpriseId, b.stream_id, b.facility_id, b.day, b.quantity_t, b.note ?? null],
  )
  return r.rows[0]!
}

export async function listGenerations(q: Queryable, f: LedgerQuery): Promise<GenerationRecord[]> {
  const r = await q.query<GenerationRecord>(
    `SELECT ${generationCols} FROM hazwaste_generations
      WHERE ($1::text IS NULL OR enterprise_id = $1) AND ($2::text IS NULL OR stream_id = $2)
      ORDER BY day DESC, created_at DESC, id LIMIT $3`,
    [f.enterprise ?? null, f.stream ?? null, f.limit],
  )
  return r.rows
}

export async function insertManifest(
  q: Queryable,
  enterpriseId: string,
  b: NewManifestBody,
): Promise<TransferManifest> {
  const r = await q.query<TransferManifest>(
    `INSERT INTO hazwaste_manifests (enterprise_id, manifest_no, stream_id, facility_id, quantity_t, receiver_name,
                                     receiver_licence, transporter, planned_date)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${manifestCols}`,
    [
      enterpriseId,
      b.manifest_no,
      b.stream_id,
      b.facility_id,
      b.quantity_t,
      b.receiver_name,
      b.receiver_licence,
      b.transporter,
      b.planned_date,
    ],
  )
  return r.rows[0]!
}

export async function listManifests(q: Queryable, f: LedgerQuery): Promise<TransferManifest[]> {
  const r = await q.query<TransferManifest>(
    `SELECT ${manifestCols} FROM hazwaste_manifests
      WHERE ($1::text IS NULL OR enterprise_id = $1) AND ($2::text IS NULL OR stream_id = $2)
        AND ($3::text IS NULL OR status = $3)
      ORDER BY created_at DESC, id LIMIT $4`,
    [f.enterprise ?? null, f.stream ?? null, f.status ?? null, f.limit],
  )
  return r.rows
}

export async function findManifest(q: Queryable, id: string, lock = false): Promise<TransferManifest | null> {
  const r = await q.query<TransferManifest>(
    `SELECT ${manifestCols} FROM hazwaste_manifests WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
    [id],
  )
  return r.rows[0] ?? null
}

export interface ManifestPatch {
  status: ManifestStatus
  actual_date?: string
  received_quantity_t?: number
  received_date?: string
  cancel_reason?: string
}

export async function updateManifest(q: Queryable, id: string, p: ManifestPatch): Promise<TransferManifest> {
  const r = await q.query<TransferManifest>(
    `UPDATE hazwaste_manifests
        SET status = $2, actual_date = coalesce($3, actual_date),
            received_quantity_t = coalesce($4, received_quantity_t), received_date = coalesce($5, received_date),
            cancel_reason = coalesce($6, cancel_reason), updated_at = now()
      WHERE id = $1 RETURNING ${manifestCols}`,
    [
      id,
      p.status,
      p.actual_date ?? null,
      p.received_quantity_t ?? null,
      p.received_date ?? null,
      p.cancel_reason ?? null,
    ],
  )
  return r.rows[0]!
}

/** One stream in one facility, as the summary and the hourly check read it. */
export interface PositionRow {
  stream_id: string
  facility_id: string
  enterprise_id: string
  hw_category: string
  waste_code: string
  name: string
  name_en: string | null
  facility_name: string
  generated_t: number
  shipped_t: number
  stock_t: number
  reserved_t: number
  oldest_batch_day: string | null
}

/**
 * Stock per stream and facility. FIFO: shipments take the oldest batches first, so a batch is still (partly)
 * in store while the running total of generation up to it exceeds everything shipped; the oldest such batch
 * gives the storage age. Pass a stream and facility to read one position.
 */
export async function stockPositions(
  q: Queryable,
  only: { streamId: string; facilityId: string } | null = null,
): Promise<PositionRow[]> {
  const r = await q.query<PositionRow>(
    `WITH moved AS (
       SELECT stream_id, facility_id,
              coalesce(sum(quantity_t) FILTER (WHERE status IN ('shipped', 'received')), 0) AS shipped,
              coalesce(sum(quantity_t) FILTER (WHERE status = 'created'), 0) AS reserved
         FROM hazwaste_manifests
        WHERE ($1::text IS NULL OR (stream_id = $1 AND facility_id = $2))
        GROUP BY stream_id, facility_id
     ), batches AS (
       SELECT stream_id, facility_id, day, quantity_t,
              sum(quantity_t) OVER (PARTITION BY stream_id, facility_id ORDER BY day, created_at, id) AS running
         FROM hazwaste_generations
        WHERE ($1::text IS NULL OR (stream_id = $1 AND facility_id = $2))
     ), positions AS (
       SELECT b.stream_id, b.facility_id, sum(b.quantity_t) AS generated,
              coalesce(m.shipped, 0) AS shipped, coalesce(m.reserved, 0) AS reserved,
              min(b.day) FILTER (WHERE b.running > coalesce(m.shipped, 0)) AS oldest
         FROM batches b
         LEFT JOIN moved m USING (stream_id, facility_id)
        GROUP BY b.stream_id, b.facility_id, m.shipped, m.reserved
     )
     SELECT p.stream_id, p.facility_id, s.enterprise_id, s.hw_category, s.waste_code, s.name, s.name_en,
            f.name AS facility_name, p.generated::float8 AS generated_t, p.shipped::float8 AS shipped_t,
            (p.generated - p.shipped)::float8 AS stock_t, p.reserved::float8 AS reserved_t,
            p.oldest::text AS oldest_batch_day
       FROM positions p
       JOIN hazwaste_streams s ON s.id = p.stream_id
       JOIN hazwaste_facilities f ON f.id = p.facility_id
      ORDER BY s.enterprise_id, f.name, s.waste_code`,
    [only?.streamId ?? null, only?.facilityId ?? null],
  )
  return r.rows
}

export interface EnterpriseRow {
  enterprise_id: string
  name: string
  name_en: string | null
  open_manifests: number
}

/** Enterprises that keep a ledger, with their manifests not yet received. */
export async function ledgerEnterprises(q: Queryable): Promise<EnterpriseRow[]> {
  const r = await q.query<EnterpriseRow>(
    `SELECT e.id AS enterprise_id, e.name, e.name_en,
            (SELECT count(*)::int FROM hazwaste_manifests m
              WHERE m.enterprise_id = e.id AND m.status IN ('created', 'shipped')) AS open_manifests
       FROM enterprises e
      WHERE EXISTS (SELECT 1 FROM hazwaste_facilities f WHERE f.enterprise_id = e.id)
         OR EXISTS (SELECT 1 FROM hazwaste_streams s WHERE s.enterprise_id = e.id)
      ORDER BY e.id`,
  )
  return r.rows
}
