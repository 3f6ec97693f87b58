import {
  fromTenths,
  gradeOfTenths,
  toTenths,
  type Checklist,
  type ChecklistImportBody,
  type ChecklistItemBody,
  type EvaluationDetail,
  type EvaluationSummary,
  type GradeBand,
  type GradeBandsBody,
  type NewEvaluationBody,
  type ScoreBody,
} from '../../contracts/evaluation'
import { auditIn } from '../../platform/audit'
import type { Db, DbScope, Queryable } from '../../platform/db/db'
import type { AppState } from '../../platform/http/auth-middleware'
import { errors } from '../../platform/http/errors'
import {
  checklistProblems,
  compare,
  deductions,
  elementScores,
  resolveScore,
  scoringProblems,
  submitProblems,
  totals,
  type ScoreRowT,
} from './evaluation-rules'
import {
  checklistElements,
  deactivateOthers,
  elementItemsTenths,
  elementOf,
  evidenceOf,
  findEvaluation,
  findScore,
  gradeBands,
  insertEvaluation,
  listEvaluations,
  scoreRows,
  setApproved,
  setEvidence,
  setReturned,
  setSubmitted,
  updateGradeBand,
  updateScore,
  updateSummary,
  upsertElement,
  upsertItem,
  visibleDocuments,
  type EvaluationRow,
} from './evaluation.repository'

export const defaultEdition = '2023'

const pgCode = (err: unknown) => (err as { code?: string })?.code

/** The annual park evaluation: checklist, evaluations, scoring, submission and approval; audited in the same tx. */
export class EvaluationService {
  constructor(private readonly db: Db) {}

  private audit(q: Queryable, who: AppState, ip: string | null, action: string, target: string, detail = {}) {
    return auditIn(q, {
      userId: who.user.id,
      username: who.user.username,
      action,
      target,
      result: 'ok',
      ip,
      detail,
      enterpriseId: null,
    })
  }

  // ---- checklist ----

  async checklist(scope: DbScope): Promise<Checklist> {
    return this.db.tx(scope, (q) => this.readChecklist(q))
  }

  private async readChecklist(q: Queryable): Promise<Checklist> {
    const elements = await checklistElements(q)
    const total = elements.reduce(
      (s, e) => s + e.items.reduce((t, i) => t + (i.active ? toTenths(i.max_points)! : 0), 0),
      0,
    )
    return { elements, bands: await gradeBands(q, defaultEdition), total_points: fromTenths(total) }
  }

  /** Loads a whole checklist: listed elements and items are written, the others deactivated. */
  async importChecklist(who: AppState, b: ChecklistImportBody, ip: string | null): Promise<Checklist> {
    const bad = checklistProblems(b)
    if (bad.length)
      throw errors.validation(bad.map((x) => `${x.field}: ${x.message}`).join('; '), bad[0]!.field)
    return this.db.tx(who.scope, async (q) => {
      const by = who.user.username
      for (const e of b.elements) {
        await upsertElement(
          q,
          {
            id: e.id,
            seq: e.seq,
            name: e.name,
            name_en: e.name_en ?? null,
            max_tenths: toTenths(e.max_points)!,
            confirmed: e.confirmed,
            note: e.note,
          },
          by,
        )
        for (const i of e.items)
          await upsertItem(
            q,
            {
              id: i.id,
              element_id: e.id,
              seq: i.seq,
              item_no: i.item_no,
              content: i.content,
              content_en: i.content_en ?? null,
              scoring: i.scoring,
              evidence: i.evidence,
              max_tenths: toTenths(i.max_points)!,
              active: i.active,
            },
            by,
          )
      }
      await deactivateOthers(
        q,
        b.elements.map((e) => e.id),
        b.elements.flatMap((e) => e.items.map((i) => i.id)),
        by,
      )
      const out = await this.readChecklist(q)
      await this.audit(q, who, ip, 'evaluation.checklist_import', 'evaluation-checklist', {
        elements: b.elements.length,
        items: b.elements.reduce((s, e) => s + e.items.length, 0),
        total_points: out.total_points,
      })
      return out
    })
  }

