import type {
  EvidenceDocument,
  Inspection,
  InspectionBody,
  InspectionPlan,
  InspectionPlanBody,
  InspectionQuery,
  MonthRow,
  NoticeBody,
  NoticeQuery,
  NoticeState,
  Penalty,
  PenaltyBody,
  PenaltyQuery,
  PenaltyStatus,
  RectificationRecord,
  Reinspection,
} from '../../contracts/enforcement'
import type { Queryable } from '../../platform/db/db'
import { isoSql } from '../environment/sql'

// The only SQL of the enforcement ledger. Every function runs in the caller's transaction and scope (RLS decides
// what exists: an enterprise sees its own inspections, penalties and notices; inspection plans are the park's).
// Days leave as YYYY-MM-DD text, instants as ISO-8601 UTC.

export async function listPlans(q: Queryable): Promise<InspectionPlan[]> {
  const r = await q.query<InspectionPlan>(
    `SELECT p.id, p.title, p.period_from::text AS period_from, p.period_to::text AS period_to, p.targets,
            p.inspectors, p.focus, (SELECT count(*)::int FROM inspections i WHERE i.plan_id = p.id) AS inspections,
            p.created_by, ${isoSql('p.created_at')} AS created_at
       FROM inspection_plans p ORDER BY p.period_from DESC, p.id LIMIT 500`,
  )
  return r.rows
}

export async function insertPlan(
  q: Queryable,
  b: InspectionPlanBody & { id?: string },
  by: string,
): Promise<string> {
  const r = await q.query<{ id: string }>(
    `INSERT INTO inspection_plans (id, title, period_from, period_to, targets, inspectors, focus, created_by)
     VALUES (coalesce($1, 'IP-' || substr(replace(gen_random_uuid()::text, '-', ''), 1, 12)), $2, $3, $4, $5, $6, $7, $8)
     RETURNING id`,
    [b.id ?? null, b.title, b.period_from, b.period_to, b.targets, b.inspectors, b.focus, by],
  )
  return r.rows[0]!.id
}

export async function planExists(q: Queryable, id: string): Promise<boolean> {
  return ((await q.query('SELECT 1 FROM inspection_plans WHERE id = $1', [id])).rowCount ?? 0) > 0
}

export async function enterpriseIds(q: Queryable, ids: readonly string[]): Promise<Set<string>> {
  const r = await q.query<{ id: string }>('SELECT id FROM enterprises WHERE id = ANY($1::text[])', [ids])
  return new Set(r.rows.map((x) => x.id))
}

const inspectionSelect = `SELECT i.id, i.enterprise_id, e.name AS enterprise_name, i.plan_id,
    i.inspected_on::text AS inspected_on, i.inspectors, i.kind, i.findings, i.legal_basis, i.issues_found,
    (SELECT count(*)::int FROM rectification_notices n WHERE n.inspection_id = i.id) AS notices,
    (SELECT count(*)::int FROM penalties p WHERE p.inspection_id = i.id) AS penalties,
    i.created_by, ${isoSql('i.created_at')} AS created_at
  FROM inspections i JOIN enterprises e ON e.id = i.enterprise_id`

export async function listInspections(q: Queryable, f: InspectionQuery): Promise<Inspection[]> {
  const r = await q.query<Inspection>(
    `${inspectionSelect}
      WHERE ($1::text IS NULL OR i.enterprise_id = $1)
        AND ($2::date IS NULL OR i.inspected_on >= $2) AND ($3::date IS NULL OR i.inspected_on <= $3)
      ORDER BY i.inspected_on DESC, i.id LIMIT 1000`,
    [f.enterprise ?? null, f.from ?? null, f.to ?? null],
  )
  return r.rows
}

export async function findInspection(q: Queryable, id: string): Promise<Inspection | null> {
  const r = await q.query<Inspection>(`${inspectionSelect} WHERE i.id = $1`, [id])
  return r.rows[0] ?? null
}

