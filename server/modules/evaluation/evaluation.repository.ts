import {
  fromTenths,
  type ChecklistElement,
  type ChecklistItem,
  type EvaluationStatus,
  type EvidenceRef,
  type Grade,
  type GradeBand,
  type Scoring,
} from '../../contracts/evaluation'
import type { Queryable } from '../../platform/db/db'
import { isoSql } from '../environment/sql'
import type { ScoreRowT } from './evaluation-rules'

// The only SQL of the annual evaluation. Every function runs in the caller's transaction and scope (RLS: the
// evaluations are park-only). Scores and maxima are integer tenths in the database and in ScoreRowT.

export async function gradeBands(q: Queryable, edition: string): Promise<GradeBand[]> {
  const r = await q.query<{
    grade: Grade
    min_tenths: number
    label: string
    label_en: string
    consequence: string
  }>(
    `SELECT grade, min_tenths, label, label_en, consequence FROM evaluation_grade_bands
      WHERE edition = $1 ORDER BY min_tenths`,
    [edition],
  )
  return r.rows.map(({ min_tenths, ...b }) => ({ ...b, min_points: fromTenths(min_tenths) }))
}

export async function updateGradeBand(
  q: Queryable,
  edition: string,
  b: { grade: Grade; min_tenths: number; label?: string; label_en?: string; consequence?: string },
  by: string,
): Promise<void> {
  await q.query(
    `UPDATE evaluation_grade_bands
        SET min_tenths = $3, label = coalesce($4, label), label_en = coalesce($5, label_en),
            consequence = coalesce($6, consequence), updated_by = $7, updated_at = now()
      WHERE edition = $1 AND grade = $2`,
    [edition, b.grade, b.min_tenths, b.label ?? null, b.label_en ?? null, b.consequence ?? null, by],
  )
}

interface ItemRow extends Omit<ChecklistItem, 'max_points'> {
  max_tenths: number
}

/** The checklist: active elements with their active items (or everything with `all`). */
export async function checklistElements(q: Queryable, all = false): Promise<ChecklistElement[]> {
  const els = await q.query<Omit<ChecklistElement, 'items' | 'max_points'> & { max_tenths: number }>(
    `SELECT id, seq, name, name_en, max_tenths, confirmed, note, active FROM evaluation_elements
      WHERE $1 OR active ORDER BY seq, id`,
    [all],
  )
  const items = await q.query<ItemRow>(
    `SELECT id, element_id, seq, item_no, content, content_en, scoring, evidence, max_tenths, active
       FROM evaluation_items WHERE $1 OR active ORDER BY element_id, seq, id`,
    [all],
  )
  return els.rows.map(({ max_tenths, ...e }) => ({
    ...e,
    max_points: fromTenths(max_tenths),
    items: items.rows
      .filter((i) => i.element_id === e.id)
      .map(({ max_tenths: m, ...i }) => ({ ...i, max_points: fromTenths(m) })),
  }))
}

export async function checklistIsEmpty(q: Queryable): Promise<boolean> {
  return !(await q.query('SELECT 1 FROM evaluation_items LIMIT 1')).rowCount
}

export interface ElementValues {
  id: string
  seq: number
  name: string
  name_en: string | null
  max_tenths: number
  confirmed: boolean
  note: string
}

export async function upsertElement(q: Queryable, e: ElementValues, by: string): Promise<void> {
  await q.query(
    `INSERT INTO evaluation_elements (id, seq, name, name_en, max_tenths, confirmed, note, active, updated_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, true, $8)
     ON CONFLICT (id) DO UPDATE SET seq = $2, name = $3, name_en = $4, max_tenths = $5, confirmed = $6,
       note = $7, active = true, updated_by = $8, updated_at = now()`,
    [e.id, e.seq, e.name, e.name_en, e.max_tenths, e.confirmed, e.note, by],
  )
}

export interface ItemValues {
  id: string
  element_id: string
  seq: number
  item_no: string
  content: string
  content_en: string | null
  scoring: Scoring
  evidence: string
  max_tenths: number
  active: boolean
}

export async function upsertItem(q: Queryable, i: ItemValues, by: string): Promise<void> {
  await q.query(
    `INSERT INTO evaluation_items (id, element_id, seq, item_no, content, content_en, scoring, evidence,
                                   max_tenths, active, updated_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     ON CONFLICT (id) DO UPDATE SET element_id = $2, seq = $3, item_no = $4, content = $5, content_en = $6,
       scoring = $7, evidence = $8, max_tenths = $9, active = $10, updated_by = $11, updated_at = now()`,
    [
      i.id,
      i.element_id,
      i.seq,
      i.item_no,
      i.content,
      i.content_en,
      JSON.stringify(i.scoring),
      i.evidence,
      i.max_tenths,
      i.active,
      by,
    ],
  )
}

