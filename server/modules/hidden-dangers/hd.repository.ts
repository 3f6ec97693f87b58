import type {
  GovernancePlan,
  HdEvent,
  HdGrade,
  HdPhoto,
  HdQuery,
  HdState,
  HiddenDanger,
  PhotoStage,
  RegulatorApproval,
} from '../../contracts/hidden-dangers'
import type { Queryable } from '../../platform/db/db'
import { isoSql } from '../environment/sql'

// The only SQL of hidden dangers. Every function runs in the caller's transaction and scope (RLS decides what
// exists). Days leave as YYYY-MM-DD text, instants as ISO-8601 UTC; `today` is the park day the caller computed.

const hdCols = `h.id, h.enterprise_id, e.name AS enterprise_name, h.title, h.description, h.location,
  ST_X(h.geom) AS lon, ST_Y(h.geom) AS lat, h.risk_point_id, h.grade, h.category, h.source, h.state,
  ${isoSql('h.found_at')} AS found_at, h.found_by, h.owner, h.deadline::text AS deadline, h.requirement,
  h.rectification, ${isoSql('h.listed_at')} AS listed_at, h.listing_ref, h.sent_back_count,
  ${isoSql('h.closed_at')} AS closed_at, h.closed_on_time,
  coalesce(h.state <> 'closed' AND h.deadline < $1::date, false) AS overdue,
  (SELECT count(*)::int FROM hidden_danger_photos p WHERE p.hidden_danger_id = h.id) AS photo_count,
  ${isoSql('h.updated_at')} AS updated_at`

export async function listHiddenDangers(q: Queryable, f: HdQuery, today: string): Promise<HiddenDanger[]> {
  const r = await q.query<HiddenDanger>(
    `SELECT ${hdCols} FROM hidden_dangers h JOIN enterprises e ON e.id = h.enterprise_id
      WHERE ($2::text IS NULL OR ($2 = 'open' AND h.state <> 'closed') OR h.state = $2)
        AND ($3::text IS NULL OR h.grade = $3)
        AND ($4::text IS NULL OR h.enterprise_id = $4)
        AND ($5::boolean IS NULL OR coalesce(h.state <> 'closed' AND h.deadline < $1::date, false) = $5)
        AND ($6::boolean IS NULL OR (h.listed_at IS NOT NULL) = $6)
      ORDER BY (h.state = 'closed'), coalesce(h.state <> 'closed' AND h.deadline < $1::date, false) DESC, (h.grade = 'major') DESC,
               h.deadline NULLS LAST, h.found_at DESC, h.id
      LIMIT 2000`,
    [
      today,
      f.state ?? null,
      f.grade ?? null,
      f.enterprise ?? null,
      f.overdue === undefined ? null : f.overdue === 'true',
      f.listed === undefined ? null : f.listed === 'true',
    ],
  )
  return r.rows
}

export type HdRow = HiddenDanger & {
  governance_plan: GovernancePlan | null
  regulator_approval: RegulatorApproval | null
}

export async function findHiddenDanger(
  q: Queryable,
  id: string,
  today: string,
  lock = false,
): Promise<HdRow | null> {
  // FOR UPDATE of the hidden danger only (the enterprise join is read-only)
  const r = await q.query<HdRow>(
    `SELECT ${hdCols}, h.governance_plan, h.regulator_approval
       FROM hidden_dangers h JOIN enterprises e ON e.id = h.enterprise_id
      WHERE h.id = $2${lock ? ' FOR UPDATE OF h' : ''}`,
    [today, id],
  )
  return r.rows[0] ?? null
}

export async function hdEvents(q: Queryable, id: string): Promise<HdEvent[]> {
  const r = await q.query<HdEvent>(
    `SELECT id::text, action, from_state, to_state, actor, actor_role, note, detail, ${isoSql('at')} AS at
       FROM hidden_danger_events WHERE hidden_danger_id = $1 ORDER BY at, id`,
    [id],
  )
  return r.rows
}

export async function hdPhotos(q: Queryable, id: string): Promise<HdPhoto[]> {
  const r = await q.query<HdPhoto>(
    `SELECT id, stage, filename, content_type, size_bytes, uploaded_by, ${isoSql('uploaded_at')} AS uploaded_at
       FROM hidden_danger_photos WHERE hidden_danger_id = $1 ORDER BY uploaded_at, id`,
    [id],
  )
  return r.rows
}