export async function insertInspection(
  q: Queryable,
  b: InspectionBody & { id?: string },
  by: string,
): Promise<string> {
  const r = await q.query<{ id: string }>(
    `INSERT INTO inspections (id, enterprise_id, plan_id, inspected_on, inspectors, kind, findings, legal_basis,
                              issues_found, created_by)
     VALUES (coalesce($1, 'INS-' || substr(replace(gen_random_uuid()::text, '-', ''), 1, 12)), $2, $3, $4, $5, $6,
             $7, $8, $9, $10)
     RETURNING id`,
    [
      b.id ?? null,
      b.enterprise_id,
      b.plan_id ?? null,
      b.inspected_on,
      b.inspectors,
      b.kind,
      b.findings,
      b.legal_basis ?? null,
      b.issues_found,
      by,
    ],
  )
  return r.rows[0]!.id
}

export type PenaltyRow = Omit<Penalty, 'actions'>

const penaltySelect = `SELECT p.id, p.enterprise_id, e.name AS enterprise_name, p.inspection_id, p.decision_no,
    p.penalty_type, p.amount_yuan::float8 AS amount_yuan, p.legal_basis, p.facts, p.decided_on::text AS decided_on,
    p.status, p.executed_on::text AS executed_on, p.document_id, p.updated_by, ${isoSql('p.updated_at')} AS updated_at
  FROM penalties p JOIN enterprises e ON e.id = p.enterprise_id`

export async function listPenalties(q: Queryable, f: PenaltyQuery): Promise<PenaltyRow[]> {
  const r = await q.query<PenaltyRow>(
    `${penaltySelect}
      WHERE ($1::text IS NULL OR p.enterprise_id = $1) AND ($2::text IS NULL OR p.status = $2)
        AND ($3::date IS NULL OR p.decided_on >= $3) AND ($4::date IS NULL OR p.decided_on <= $4)
      ORDER BY p.decided_on DESC, p.id LIMIT 1000`,
    [f.enterprise ?? null, f.status ?? null, f.from ?? null, f.to ?? null],
  )
  return r.rows
}

export async function findPenalty(q: Queryable, id: string, lock = false): Promise<PenaltyRow | null> {
  if (lock) await q.query('SELECT 1 FROM penalties WHERE id = $1 FOR UPDATE', [id])
  const r = await q.query<PenaltyRow>(`${penaltySelect} WHERE p.id = $1`, [id])
  return r.rows[0] ?? null
}

export async function insertPenalty(
  q: Queryable,
  b: PenaltyBody & { id?: string; status?: PenaltyStatus; executed_on?: string | null },
  by: string,
): Promise<string> {
  const r = await q.query<{ id: string }>(
    `INSERT INTO penalties (id, enterprise_id, inspection_id, decision_no, penalty_type, amount_yuan, legal_basis,
                            facts, decided_on, document_id, status, executed_on, created_by, updated_by)
     VALUES (coalesce($1, 'PEN-' || substr(replace(gen_random_uuid()::text, '-', ''), 1, 12)), $2, $3, $4, $5, $6,
             $7, $8, $9, $10, $11, $12, $13, $13)
     RETURNING id`,
    [
      b.id ?? null,
      b.enterprise_id,
      b.inspection_id ?? null,
      b.decision_no,
      b.penalty_type,
      b.amount_yuan ?? null,
      b.legal_basis,
      b.facts,
      b.decided_on,
      b.document_id ?? null,
      b.status ?? 'decided',
      b.executed_on ?? null,
      by,
    ],
  )
  return r.rows[0]!.id
}

export async function setPenaltyStatus(
  q: Queryable,
  id: string,
  status: PenaltyStatus,
  executedOn: string | null,
  by: string,
): Promise<void> {
  await q.query(
    `UPDATE penalties SET status = $2, executed_on = $3, updated_by = $4, updated_at = now() WHERE id = $1`,
    [id, status, executedOn, by],
  )
}

