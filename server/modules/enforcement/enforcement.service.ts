import { parkDay } from '../../contracts/emergency-plans'
import type {
  EnforcementStats,
  EnterpriseLedgerStats,
  Inspection,
  InspectionBody,
  InspectionPlan,
  InspectionPlanBody,
  InspectionQuery,
  NoticeBody,
  NoticeDetail,
  NoticeQuery,
  NoticeStepBody,
  Penalty,
  PenaltyBody,
  PenaltyQuery,
  PenaltyStepBody,
  RectificationNotice,
  StatsQuery,
} from '../../contracts/enforcement'
import { auditAction } from '../../platform/audit'
import type { Db, DbScope, Queryable } from '../../platform/db/db'
import type { AppState } from '../../platform/http/auth-middleware'
import { errors } from '../../platform/http/errors'
import {
  daysLeft,
  isOverdue,
  nextNoticeState,
  noticeActionsFor,
  noticeRefusal,
  onTimeRate,
  penaltyActionsFor,
  penaltyRefusal,
  penaltyTransitions,
  rectifiedOnTime,
  type NoticeFacts,
  type Refusal,
} from './enforcement-workflow'
import {
  enterpriseIds,
  findInspection,
  findNotice,
  findPenalty,
  insertInspection,
  insertNotice,
  insertPenalty,
  insertPlan,
  insertRecord,
  insertReinspection,
  latestRecord,
  listInspections,
  listNotices,
  listPenalties,
  listPlans,
  monthRows,
  noticeCounts,
  noticeReinspections,
  noticeRecords,
  planExists,
  setPenaltyStatus,
  updateNotice,
  visibleDocuments,
  type NoticeRow,
  type PenaltyRow,
} from './enforcement.repository'

export interface EnforcementServiceOptions {
  clock?: () => number
}

const pgCode = (err: unknown) => (err as { code?: string })?.code
const pgConstraint = (err: unknown) => (err as { constraint?: string })?.constraint ?? ''

/** Unique numbers as 409 with a stable id; anything else is rethrown. */
function conflictOr(err: unknown): never {
  if (pgCode(err) === '23505') {
    const c = pgConstraint(err)
    if (c.includes('decision_no'))
      throw errors.conflict('enforcement.decision_no_taken', 'a penalty with this decision number exists')
    if (c.includes('notice_no'))
      throw errors.conflict('enforcement.notice_no_taken', 'a notice with this number exists')
  }
  throw err
}

const refuse = (r: Refusal): never => {
  if (r.status === 400) throw errors.validation(r.message, r.field)
  if (r.status === 403) throw errors.forbidden(r.message)
  throw errors.conflict(r.id, r.message)
}

/** The enforcement ledger in the caller's scope (RLS), every change audited in the same transaction. */
export class EnforcementService {
  private readonly now: () => number

  constructor(
    private readonly db: Db,
    opts: EnforcementServiceOptions = {},
  ) {
    this.now = opts.clock ?? Date.now
  }

  today(): string {
    return parkDay(this.now())
  }

  private readonly audit = auditAction

  private async knownEnterprise(q: Queryable, id: string, field = 'enterprise_id') {
    if (!(await enterpriseIds(q, [id])).has(id))
      throw errors.validation(`${field}: unknown enterprise ${id}`, field)
  }

  private notFuture(v: string, field: string) {
    if (v > this.today()) throw errors.validation(`${field}: ${v} is in the future`, field)
  }

  /** An inspection cited by a penalty or notice: known and of the same enterprise. */
  private async citedInspection(q: Queryable, id: string | null | undefined, enterpriseId: string) {
    if (!id) return
    const i = await findInspection(q, id)
    if (!i || i.enterprise_id !== enterpriseId)
      throw errors.validation(
        `inspection_id: unknown inspection ${id} of enterprise ${enterpriseId}`,
        'inspection_id',
      )
  }

  // --- inspection plans (park only) ---

  plans(scope: DbScope): Promise<InspectionPlan[]> {
    return this.db.tx(scope, (q) => listPlans(q))
  }