export interface NewHdValues {
  id?: string
  enterprise_id: string
  title: string
  description: string
  location: string | null
  lon: number | null
  lat: number | null
  risk_point_id: string | null
  grade: HdGrade
  category: string
  source: string
  found_by: string
  found_at?: string
}

export async function insertHiddenDanger(q: Queryable, v: NewHdValues): Promise<string> {
  const r = await q.query<{ id: string }>(
    `INSERT INTO hidden_dangers (id, enterprise_id, title, description, location, geom, risk_point_id, grade, category,
                                 source, found_by, found_at, updated_by)
     VALUES (coalesce($1, 'HD-' || substr(replace(gen_random_uuid()::text, '-', ''), 1, 12)), $2, $3, $4, $5,
             CASE WHEN $6::float8 IS NULL THEN NULL ELSE ST_SetSRID(ST_MakePoint($6, $7), 4326) END, $8, $9, $10,
             $11, $12, coalesce($13::timestamptz, now()), $12)
     RETURNING id`,
    [
      v.id ?? null,
      v.enterprise_id,
      v.title,
      v.description,
      v.location,
      v.lon,
      v.lat,
      v.risk_point_id,
      v.grade,
      v.category,
      v.source,
      v.found_by,
      v.found_at ?? null,
    ],
  )
  return r.rows[0]!.id
}

/** The columns a step may change (only those given). */
export interface HdChanges {
  state?: HdState
  grade?: HdGrade
  owner?: string
  deadline?: string
  requirement?: string | null
  ordered_by?: string
  ordered?: boolean
  rectification?: string
  governance_plan?: GovernancePlan
  listed_by?: string
  listing_ref?: string
  regulator_approval?: RegulatorApproval | null
  sent_back?: boolean
  closed_by?: string
  closed_on_time?: boolean | null
}

export async function updateHiddenDanger(q: Queryable, id: string, c: HdChanges, by: string): Promise<void> {
  await q.query(
    `UPDATE hidden_dangers SET
       state = coalesce($2, state),
       grade = coalesce($3, grade),
       owner = coalesce($4, owner),
       deadline = coalesce($5::date, deadline),
       requirement = CASE WHEN $6 THEN $7 ELSE requirement END,
       ordered_by = coalesce($8, ordered_by),
       ordered_at = CASE WHEN $9 THEN now() ELSE ordered_at END,
       rectification = coalesce($10, rectification),
       governance_plan = coalesce($11::jsonb, governance_plan),
       listed_at = CASE WHEN $12::text IS NOT NULL THEN now() ELSE listed_at END,
       listed_by = coalesce($12, listed_by),
       listing_ref = coalesce($13, listing_ref),
       regulator_approval = coalesce($14::jsonb, regulator_approval),
       sent_back_count = sent_back_count + CASE WHEN $15 THEN 1 ELSE 0 END,
       closed_at = CASE WHEN $16::text IS NOT NULL THEN now() ELSE closed_at END,
       closed_by = coalesce($16, closed_by),
       closed_on_time = CASE WHEN $16::text IS NOT NULL THEN $17 ELSE closed_on_time END,
       updated_by = $18, updated_at = now()
     WHERE id = $1`,
    [
      id,
      c.state ?? null,
      c.grade ?? null,
      c.owner ?? null,
      c.deadline ?? null,
      'requirement' in c,
      c.requirement ?? null,
      c.ordered_by ?? null,
      c.ordered ?? false,
      c.rectification ?? null,
      c.governance_plan ? JSON.stringify(c.governance_plan) : null,
      c.listed_by ?? null,
      c.listing_ref ?? null,
      c.regulator_approval ? JSON.stringify(c.regulator_approval) : null,
      c.sent_back ?? false,
      c.closed_by ?? null,
      c.closed_on_time ?? null,
      by,
    ],
  )
}

export async function insertEvent(
  q: Queryable,
  e: {
    hidden_danger_id: string
    enterprise_id: string
    action: string
    from_state: HdState | null
    to_state: HdState
    actor: string
    actor_role: string
    note: string | null
    detail?: Record<string, unknown>
    at?: string
  },
): Promise<string> {
  const r = await q.query<{ id: string }>(
    `INSERT INTO hidden_danger_events (hidden_danger_id, enterprise_id, action, from_state, to_state, actor,
                                       actor_role, note, detail, at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, coalesce($10::timestamptz, now())) RETURNING id::text`,
    [
      e.hidden_danger_id,
      e.enterprise_id,
      e.action,
      e.from_state,
      e.to_state,
      e.actor,
      e.actor_role,
      e.note,
      JSON.stringify(e.detail ?? {}),
      e.at ?? null,
    ],
  )
  return r.rows[0]!.id
}