/** A notice as stored (the overdue fields are computed by the service). */
export interface NoticeRow {
  id: string
  enterprise_id: string
  enterprise_name: string
  inspection_id: string | null
  notice_no: string
  items: string[]
  legal_basis: string | null
  issued_on: string
  issued_by: string
  deadline: string
  state: NoticeState
  sent_back_count: number
  closed_on: string | null
  closed_on_time: boolean | null
  updated_at: string
}

const noticeSelect = `SELECT n.id, n.enterprise_id, e.name AS enterprise_name, n.inspection_id, n.notice_no, n.items,
    n.legal_basis, n.issued_on::text AS issued_on, n.issued_by, n.deadline::text AS deadline, n.state,
    n.sent_back_count, n.closed_on::text AS closed_on, n.closed_on_time, ${isoSql('n.updated_at')} AS updated_at
  FROM rectification_notices n JOIN enterprises e ON e.id = n.enterprise_id`

export async function listNotices(q: Queryable, f: NoticeQuery, today: string): Promise<NoticeRow[]> {
  const r = await q.query<NoticeRow>(
    `${noticeSelect}
      WHERE ($1::text IS NULL OR n.enterprise_id = $1)
        AND ($2::text IS NULL OR n.state = $2 OR ($2 = 'open' AND n.state <> 'closed'))
        AND ($3::boolean IS NULL OR (n.state <> 'closed' AND n.deadline < $4::date) = $3)
      ORDER BY (n.state = 'closed'), n.deadline, n.id LIMIT 1000`,
    [f.enterprise ?? null, f.state ?? null, f.overdue === undefined ? null : f.overdue === 'true', today],
  )
  return r.rows
}

export async function findNotice(q: Queryable, id: string, lock = false): Promise<NoticeRow | null> {
  if (lock) await q.query('SELECT 1 FROM rectification_notices WHERE id = $1 FOR UPDATE', [id])
  const r = await q.query<NoticeRow>(`${noticeSelect} WHERE n.id = $1`, [id])
  return r.rows[0] ?? null
}

export async function insertNotice(
  q: Queryable,
  b: NoticeBody & { id?: string; issued_by: string },
  by: string,
): Promise<string> {
  const r = await q.query<{ id: string }>(
    `INSERT INTO rectification_notices (id, enterprise_id, inspection_id, notice_no, items, legal_basis, issued_on,
                                        issued_by, deadline, created_by, updated_by)
     VALUES (coalesce($1, 'RN-' || substr(replace(gen_random_uuid()::text, '-', ''), 1, 12)), $2, $3, $4, $5, $6, $7,
             $8, $9, $10, $10)
     RETURNING id`,
    [
      b.id ?? null,
      b.enterprise_id,
      b.inspection_id ?? null,
      b.notice_no,
      b.items,
      b.legal_basis ?? null,
      b.issued_on,
      b.issued_by,
      b.deadline,
      by,
    ],
  )
  return r.rows[0]!.id
}

export async function updateNotice(
  q: Queryable,
  id: string,
  v: {
    state: NoticeState
    deadline: string
    sent_back_count: number
    closed_on: string | null
    closed_on_time: boolean | null
  },
  by: string,
): Promise<void> {
  await q.query(
    `UPDATE rectification_notices SET state = $2, deadline = $3, sent_back_count = $4, closed_on = $5,
            closed_on_time = $6, updated_by = $7, updated_at = now()
      WHERE id = $1`,
    [id, v.state, v.deadline, v.sent_back_count, v.closed_on, v.closed_on_time, by],
  )
}

