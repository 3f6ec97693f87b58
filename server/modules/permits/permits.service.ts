import {
  workTypeCodes,
  type ActionBody,
  type GasAnalysisBody,
  type GradeBody,
  type GradeResult,
  type LocationFact,
  type LocationFacts,
  type NewFilingBody,
  type NewPermitBody,
  type PermitAction,
  type PermitDetail,
  type PermitQuery,
  type PermitSettings,
  type PermitSettingsPatch,
  type Signature,
  type SignatureLevel,
  type SpotCheck,
  type WorkFiling,
  type WorkPermit,
} from '../../contracts/permits'
import { auditAction } from '../../platform/audit'
import type { Db, DbScope, Queryable } from '../../platform/db/db'
import type { AppState } from '../../platform/http/auth-middleware'
import { errors } from '../../platform/http/errors'
import {
  allowedActions,
  checkAction,
  computeGrade,
  gasCheck,
  needsGasAnalysis,
  parkDayOf,
  requiredSignatures,
  startViolation,
  windowViolation,
  type Violation,
} from './permit-rules'
import {
  analysesForStart,
  findFiling,
  findPermit,
  insertAnalysis,
  insertEvent,
  insertFiling,
  insertPermit,
  listFilings,
  listPermits,
  loadCalendar,
  loadSettings,
  nextNumber,
  permitAnalyses,
  permitEvents,
  placeFacts,
  saveSettings,
  spotChecks,
  updatePermit,
  withdrawFiling,
  type PermitRow,
} from './permits.repository'

const bad = (v: Violation) => errors.validation(`${v.field}: ${v.message}`, v.field)
const pgCode = (err: unknown) => (err as { code?: string })?.code

export interface PermitsServiceOptions {
  clock?: () => number
}

/**
 * Special work permits and filings: reads and writes in the caller's scope (RLS), every write audited in the same
 * transaction and logged on the permit. The rules are in permit-rules.ts.
 */
export class PermitsService {
  private readonly now: () => number

  constructor(
    private readonly db: Db,
    opts: PermitsServiceOptions = {},
  ) {
    this.now = opts.clock ?? Date.now
  }

  private readonly audit = auditAction

  /** The enterprise a new record belongs to: an enterprise account's own; the park names one. */
  private owner(scope: DbScope, requested: string | null | undefined): string {
    if (scope.scope === 'enterprise') {
      if (requested && requested !== scope.enterpriseId)
        throw errors.forbidden('an enterprise account keeps its own records only')
      return scope.enterpriseId
    }
    if (!requested) throw errors.validation('enterprise_id: which enterprise does the work', 'enterprise_id')
    return requested
  }

  settings(scope: DbScope): Promise<PermitSettings> {
    return this.db.tx(scope, loadSettings)
  }

  async updateSettings(
    who: AppState,
    patch: PermitSettingsPatch,
    ip: string | null,
  ): Promise<PermitSettings> {
    return this.db.tx(who.scope, async (q) => {
      const merged = { ...(await loadSettings(q)), ...patch }
      if (
        merged.oxygen.min_pct >= merged.oxygen.max_pct ||
        merged.oxygen.max_pct > merged.oxygen.enriched_max_pct
      )
        throw errors.validation('oxygen: min < max ≤ enriched max', 'oxygen')
      if (merged.analysis_max_age_extended_min < merged.analysis_max_age_min)
        throw errors.validation(
          'analysis_max_age_extended_min: at least analysis_max_age_min',
          'analysis_max_age_extended_min',
        )
      await saveSettings(q, patch, who.user.username)
      await this.audit(q, who, ip, 'work_permit.settings', 'park', null, patch)
      return loadSettings(q)
    })
  }

  /** Grade and window limit of a planned permit, with the location facts; refuses a point outside the parcel. */
  private async grade(
    q: Queryable,
    enterpriseId: string,
    b: GradeBody,
  ): Promise<{
    result: GradeResult
    facts: LocationFacts & { derived: LocationFact[] }
    settings: PermitSettings
  }> {
    const from = Date.parse(b.window_from)
    const to = Date.parse(b.window_to)
    if (!(to > from)) throw errors.validation('window_to: the window must end after it starts', 'window_to')
    if (to - from > 31 * 86_400_000)
      throw errors.validation('window_to: a permit window is at most 31 days', 'window_to')
    const place = await placeFacts(q, enterpriseId, b.position[0], b.position[1])
    if (!place.enterprise)
      throw errors.validation(`enterprise_id: unknown enterprise ${enterpriseId}`, 'enterprise_id')
    if (!place.inside)
      throw errors.validation(
        `position: the point is not inside the parcel of enterprise ${enterpriseId}`,
        'position',
      )
    const declared = b.facts ?? {}
    const facts: LocationFacts & { derived: LocationFact[] } = { ...declared, derived: place.derived }
    for (const d of place.derived) facts[d] = true
    const settings = await loadSettings(q)
    const calendar = await loadCalendar(q, parkDayOf(from - 86_400_000), parkDayOf(to))
    const g = computeGrade(
      {
        work_type: b.work_type,
        facts: b.work_type === 'hot_work' ? facts : {},
        height_m: b.height_m,
        from,
        to,
      },
      calendar,
      settings,
    )
    if ('field' in g) throw bad(g)
    return { result: g, facts, settings }
  }