/** Deactivates the elements and items a loaded checklist no longer lists. */
export async function deactivateOthers(
  q: Queryable,
  elementIds: string[],
  itemIds: string[],
  by: string,
): Promise<void> {
  await q.query(
    `UPDATE evaluation_elements SET active = false, updated_by = $2, updated_at = now()
      WHERE active AND NOT (id = ANY($1::text[]))`,
    [elementIds, by],
  )
  await q.query(
    `UPDATE evaluation_items SET active = false, updated_by = $2, updated_at = now()
      WHERE active AND NOT (id = ANY($1::text[]))`,
    [itemIds, by],
  )
}

export async function elementOf(
  q: Queryable,
  id: string,
): Promise<{ id: string; max_tenths: number } | null> {
  const r = await q.query<{ id: string; max_tenths: number }>(
    'SELECT id, max_tenths FROM evaluation_elements WHERE id = $1',
    [id],
  )
  return r.rows[0] ?? null
}

/** Sum of the active items' maxima of an element, leaving one item out (to check an edit). */
export async function elementItemsTenths(q: Queryable, elementId: string, except: string): Promise<number> {
  const r = await q.query<{ n: number }>(
    `SELECT coalesce(sum(max_tenths), 0)::int AS n FROM evaluation_items
      WHERE element_id = $1 AND active AND id <> $2`,
    [elementId, except],
  )
  return r.rows[0]!.n
}

export interface EvaluationRow {
  id: string
  year: number
  edition: string
  status: EvaluationStatus
  summary: string
  total_tenths: number | null
  grade: Grade | null
  created_by: string | null
  submitted_by: string | null
  submitted_at: string | null
  approved_by: string | null
  approved_at: string | null
  return_reason: string | null
  updated_at: string
}

const evalCols = `id, year, edition, status, summary, total_tenths, grade, created_by, submitted_by,
  ${isoSql('submitted_at')} AS submitted_at, approved_by, ${isoSql('approved_at')} AS approved_at, return_reason,
  ${isoSql('updated_at')} AS updated_at`

export async function listEvaluations(q: Queryable): Promise<EvaluationRow[]> {
  return (await q.query<EvaluationRow>(`SELECT ${evalCols} FROM park_evaluations ORDER BY year DESC`)).rows
}

export async function findEvaluation(
  q: Queryable,
  year: number,
  lock = false,
): Promise<EvaluationRow | null> {
  const r = await q.query<EvaluationRow>(
    `SELECT ${evalCols} FROM park_evaluations WHERE year = $1 ${lock ? 'FOR UPDATE' : ''}`,
    [year],
  )
  return r.rows[0] ?? null
}

/** A new draft with one unscored row per active checklist item (the item as it is now). */
export async function insertEvaluation(
  q: Queryable,
  v: { id: string; year: number; summary: string },
  by: string,
): Promise<number> {
  await q.query(
    `INSERT INTO park_evaluations (id, year, summary, created_by, updated_by) VALUES ($1, $2, $3, $4, $4)`,
    [v.id, v.year, v.summary, by],
  )
  const r = await q.query(
    `INSERT INTO evaluation_scores (evaluation_id, item_id, element_id, element_seq, element_name,
                                    element_confirmed, item_seq, item_no, content, scoring, evidence_required,
                                    max_tenths, updated_by)
     SELECT $1, i.id, e.id, e.seq, e.name, e.confirmed, i.seq, i.item_no, i.content, i.scoring, i.evidence,
            i.max_tenths, $2
       FROM evaluation_items i JOIN evaluation_elements e ON e.id = i.element_id
      WHERE i.active AND e.active`,
    [v.id, by],
  )
  return r.rowCount ?? 0
}

const scoreCols = `item_id, element_id, element_seq, element_name, element_confirmed, item_seq, item_no, content,
  scoring, evidence_required, max_tenths, score_tenths, option_key, finding, advice, plan_measure, plan_owner,
  plan_deadline::text AS plan_deadline`

export type StoredScore = ScoreRowT & { evidence_required: string }

export async function scoreRows(q: Queryable, evaluationId: string): Promise<StoredScore[]> {
  const r = await q.query<StoredScore>(
    `SELECT ${scoreCols} FROM evaluation_scores WHERE evaluation_id = $1 ORDER BY element_seq, item_seq, item_id`,
    [evaluationId],
  )
  return r.rows
}