  async createPlan(who: AppState, b: InspectionPlanBody, ip: string | null): Promise<InspectionPlan> {
    return this.db.tx(who.scope, async (q) => {
      const known = await enterpriseIds(q, b.targets)
      const i = b.targets.findIndex((t) => !known.has(t))
      if (i >= 0) throw errors.validation(`targets.${i}: unknown enterprise ${b.targets[i]}`, `targets.${i}`)
      const id = await insertPlan(q, b, who.user.username)
      await this.audit(q, who, ip, 'enforcement.plan.create', id, null, { targets: b.targets.length })
      return (await listPlans(q)).find((p) => p.id === id)!
    })
  }

  // --- inspection records ---

  inspections(scope: DbScope, f: InspectionQuery): Promise<Inspection[]> {
    return this.db.tx(scope, (q) => listInspections(q, f))
  }

  async createInspection(who: AppState, b: InspectionBody, ip: string | null): Promise<Inspection> {
    return this.db.tx(who.scope, async (q) => {
      await this.knownEnterprise(q, b.enterprise_id)
      this.notFuture(b.inspected_on, 'inspected_on')
      if (b.plan_id && !(await planExists(q, b.plan_id)))
        throw errors.validation(`plan_id: unknown inspection plan ${b.plan_id}`, 'plan_id')
      const id = await insertInspection(q, b, who.user.username)
      await this.audit(q, who, ip, 'enforcement.inspection.create', id, b.enterprise_id, {
        inspected_on: b.inspected_on,
        issues_found: b.issues_found,
      })
      return (await findInspection(q, id))!
    })
  }

  // --- penalties ---

  private presentPenalty(row: PenaltyRow, who: AppState): Penalty {
    return { ...row, actions: penaltyActionsFor(row.status, who.user.role) }
  }

  async penalties(who: AppState, f: PenaltyQuery): Promise<Penalty[]> {
    const rows = await this.db.tx(who.scope, (q) => listPenalties(q, f))
    return rows.map((r) => this.presentPenalty(r, who))
  }

  async getPenalty(who: AppState, id: string): Promise<Penalty> {
    const row = await this.db.tx(who.scope, (q) => findPenalty(q, id))
    if (!row) throw errors.notFound('penalty', id)
    return this.presentPenalty(row, who)
  }

  async createPenalty(who: AppState, b: PenaltyBody, ip: string | null): Promise<Penalty> {
    return this.db
      .tx(who.scope, async (q) => {
        await this.knownEnterprise(q, b.enterprise_id)
        this.notFuture(b.decided_on, 'decided_on')
        await this.citedInspection(q, b.inspection_id, b.enterprise_id)
        if (b.document_id) {
          const docs = await visibleDocuments(q, [b.document_id])
          if (!docs.has(b.document_id))
            throw errors.validation(`document_id: unknown document ${b.document_id}`, 'document_id')
        }
        const id = await insertPenalty(q, b, who.user.username)
        await this.audit(q, who, ip, 'enforcement.penalty.create', id, b.enterprise_id, {
          decision_no: b.decision_no,
          penalty_type: b.penalty_type,
          amount_yuan: b.amount_yuan ?? null,
        })
        return this.presentPenalty((await findPenalty(q, id))!, who)
      })
      .catch(conflictOr)
  }

  async penaltyStep(who: AppState, id: string, b: PenaltyStepBody, ip: string | null): Promise<Penalty> {
    return this.db.tx(who.scope, async (q) => {
      const cur = await findPenalty(q, id, true)
      if (!cur) throw errors.notFound('penalty', id)
      const no = penaltyRefusal(cur.status, b.action, who.user.role)
      if (no) refuse(no)
      let executedOn: string | null = null
      if (b.action === 'execute') {
        this.notFuture(b.executed_on, 'executed_on')
        if (b.executed_on < cur.decided_on)
          throw errors.validation(`executed_on: before the decision (${cur.decided_on})`, 'executed_on')
        executedOn = b.executed_on
      }
      const to = penaltyTransitions[b.action].to
      await setPenaltyStatus(q, id, to, executedOn, who.user.username)
      await this.audit(q, who, ip, `enforcement.penalty.${b.action}`, id, cur.enterprise_id, {
        from: cur.status,
        to,
        note: b.note ?? null,
        executed_on: executedOn,
      })
      return this.presentPenalty((await findPenalty(q, id))!, who)
    })
  }