  /** POST /permits/preview: the computed grade, its reasons and the window limit (no change). */
  async preview(
    scope: DbScope,
    b: GradeBody,
  ): Promise<GradeResult & { facts: LocationFacts; allowed: boolean; message: string | null }> {
    return this.db.tx(scope, async (q) => {
      const enterpriseId = this.owner(scope, b.enterprise_id)
      const { result, facts } = await this.grade(q, enterpriseId, b)
      const v = windowViolation(result, b.work_type)
      return { ...result, facts, allowed: !v, message: v ? v.message : null }
    })
  }

  async list(scope: DbScope, f: PermitQuery): Promise<WorkPermit[]> {
    return this.db.tx(scope, (q) => listPermits(q, f, new Date(this.now())))
  }

  async get(who: AppState, id: string): Promise<PermitDetail> {
    return this.db.tx(who.scope, (q) => this.detail(q, who, id))
  }

  private async detail(q: Queryable, who: AppState, id: string): Promise<PermitDetail> {
    const now = new Date(this.now())
    const p = await findPermit(q, id, now)
    if (!p) throw errors.notFound('work_permit', id)
    const ageAt = p.started_at ? new Date(p.started_at) : now
    return {
      ...p,
      signatures: p.signatures as Signature[],
      required_signatures: requiredSignatures(p.work_type, p.grade),
      analyses: await permitAnalyses(q, id, ageAt),
      events: await permitEvents(q, id),
      needs_gas_analysis: needsGasAnalysis(p.work_type),
      actions:
        who.user.role === 'enterprise_user' && who.user.enterprise_id !== p.enterprise_id
          ? []
          : allowedActions(p.status, who.user.role),
      filing: p.filing_id ? await findFiling(q, p.filing_id) : null,
    }
  }

  /** The filing a permit links to must be the enterprise's, of the same type, and filed. */
  private async checkFiling(
    q: Queryable,
    enterpriseId: string,
    workType: string,
    id: string | null | undefined,
  ) {
    if (!id) return null
    const f = await findFiling(q, id)
    if (!f) throw errors.validation(`filing_id: unknown filing ${id}`, 'filing_id')
    if (f.enterprise_id !== enterpriseId)
      throw errors.validation(`filing_id: filing ${id} belongs to another enterprise`, 'filing_id')
    if (f.work_type !== workType)
      throw errors.validation(`filing_id: filing ${id} is for ${f.work_type}, not ${workType}`, 'filing_id')
    if (f.status !== 'filed') throw errors.validation(`filing_id: filing ${id} was withdrawn`, 'filing_id')
    return f
  }

  async create(who: AppState, b: NewPermitBody, ip: string | null): Promise<PermitDetail> {
    return this.db
      .tx(who.scope, async (q) => {
        const enterpriseId = this.owner(who.scope, b.enterprise_id)
        const { result, facts } = await this.grade(q, enterpriseId, b)
        const v = windowViolation(result, b.work_type)
        if (v) throw bad(v)
        if (
          b.work_type !== 'height' &&
          b.height_m !== undefined &&
          b.height_m !== null &&
          b.work_type !== 'hot_work'
        )
          throw errors.validation(
            'height_m: only height work (and hot work at height) has a height',
            'height_m',
          )
        if (b.oxygen_enriched && b.work_type !== 'confined_space')
          throw errors.validation(
            'oxygen_enriched: only a confined space can be oxygen-enriched',
            'oxygen_enriched',
          )
        await this.checkFiling(q, enterpriseId, b.work_type, b.filing_id)
        const number = await nextNumber(
          q,
          `${enterpriseId}-${workTypeCodes[b.work_type]}-${parkDayOf(Date.parse(b.window_from)).replaceAll('-', '')}-`,
        )
        const id = await insertPermit(
          q,
          {
            number,
            enterprise_id: enterpriseId,
            work_type: b.work_type,
            status: 'draft',
            grade: result.grade,
            grade_reasons: result.reasons,
            facts,
            height_m: b.height_m ?? null,
            method: b.method ?? null,
            content: b.content,
            place: b.place,
            lon: b.position[0],
            lat: b.position[1],
            window_from: b.window_from,
            window_to: b.window_to,
            applicant_unit: b.applicant_unit,
            applicant: b.applicant,
            responsible: b.responsible,
            workers: b.workers,
            guardian: b.guardian,
            hazards: b.hazards,
            safety_measures: b.safety_measures,
            linked_permits: b.linked_permits,
            oxygen_enriched: b.oxygen_enriched,
            extended_analysis_reason: b.extended_analysis_reason ?? null,
            filing_id: b.filing_id ?? null,
          },
          who.user.username,
        )
        await insertEvent(q, {
          permit_id: id,
          enterprise_id: enterpriseId,
          kind: 'create',
          by: who.user.username,
          detail: { number, grade: result.grade },
        })
        await this.audit(q, who, ip, 'work_permit.create', id, enterpriseId, {
          number,
          work_type: b.work_type,
          grade: result.grade,
        })
        return this.detail(q, who, id)
      })
      .catch((err: unknown) => {
        if (pgCode(err) === '23505')
          throw errors.conflict(
            'work_permit.number_taken',
            'another permit took this number meanwhile; try again',
          )
        throw err
      })
  }