  /** Edits (or adds) one item; its element's items must still add up to the element's points. */
  async putItem(who: AppState, id: string, b: ChecklistItemBody, ip: string | null): Promise<Checklist> {
    const bad = scoringProblems(b.scoring, b.max_points)
    if (bad.length) throw errors.validation(`scoring: ${bad.join('; ')}`, 'scoring')
    return this.db.tx(who.scope, async (q) => {
      const el = await elementOf(q, b.element_id)
      if (!el) throw errors.validation(`element_id: unknown element ${b.element_id}`, 'element_id')
      const max = toTenths(b.max_points)!
      const others = await elementItemsTenths(q, b.element_id, id)
      if (b.active && others + max !== el.max_tenths)
        throw errors.validation(
          `max_points: the element's items would add up to ${fromTenths(others + max)}, not ${fromTenths(el.max_tenths)}`,
          'max_points',
        )
      try {
        await upsertItem(
          q,
          {
            id,
            element_id: b.element_id,
            seq: b.seq,
            item_no: b.item_no,
            content: b.content,
            content_en: b.content_en ?? null,
            scoring: b.scoring,
            evidence: b.evidence,
            max_tenths: max,
            active: b.active,
          },
          who.user.username,
        )
      } catch (err) {
        if (pgCode(err) === '23505')
          throw errors.conflict(
            'evaluation.item_no_taken',
            `item number ${b.item_no} is used by another item`,
          )
        throw err
      }
      await this.audit(q, who, ip, 'evaluation.checklist_item', id, { element_id: b.element_id })
      return this.readChecklist(q)
    })
  }

  async setGradeBands(who: AppState, b: GradeBandsBody, ip: string | null): Promise<GradeBand[]> {
    const grades = b.bands.map((x) => x.grade)
    if (new Set(grades).size !== 4) throw errors.validation('bands: one band per grade A, B, C, D', 'bands')
    const sorted = [...b.bands].sort((x, y) => x.grade.localeCompare(y.grade))
    if (sorted[0]!.min_points !== 0)
      throw errors.validation('bands.A.min_points: grade A starts at 0', 'bands')
    for (let i = 1; i < 4; i++)
      if (sorted[i]!.min_points <= sorted[i - 1]!.min_points)
        throw errors.validation('bands: minima must rise from A to D', 'bands')
    return this.db.tx(who.scope, async (q) => {
      for (const x of sorted)
        await updateGradeBand(
          q,
          defaultEdition,
          {
            grade: x.grade,
            min_tenths: toTenths(x.min_points)!,
            label: x.label,
            label_en: x.label_en,
            consequence: x.consequence,
          },
          who.user.username,
        )
      await this.audit(q, who, ip, 'evaluation.grade_bands', defaultEdition, {
        minima: Object.fromEntries(sorted.map((x) => [x.grade, x.min_points])),
      })
      return gradeBands(q, defaultEdition)
    })
  }

  // ---- evaluations ----

  async list(scope: DbScope): Promise<EvaluationSummary[]> {
    return this.db.tx(scope, async (q) => {
      const bands = await gradeBands(q, defaultEdition)
      const out: EvaluationSummary[] = []
      for (const e of await listEvaluations(q)) out.push(this.summary(e, await scoreRows(q, e.id), bands))
      return out
    })
  }

  async get(scope: DbScope, year: number): Promise<EvaluationDetail> {
    return this.db.tx(scope, (q) => this.detail(q, year))
  }

  private summary(
    e: EvaluationRow,
    rows: readonly ScoreRowT[],
    bands: readonly GradeBand[],
  ): EvaluationSummary {
    const t = totals(rows)
    // an approved evaluation keeps the total and grade it was approved with
    const total = e.status === 'approved' && e.total_tenths !== null ? e.total_tenths : t.total_tenths
    const grade = e.status === 'approved' && e.grade ? e.grade : gradeOfTenths(total, bands)
    return {
      id: e.id,
      year: e.year,
      status: e.status,
      total_points: fromTenths(total),
      max_points: fromTenths(t.max_tenths),
      grade,
      grade_label: bands.find((b) => b.grade === grade)?.label ?? grade,
      scored: t.scored,
      item_count: t.items,
      deduction_points: fromTenths(t.deduction_tenths),
      summary: e.summary,
      created_by: e.created_by,
      submitted_by: e.submitted_by,
      submitted_at: e.submitted_at,
      approved_by: e.approved_by,
      approved_at: e.approved_at,
      return_reason: e.return_reason,
      updated_at: e.updated_at,
    }
  }