  // --- rectification notices ---

  private presentNotice(row: NoticeRow): RectificationNotice {
    const today = this.today()
    return { ...row, overdue: isOverdue(row, today), days_left: daysLeft(row, today) }
  }

  async notices(scope: DbScope, f: NoticeQuery): Promise<RectificationNotice[]> {
    const rows = await this.db.tx(scope, (q) => listNotices(q, f, this.today()))
    return rows.map((r) => this.presentNotice(r))
  }

  getNotice(who: AppState, id: string): Promise<NoticeDetail> {
    return this.db.tx(who.scope, (q) => this.noticeDetail(q, who, id))
  }

  private async facts(q: Queryable, n: NoticeRow): Promise<NoticeFacts> {
    const latest = await latestRecord(q, n.id)
    return {
      state: n.state,
      issued_on: n.issued_on,
      deadline: n.deadline,
      latest_evidence: latest?.evidence ?? 0,
      latest_completed_on: latest?.completed_on ?? null,
    }
  }

  private async noticeDetail(q: Queryable, who: AppState, id: string): Promise<NoticeDetail> {
    const row = await findNotice(q, id)
    if (!row) throw errors.notFound('rectification_notice', id)
    const f = await this.facts(q, row)
    return {
      ...this.presentNotice(row),
      records: await noticeRecords(q, id),
      reinspections: await noticeReinspections(q, id),
      actions: noticeActionsFor(f, who.user.role, this.today()),
    }
  }

  async createNotice(who: AppState, b: NoticeBody, ip: string | null): Promise<NoticeDetail> {
    return this.db
      .tx(who.scope, async (q) => {
        await this.knownEnterprise(q, b.enterprise_id)
        this.notFuture(b.issued_on, 'issued_on')
        await this.citedInspection(q, b.inspection_id, b.enterprise_id)
        const id = await insertNotice(
          q,
          { ...b, issued_by: b.issued_by ?? who.user.username },
          who.user.username,
        )
        await this.audit(q, who, ip, 'enforcement.notice.create', id, b.enterprise_id, {
          notice_no: b.notice_no,
          deadline: b.deadline,
          items: b.items.length,
        })
        return this.noticeDetail(q, who, id)
      })
      .catch(conflictOr)
  }