  /** One lifecycle action (transition table in permit-rules.ts); illegal ones are 409, other roles 403. */
  async act(
    who: AppState,
    id: string,
    action: PermitAction,
    b: ActionBody,
    ip: string | null,
  ): Promise<PermitDetail> {
    return this.db.tx(who.scope, async (q) => {
      const now = this.now()
      const p = await findPermit(q, id, new Date(now), true)
      if (!p) throw errors.notFound('work_permit', id)
      const c = checkAction(p.status, action, who.user.role)
      if ('refused' in c) {
        if (c.refused === 'role') throw errors.forbidden(c.message)
        throw errors.conflict('work_permit.transition', c.message)
      }
      const at = new Date(now).toISOString()
      const by = who.user.username
      const detail: Record<string, unknown> = { from: p.status, to: c.to }
      const required = requiredSignatures(p.work_type, p.grade)
      const signed = p.signatures as Signature[]
      if (action === 'sign') {
        if (!b.level) throw errors.validation('level: which approval level signs', 'level')
        if (!b.name) throw errors.validation('name: the name of who signs', 'name')
        if (!required.includes(b.level))
          throw errors.validation(
            `level: a ${p.grade ?? ''} ${p.work_type} permit needs ${required.join(', ')}`,
            'level',
          )
        if (signed.some((s) => s.level === b.level))
          throw errors.conflict('work_permit.signed', `level ${b.level} has already signed`)
        const signatures = [...signed, { level: b.level, name: b.name, at, by }]
        await updatePermit(q, id, { signatures })
        Object.assign(detail, { level: b.level, name: b.name })
      } else if (action === 'approve') {
        const missing = required.filter((l: SignatureLevel) => !signed.some((s) => s.level === l))
        if (missing.length)
          throw errors.conflict(
            'work_permit.unsigned',
            `approval needs the signatures of ${missing.join(', ')} first`,
          )
        if (Date.parse(p.window_to) < now)
          throw errors.conflict('work_permit.window_over', 'the permit window is over: it cannot be approved')
        await updatePermit(q, id, { status: 'approved' })
      } else if (action === 'start') {
        const filing = p.filing_id ? await findFiling(q, p.filing_id) : null
        const v = startViolation(
          {
            work_type: p.work_type,
            window_from: Date.parse(p.window_from),
            window_to: Date.parse(p.window_to),
            filed: filing?.status === 'filed' && Date.parse(filing.filed_at) <= now,
            extended_analysis: Boolean(p.extended_analysis_reason),
          },
          await analysesForStart(q, id),
          now,
          await loadSettings(q),
        )
        if (v) throw errors.conflict(`work_permit.not_ready.${v.field}`, v.message)
        const shift = b.name ? { name: b.name, at } : undefined
        await updatePermit(q, id, {
          status: 'in_work',
          started_at: at,
          ...(shift ? { shift_check: shift } : {}),
        })
      } else if (action === 'complete') {
        await updatePermit(q, id, { status: 'completed', completed_at: at })
        if (b.note) detail.note = b.note
      } else if (action === 'accept') {
        if (!b.name) throw errors.validation('name: who accepts the completed work (验收人)', 'name')
        await updatePermit(q, id, {
          status: 'accepted',
          acceptance: { name: b.name, at, note: b.note ?? null },
        })
        detail.name = b.name
      } else if (action === 'cancel') {
        if (!b.reason) throw errors.validation('reason: why the permit is cancelled', 'reason')
        await updatePermit(q, id, { status: 'cancelled', cancelled_at: at, cancel_reason: b.reason })
        detail.reason = b.reason
      } else {
        await updatePermit(q, id, { status: c.to })
      }
      await insertEvent(q, { permit_id: id, enterprise_id: p.enterprise_id, kind: action, by, detail })
      await this.audit(q, who, ip, `work_permit.${action}`, id, p.enterprise_id, detail)
      return this.detail(q, who, id)
    })
  }