  /** The evaluation of `year` with items, element sums, deductions and the comparison with the year before. */
  async detail(q: Queryable, year: number): Promise<EvaluationDetail> {
    const e = await findEvaluation(q, year)
    if (!e) throw errors.notFound('evaluation', String(year))
    const bands = await gradeBands(q, e.edition)
    const rows = await scoreRows(q, e.id)
    const evidence = await evidenceOf(q, e.id)
    const prev = await findEvaluation(q, year - 1)
    const prevRows = prev ? await scoreRows(q, prev.id) : []
    return {
      ...this.summary(e, rows, bands),
      bands,
      elements: elementScores(rows),
      items: rows.map((r) => ({
        item_id: r.item_id,
        element_id: r.element_id,
        item_no: r.item_no,
        content: r.content,
        scoring: r.scoring,
        evidence_required: r.evidence_required,
        max_points: fromTenths(r.max_tenths),
        score: r.score_tenths === null ? null : fromTenths(r.score_tenths),
        option_key: r.option_key,
        deduction: r.score_tenths === null ? null : fromTenths(r.max_tenths - r.score_tenths),
        finding: r.finding,
        advice: r.advice,
        plan_measure: r.plan_measure,
        plan_owner: r.plan_owner,
        plan_deadline: r.plan_deadline,
        evidence: evidence.get(r.item_id) ?? [],
        placeholder: !r.element_confirmed,
      })),
      deductions: deductions(rows),
      comparison: prev
        ? compare(rows, { year: prev.year, status: prev.status, rows: prevRows }, bands, prev.grade)
        : null,
    }
  }

  async create(who: AppState, b: NewEvaluationBody, ip: string | null): Promise<EvaluationDetail> {
    return this.db.tx(who.scope, async (q) => {
      if (await findEvaluation(q, b.year))
        throw errors.conflict('evaluation.year_exists', `the evaluation of ${b.year} exists already`)
      const n = await insertEvaluation(
        q,
        { id: `EV-${b.year}`, year: b.year, summary: b.summary ?? '' },
        who.user.username,
      )
      if (!n)
        throw errors.conflict('evaluation.no_checklist', 'the checklist has no active items: load it first')
      await this.audit(q, who, ip, 'evaluation.create', `EV-${b.year}`, { year: b.year, items: n })
      return this.detail(q, b.year)
    })
  }

  private async draft(q: Queryable, year: number): Promise<EvaluationRow> {
    const e = await findEvaluation(q, year, true)
    if (!e) throw errors.notFound('evaluation', String(year))
    if (e.status !== 'draft')
      throw errors.conflict(
        'evaluation.not_draft',
        `the evaluation of ${year} is ${e.status}; only a draft is edited`,
      )
    return e
  }

  async patch(who: AppState, year: number, summary: string, ip: string | null): Promise<EvaluationDetail> {
    return this.db.tx(who.scope, async (q) => {
      const e = await this.draft(q, year)
      await updateSummary(q, e.id, summary, who.user.username)
      await this.audit(q, who, ip, 'evaluation.update', e.id, {})
      return this.detail(q, year)
    })
  }