export async function noticeRecords(q: Queryable, noticeId: string): Promise<RectificationRecord[]> {
  const r = await q.query<RectificationRecord>(
    `SELECT r.id::text, r.measures, r.completed_on::text AS completed_on, r.submitted_by,
            ${isoSql('r.submitted_at')} AS submitted_at,
            coalesce((SELECT json_agg(json_build_object('id', ev.document_id, 'title', d.title,
                        'version_id', v.id, 'filename', v.filename) ORDER BY ev.document_id)
                        FROM rectification_evidence ev
                        LEFT JOIN documents d ON d.id = ev.document_id
                        LEFT JOIN document_versions v ON v.document_id = d.id AND v.version = d.current_version
                       WHERE ev.record_id = r.id), '[]'::json) AS evidence
       FROM rectification_records r WHERE r.notice_id = $1 ORDER BY r.id DESC`,
    [noticeId],
  )
  return r.rows.map((x) => ({
    ...x,
    evidence: (x.evidence as (EvidenceDocument & { title: string | null })[]).map((e) => ({
      ...e,
      title: e.title ?? e.id,
    })),
  }))
}

export async function noticeReinspections(q: Queryable, noticeId: string): Promise<Reinspection[]> {
  const r = await q.query<Reinspection>(
    `SELECT id::text, record_id::text, inspected_on::text AS inspected_on, inspectors, result, opinion, created_by,
            ${isoSql('created_at')} AS created_at
       FROM reinspections WHERE notice_id = $1 ORDER BY id DESC`,
    [noticeId],
  )
  return r.rows
}

export async function insertRecord(
  q: Queryable,
  v: { notice_id: string; enterprise_id: string; measures: string; completed_on: string; evidence: string[] },
  by: string,
  at?: string,
): Promise<string> {
  const r = await q.query<{ id: string }>(
    `INSERT INTO rectification_records (notice_id, enterprise_id, measures, completed_on, submitted_by, submitted_at)
     VALUES ($1, $2, $3, $4, $5, coalesce($6::timestamptz, now())) RETURNING id::text`,
    [v.notice_id, v.enterprise_id, v.measures, v.completed_on, by, at ?? null],
  )
  const id = r.rows[0]!.id
  if (v.evidence.length)
    await q.query(
      `INSERT INTO rectification_evidence (record_id, enterprise_id, document_id)
       SELECT $1::bigint, $2, unnest($3::text[])`,
      [id, v.enterprise_id, v.evidence],
    )
  return id
}

export async function insertReinspection(
  q: Queryable,
  v: {
    notice_id: string
    enterprise_id: string
    record_id: string
    inspected_on: string
    inspectors: string[]
    result: 'passed' | 'failed'
    opinion: string
  },
  by: string,
): Promise<string> {
  const r = await q.query<{ id: string }>(
    `INSERT INTO reinspections (notice_id, enterprise_id, record_id, inspected_on, inspectors, result, opinion,
                                created_by)
     VALUES ($1, $2, $3::bigint, $4, $5, $6, $7, $8) RETURNING id::text`,
    [v.notice_id, v.enterprise_id, v.record_id, v.inspected_on, v.inspectors, v.result, v.opinion, by],
  )
  return r.rows[0]!.id
}

/** The latest record of a notice: its id, completion day and evidence count. */
export async function latestRecord(
  q: Queryable,
  noticeId: string,
): Promise<{ id: string; completed_on: string; evidence: number } | null> {
  const r = await q.query<{ id: string; completed_on: string; evidence: number }>(
    `SELECT r.id::text, r.completed_on::text AS completed_on,
            (SELECT count(*)::int FROM rectification_evidence ev WHERE ev.record_id = r.id) AS evidence
       FROM rectification_records r WHERE r.notice_id = $1 ORDER BY r.id DESC LIMIT 1`,
    [noticeId],
  )
  return r.rows[0] ?? null
}

/** Documents as the caller may see them (RLS), with their enterprise. */
export async function visibleDocuments(
  q: Queryable,
  ids: readonly string[],
): Promise<Map<string, string | null>> {
  const r = await q.query<{ id: string; enterprise_id: string | null }>(
    'SELECT id, enterprise_id FROM documents WHERE id = ANY($1::text[])',
    [ids],
  )
  return new Map(r.rows.map((d) => [d.id, d.enterprise_id]))
}