  /** Records a gas analysis; its pass check is computed now against the park's criteria. */
  async addAnalysis(who: AppState, id: string, b: GasAnalysisBody, ip: string | null): Promise<PermitDetail> {
    return this.db.tx(who.scope, async (q) => {
      const now = this.now()
      const p = await findPermit(q, id, new Date(now), true)
      if (!p) throw errors.notFound('work_permit', id)
      if (!['applied', 'approved', 'in_work'].includes(p.status))
        throw errors.conflict('work_permit.analysis_status', `a ${p.status} permit takes no gas analyses`)
      if (Date.parse(b.taken_at) > now + 60_000)
        throw errors.validation('taken_at: an analysis cannot be in the future', 'taken_at')
      const settings = await loadSettings(q)
      const check = gasCheck(b, p.oxygen_enriched, settings)
      if ('field' in check) throw bad(check)
      const analysisId = await insertAnalysis(
        q,
        {
          permit_id: id,
          enterprise_id: p.enterprise_id,
          taken_at: b.taken_at,
          point: b.point,
          substance: b.substance,
          measure: b.measure,
          value: b.value,
          unit: b.unit,
          lel_pct: check.lel_pct,
          limit_value: b.limit_value ?? null,
          passed: check.passed,
          criterion: check.criterion,
          analyst: b.analyst,
        },
        who.user.username,
      )
      const detail = {
        analysis_id: analysisId,
        substance: b.substance,
        value: b.value,
        unit: b.unit,
        passed: check.passed,
      }
      await insertEvent(q, {
        permit_id: id,
        enterprise_id: p.enterprise_id,
        kind: 'gas_analysis',
        by: who.user.username,
        detail,
      })
      await this.audit(q, who, ip, 'work_permit.gas_analysis', id, p.enterprise_id, detail)
      return this.detail(q, who, id)
    })
  }

  filings(scope: DbScope, f: { enterprise?: string | null; status?: string | null }): Promise<WorkFiling[]> {
    return this.db.tx(scope, (q) => listFilings(q, f))
  }

  async getFiling(scope: DbScope, id: string): Promise<WorkFiling> {
    const f = await this.db.tx(scope, (q) => findFiling(q, id))
    if (!f) throw errors.notFound('work_filing', id)
    return f
  }

  async file(who: AppState, b: NewFilingBody, ip: string | null): Promise<WorkFiling> {
    return this.db.tx(who.scope, async (q) => {
      const enterpriseId = this.owner(who.scope, b.enterprise_id)
      const from = Date.parse(b.window_from)
      const to = Date.parse(b.window_to)
      if (!(to > from)) throw errors.validation('window_to: the window must end after it starts', 'window_to')
      if (to - from > 31 * 86_400_000)
        throw errors.validation('window_to: a filing covers at most 31 days', 'window_to')
      if (to < this.now()) throw errors.validation('window_to: the filed window is already over', 'window_to')
      if (b.position) {
        const place = await placeFacts(q, enterpriseId, b.position[0], b.position[1])
        if (!place.enterprise)
          throw errors.validation(`enterprise_id: unknown enterprise ${enterpriseId}`, 'enterprise_id')
        if (!place.inside)
          throw errors.validation(
            `position: the point is not inside the parcel of enterprise ${enterpriseId}`,
            'position',
          )
      } else {
        const r = await q.query('SELECT 1 FROM enterprises WHERE id = $1', [enterpriseId])
        if (!r.rowCount)
          throw errors.validation(`enterprise_id: unknown enterprise ${enterpriseId}`, 'enterprise_id')
      }
      const id = await insertFiling(q, enterpriseId, b, who.user.username)
      await this.audit(q, who, ip, 'work_filing.create', id, enterpriseId, { work_type: b.work_type })
      return (await findFiling(q, id))!
    })
  }

  async withdraw(who: AppState, id: string, ip: string | null): Promise<WorkFiling> {
    return this.db.tx(who.scope, async (q) => {
      const f = await findFiling(q, id, true)
      if (!f) throw errors.notFound('work_filing', id)
      if (f.status !== 'filed')
        throw errors.conflict('work_filing.withdrawn', 'the filing is already withdrawn')
      await withdrawFiling(q, id)
      await this.audit(q, who, ip, 'work_filing.withdraw', id, f.enterprise_id)
      return (await findFiling(q, id))!
    })
  }

  spotChecks(scope: DbScope): Promise<SpotCheck[]> {
    return this.db.tx(scope, (q) => spotChecks(q, new Date(this.now())))
  }
}

export type { PermitRow }