export async function riskPointRef(
  q: Queryable,
  id: string,
): Promise<{ enterprise_id: string; lon: number; lat: number } | null> {
  const r = await q.query<{ enterprise_id: string; lon: number; lat: number }>(
    'SELECT enterprise_id, ST_X(geom) AS lon, ST_Y(geom) AS lat FROM risk_points WHERE id = $1',
    [id],
  )
  return r.rows[0] ?? null
}

export async function insertPhoto(
  q: Queryable,
  p: {
    hidden_danger_id: string
    enterprise_id: string
    stage: PhotoStage
    filename: string
    content_type: string
    size_bytes: number
    sha256: string
    blob_id: string
    uploaded_by: string
  },
): Promise<string> {
  const r = await q.query<{ id: string }>(
    `INSERT INTO hidden_danger_photos (hidden_danger_id, enterprise_id, stage, filename, content_type, size_bytes,
                                       sha256, blob_id, uploaded_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
    [
      p.hidden_danger_id,
      p.enterprise_id,
      p.stage,
      p.filename,
      p.content_type,
      p.size_bytes,
      p.sha256,
      p.blob_id,
      p.uploaded_by,
    ],
  )
  return r.rows[0]!.id
}

export async function findPhoto(
  q: Queryable,
  hdId: string,
  photoId: string,
): Promise<{ filename: string; content_type: string; blob_id: string } | null> {
  const r = await q.query<{ filename: string; content_type: string; blob_id: string }>(
    `SELECT filename, content_type, blob_id::text AS blob_id FROM hidden_danger_photos
      WHERE hidden_danger_id = $1 AND id = $2`,
    [hdId, photoId],
  )
  return r.rows[0] ?? null
}

interface StatsRow {
  enterprise_id: string
  enterprise_name: string
  open_general: number
  open_major: number
  closed_general: number
  closed_major: number
  overdue_general: number
  overdue_major: number
  listed: number
  closed_on_time: number
}

/** Counts per visible enterprise (every enterprise, zeros included). */
export async function statsRows(q: Queryable, today: string, enterprise: string | null): Promise<StatsRow[]> {
  const r = await q.query<StatsRow>(
    `SELECT e.id AS enterprise_id, e.name AS enterprise_name,
            count(*) FILTER (WHERE h.state <> 'closed' AND h.grade = 'general')::int AS open_general,
            count(*) FILTER (WHERE h.state <> 'closed' AND h.grade = 'major')::int AS open_major,
            count(*) FILTER (WHERE h.state = 'closed' AND h.grade = 'general')::int AS closed_general,
            count(*) FILTER (WHERE h.state = 'closed' AND h.grade = 'major')::int AS closed_major,
            count(*) FILTER (WHERE h.state <> 'closed' AND h.deadline < $1::date AND h.grade = 'general')::int
              AS overdue_general,
            count(*) FILTER (WHERE h.state <> 'closed' AND h.deadline < $1::date AND h.grade = 'major')::int
              AS overdue_major,
            count(*) FILTER (WHERE h.state <> 'closed' AND h.listed_at IS NOT NULL)::int AS listed,
            count(*) FILTER (WHERE h.state = 'closed' AND h.closed_on_time)::int AS closed_on_time
       FROM enterprises e LEFT JOIN hidden_dangers h ON h.enterprise_id = e.id
      WHERE ($2::text IS NULL OR e.id = $2)
      GROUP BY e.id, e.name ORDER BY e.id`,
    [today, enterprise],
  )
  return r.rows
}

/** Open hidden dangers with a deadline (the hourly overdue check; park scope). */
export async function openWithDeadline(q: Queryable) {
  const r = await q.query<{
    id: string
    enterprise_id: string
    title: string
    grade: HdGrade
    state: HdState
    deadline: string | null
    owner: string | null
  }>(
    `SELECT id, enterprise_id, title, grade, state, deadline::text AS deadline, owner
       FROM hidden_dangers WHERE state <> 'closed' AND deadline IS NOT NULL ORDER BY id`,
  )
  return r.rows
}