/** Open notices with their deadline: what the hourly check looks at. */
export async function openNotices(
  q: Queryable,
): Promise<{ id: string; enterprise_id: string; notice_no: string; state: NoticeState; deadline: string }[]> {
  const r = await q.query<{
    id: string
    enterprise_id: string
    notice_no: string
    state: NoticeState
    deadline: string
  }>(
    `SELECT id, enterprise_id, notice_no, state, deadline::text AS deadline
       FROM rectification_notices WHERE state <> 'closed' ORDER BY id`,
  )
  return r.rows
}

/** Counts per enterprise and month (YYYY-MM), months between `from` and `to` inclusive when given. */
export async function monthRows(
  q: Queryable,
  enterprise: string | null,
  from: string | null,
  to: string | null,
): Promise<MonthRow[]> {
  const r = await q.query<MonthRow>(
    `WITH ev AS (
       SELECT enterprise_id, to_char(inspected_on, 'YYYY-MM') AS month, 1 AS ins, 0 AS pen, 0::numeric AS amt,
              0 AS issued, 0 AS closed, 0 AS on_time FROM inspections
       UNION ALL
       SELECT enterprise_id, to_char(decided_on, 'YYYY-MM'), 0, 1, coalesce(amount_yuan, 0), 0, 0, 0
         FROM penalties WHERE status <> 'revoked'
       UNION ALL
       SELECT enterprise_id, to_char(issued_on, 'YYYY-MM'), 0, 0, 0, 1, 0, 0 FROM rectification_notices
       UNION ALL
       SELECT enterprise_id, to_char(closed_on, 'YYYY-MM'), 0, 0, 0, 0, 1, CASE WHEN closed_on_time THEN 1 ELSE 0 END
         FROM rectification_notices WHERE state = 'closed')
     SELECT ev.enterprise_id, e.name AS enterprise_name, ev.month, sum(ins)::int AS inspections,
            sum(pen)::int AS penalties, sum(amt)::float8 AS penalty_amount_yuan, sum(issued)::int AS notices_issued,
            sum(closed)::int AS notices_closed, sum(on_time)::int AS closed_on_time
       FROM ev JOIN enterprises e ON e.id = ev.enterprise_id
      WHERE ($1::text IS NULL OR ev.enterprise_id = $1)
        AND ($2::text IS NULL OR ev.month >= $2) AND ($3::text IS NULL OR ev.month <= $3)
      GROUP BY ev.enterprise_id, e.name, ev.month
      ORDER BY ev.month, ev.enterprise_id`,
    [enterprise, from, to],
  )
  return r.rows
}

/** Notices issued in the window, by enterprise: open, overdue (today), closed and closed on time. */
export async function noticeCounts(
  q: Queryable,
  enterprise: string | null,
  from: string | null,
  to: string | null,
  today: string,
): Promise<
  {
    enterprise_id: string
    enterprise_name: string
    open: number
    overdue: number
    closed: number
    closed_on_time: number
  }[]
> {
  const r = await q.query<{
    enterprise_id: string
    enterprise_name: string
    open: number
    overdue: number
    closed: number
    closed_on_time: number
  }>(
    `SELECT n.enterprise_id, e.name AS enterprise_name,
            count(*) FILTER (WHERE n.state <> 'closed')::int AS open,
            count(*) FILTER (WHERE n.state <> 'closed' AND n.deadline < $4::date)::int AS overdue,
            count(*) FILTER (WHERE n.state = 'closed')::int AS closed,
            count(*) FILTER (WHERE n.state = 'closed' AND n.closed_on_time)::int AS closed_on_time
       FROM rectification_notices n JOIN enterprises e ON e.id = n.enterprise_id
      WHERE ($1::text IS NULL OR n.enterprise_id = $1)
        AND ($2::text IS NULL OR to_char(n.issued_on, 'YYYY-MM') >= $2)
        AND ($3::text IS NULL OR to_char(n.issued_on, 'YYYY-MM') <= $3)
      GROUP BY n.enterprise_id, e.name`,
    [enterprise, from, to, today],
  )
  return r.rows
}