  /**
   * A step of the notice: the enterprise's rectification record (with evidence documents) or the park's
   * re-inspection, which closes the notice only when it passes and the record has evidence, else sends it back.
   */
  async noticeStep(who: AppState, id: string, b: NoticeStepBody, ip: string | null): Promise<NoticeDetail> {
    return this.db.tx(who.scope, async (q) => {
      const today = this.today()
      const cur = await findNotice(q, id, true)
      if (!cur) throw errors.notFound('rectification_notice', id)
      const no = noticeRefusal(await this.facts(q, cur), b.action, who.user.role, today, b)
      if (no) refuse(no)
      const by = who.user.username
      if (b.action === 'submit') {
        const docs = await visibleDocuments(q, b.evidence_document_ids)
        for (const [i, d] of b.evidence_document_ids.entries()) {
          const field = `evidence_document_ids.${i}`
          if (!docs.has(d)) throw errors.validation(`${field}: unknown document ${d}`, field)
          if (docs.get(d) !== cur.enterprise_id)
            throw errors.validation(
              `${field}: ${d} is not a document of enterprise ${cur.enterprise_id}`,
              field,
            )
        }
        const recordId = await insertRecord(
          q,
          {
            notice_id: id,
            enterprise_id: cur.enterprise_id,
            measures: b.measures,
            completed_on: b.completed_on,
            evidence: b.evidence_document_ids,
          },
          by,
        )
        await updateNotice(q, id, { ...cur, state: nextNoticeState('submit') }, by)
        await this.audit(q, who, ip, 'enforcement.notice.submit', id, cur.enterprise_id, {
          record_id: recordId,
          completed_on: b.completed_on,
          evidence: b.evidence_document_ids,
        })
      } else {
        const latest = (await latestRecord(q, id))!
        const reinspectionId = await insertReinspection(
          q,
          {
            notice_id: id,
            enterprise_id: cur.enterprise_id,
            record_id: latest.id,
            inspected_on: b.inspected_on,
            inspectors: b.inspectors,
            result: b.result,
            opinion: b.opinion,
          },
          by,
        )
        const state = nextNoticeState('reinspect', b.result)
        const passed = state === 'closed'
        await updateNotice(
          q,
          id,
          {
            state,
            deadline: b.new_deadline ?? cur.deadline,
            sent_back_count: cur.sent_back_count + (passed ? 0 : 1),
            closed_on: passed ? b.inspected_on : null,
            closed_on_time: passed ? rectifiedOnTime(latest.completed_on, cur.deadline) : null,
          },
          by,
        )
        await this.audit(q, who, ip, 'enforcement.notice.reinspect', id, cur.enterprise_id, {
          reinspection_id: reinspectionId,
          record_id: latest.id,
          result: b.result,
          to: state,
          new_deadline: b.new_deadline ?? null,
        })
      }
      return this.noticeDetail(q, who, id)
    })
  }

  // --- statistics (the bi-monthly report reads these) ---

  async stats(scope: DbScope, f: StatsQuery): Promise<EnforcementStats> {
    const today = this.today()
    const enterprise = scope.scope === 'enterprise' ? scope.enterpriseId : (f.enterprise ?? null)
    const { months, counts } = await this.db.tx(scope, async (q) => ({
      months: await monthRows(q, enterprise, f.from ?? null, f.to ?? null),
      counts: await noticeCounts(q, enterprise, f.from ?? null, f.to ?? null, today),
    }))
    const byEnterprise = new Map<string, EnterpriseLedgerStats>()
    const row = (id: string, name: string) => {
      let r = byEnterprise.get(id)
      if (!r) {
        r = {
          enterprise_id: id,
          enterprise_name: name,
          inspections: 0,
          penalties: 0,
          penalty_amount_yuan: 0,
          notices: 0,
          open: 0,
          overdue: 0,
          closed: 0,
          closed_on_time: 0,
          on_time_rate: null,
        }
        byEnterprise.set(id, r)
      }
      return r
    }
    for (const m of months) {
      const r = row(m.enterprise_id, m.enterprise_name)
      r.inspections += m.inspections
      r.penalties += m.penalties
      r.penalty_amount_yuan += m.penalty_amount_yuan
      r.notices += m.notices_issued
    }
    for (const c of counts)
      Object.assign(row(c.enterprise_id, c.enterprise_name), {
        open: c.open,
        overdue: c.overdue,
        closed: c.closed,
        closed_on_time: c.closed_on_time,
      })
    const enterprises = [...byEnterprise.values()]
      .map((r) => ({ ...r, on_time_rate: onTimeRate(r.closed_on_time, r.closed) }))
      .sort((a, b) => a.enterprise_id.localeCompare(b.enterprise_id))
    const sum = (
      k: keyof Omit<EnterpriseLedgerStats, 'enterprise_id' | 'enterprise_name' | 'on_time_rate'>,
    ) => enterprises.reduce((s, r) => s + r[k], 0)
    const total = {
      inspections: sum('inspections'),
      penalties: sum('penalties'),
      penalty_amount_yuan: sum('penalty_amount_yuan'),
      notices: sum('notices'),
      open: sum('open'),
      overdue: sum('overdue'),
      closed: sum('closed'),
      closed_on_time: sum('closed_on_time'),
      on_time_rate: onTimeRate(sum('closed_on_time'), sum('closed')),
    }
    return { from: f.from ?? null, to: f.to ?? null, months, enterprises, total }
  }
}