  /** Scores one item of a draft (and its finding, advice, plan and evidence). */
  async score(
    who: AppState,
    year: number,
    itemId: string,
    b: ScoreBody,
    ip: string | null,
  ): Promise<EvaluationDetail> {
    return this.db.tx(who.scope, async (q) => {
      const e = await this.draft(q, year)
      const cur = await findScore(q, e.id, itemId)
      if (!cur) throw errors.notFound('evaluation_item', itemId)
      const resolved = resolveScore(cur, {
        ...(b.score !== undefined ? { score: b.score === null ? null : toTenths(b.score)! } : {}),
        ...(b.option_key !== undefined ? { option_key: b.option_key } : {}),
      })
      if ('field' in resolved)
        throw errors.validation(`${resolved.field}: ${resolved.message}`, resolved.field)
      const keep = <K extends 'finding' | 'advice' | 'plan_measure' | 'plan_owner' | 'plan_deadline'>(
        k: K,
      ) => (b[k] !== undefined ? (b[k] === '' ? null : (b[k] ?? null)) : cur[k])
      if (b.evidence) {
        const seen = await visibleDocuments(q, b.evidence)
        const i = b.evidence.findIndex((d) => !seen.has(d))
        if (i >= 0)
          throw errors.validation(`evidence.${i}: unknown document ${b.evidence[i]}`, `evidence.${i}`)
      }
      await updateScore(
        q,
        e.id,
        itemId,
        {
          ...resolved,
          finding: keep('finding'),
          advice: keep('advice'),
          plan_measure: keep('plan_measure'),
          plan_owner: keep('plan_owner'),
          plan_deadline: keep('plan_deadline'),
        },
        who.user.username,
      )
      if (b.evidence) await setEvidence(q, e.id, itemId, b.evidence, who.user.username)
      await this.audit(q, who, ip, 'evaluation.score', `${e.id}/${itemId}`, {
        score: resolved.score_tenths === null ? null : fromTenths(resolved.score_tenths),
        option_key: resolved.option_key,
        ...(b.evidence ? { evidence: b.evidence } : {}),
      })
      return this.detail(q, year)
    })
  }

  async submit(who: AppState, year: number, ip: string | null): Promise<EvaluationDetail> {
    return this.db.tx(who.scope, async (q) => {
      const e = await this.draft(q, year)
      const problems = submitProblems(await scoreRows(q, e.id), year)
      if (problems.length)
        throw errors.conflict('evaluation.incomplete', `cannot submit: ${problems.join('; ')}`)
      await setSubmitted(q, e.id, who.user.username)
      await this.audit(q, who, ip, 'evaluation.submit', e.id, {})
      return this.detail(q, year)
    })
  }

  /** park_admin: a submitted evaluation is approved; its total and grade are frozen. */
  async approve(who: AppState, year: number, ip: string | null): Promise<EvaluationDetail> {
    return this.db.tx(who.scope, async (q) => {
      const e = await findEvaluation(q, year, true)
      if (!e) throw errors.notFound('evaluation', String(year))
      if (e.status !== 'submitted')
        throw errors.conflict(
          'evaluation.not_submitted',
          `the evaluation of ${year} is ${e.status}, not submitted`,
        )
      const rows = await scoreRows(q, e.id)
      const problems = submitProblems(rows, year)
      if (problems.length)
        throw errors.conflict('evaluation.incomplete', `cannot approve: ${problems.join('; ')}`)
      const total = totals(rows).total_tenths
      const grade = gradeOfTenths(total, await gradeBands(q, e.edition))
      await setApproved(q, e.id, { total_tenths: total, grade }, who.user.username)
      await this.audit(q, who, ip, 'evaluation.approve', e.id, { total: fromTenths(total), grade })
      return this.detail(q, year)
    })
  }

  /** park_admin: a submitted evaluation goes back to draft with the reason. */
  async sendBack(who: AppState, year: number, reason: string, ip: string | null): Promise<EvaluationDetail> {
    return this.db.tx(who.scope, async (q) => {
      const e = await findEvaluation(q, year, true)
      if (!e) throw errors.notFound('evaluation', String(year))
      if (e.status !== 'submitted')
        throw errors.conflict(
          'evaluation.not_submitted',
          `the evaluation of ${year} is ${e.status}, not submitted`,
        )
      await setReturned(q, e.id, reason, who.user.username)
      await this.audit(q, who, ip, 'evaluation.return', e.id, { reason })
      return this.detail(q, year)
    })
  }
}