export async function findScore(
  q: Queryable,
  evaluationId: string,
  itemId: string,
): Promise<StoredScore | null> {
  const r = await q.query<StoredScore>(
    `SELECT ${scoreCols} FROM evaluation_scores WHERE evaluation_id = $1 AND item_id = $2 FOR UPDATE`,
    [evaluationId, itemId],
  )
  return r.rows[0] ?? null
}

export interface ScoreValues {
  score_tenths: number | null
  option_key: string | null
  finding: string | null
  advice: string | null
  plan_measure: string | null
  plan_owner: string | null
  plan_deadline: string | null
}

export async function updateScore(
  q: Queryable,
  evaluationId: string,
  itemId: string,
  v: ScoreValues,
  by: string,
): Promise<void> {
  await q.query(
    `UPDATE evaluation_scores SET score_tenths = $3, option_key = $4, finding = $5, advice = $6,
            plan_measure = $7, plan_owner = $8, plan_deadline = $9, updated_by = $10, updated_at = now()
      WHERE evaluation_id = $1 AND item_id = $2`,
    [
      evaluationId,
      itemId,
      v.score_tenths,
      v.option_key,
      v.finding,
      v.advice,
      v.plan_measure,
      v.plan_owner,
      v.plan_deadline,
      by,
    ],
  )
  await q.query(`UPDATE park_evaluations SET updated_by = $2, updated_at = now() WHERE id = $1`, [
    evaluationId,
    by,
  ])
}

/** Evidence documents per item (documents the caller may see). */
export async function evidenceOf(q: Queryable, evaluationId: string): Promise<Map<string, EvidenceRef[]>> {
  const r = await q.query<EvidenceRef & { item_id: string }>(
    `SELECT x.item_id, d.id AS document_id, d.title, d.doc_type, d.doc_number, v.id AS version_id
       FROM evaluation_evidence x
       JOIN documents d ON d.id = x.document_id
       LEFT JOIN document_versions v ON v.document_id = d.id AND v.version = d.current_version
      WHERE x.evaluation_id = $1
      ORDER BY x.item_id, x.linked_at, d.id`,
    [evaluationId],
  )
  const out = new Map<string, EvidenceRef[]>()
  for (const { item_id, ...e } of r.rows) out.set(item_id, [...(out.get(item_id) ?? []), e])
  return out
}

/** The ids among `ids` that are documents the caller may see. */
export async function visibleDocuments(q: Queryable, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set()
  const r = await q.query<{ id: string }>('SELECT id FROM documents WHERE id = ANY($1::text[])', [ids])
  return new Set(r.rows.map((x) => x.id))
}

export async function setEvidence(
  q: Queryable,
  evaluationId: string,
  itemId: string,
  documentIds: string[],
  by: string,
): Promise<void> {
  await q.query(
    `DELETE FROM evaluation_evidence WHERE evaluation_id = $1 AND item_id = $2 AND NOT (document_id = ANY($3::text[]))`,
    [evaluationId, itemId, documentIds],
  )
  await q.query(
    `INSERT INTO evaluation_evidence (evaluation_id, item_id, document_id, linked_by)
     SELECT $1, $2, unnest($3::text[]), $4
     ON CONFLICT DO NOTHING`,
    [evaluationId, itemId, documentIds, by],
  )
}

export async function updateSummary(q: Queryable, id: string, summary: string, by: string): Promise<void> {
  await q.query(
    `UPDATE park_evaluations SET summary = $2, updated_by = $3, updated_at = now() WHERE id = $1`,
    [id, summary, by],
  )
}

export async function setSubmitted(q: Queryable, id: string, by: string): Promise<void> {
  await q.query(
    `UPDATE park_evaluations SET status = 'submitted', submitted_by = $2, submitted_at = now(),
            return_reason = NULL, updated_by = $2, updated_at = now() WHERE id = $1`,
    [id, by],
  )
}

export async function setApproved(
  q: Queryable,
  id: string,
  v: { total_tenths: number; grade: Grade },
  by: string,
): Promise<void> {
  await q.query(
    `UPDATE park_evaluations SET status = 'approved', total_tenths = $2, grade = $3, approved_by = $4,
            approved_at = now(), updated_by = $4, updated_at = now() WHERE id = $1`,
    [id, v.total_tenths, v.grade, by],
  )
}

export async function setReturned(q: Queryable, id: string, reason: string, by: string): Promise<void> {
  await q.query(
    `UPDATE park_evaluations SET status = 'draft', return_reason = $2, updated_by = $3, updated_at = now()
      WHERE id = $1`,
    [id, reason, by],
  )
}
