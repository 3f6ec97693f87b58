import {
  drillWarnDays,
  dueState,
  inForce,
  parkDay,
  revisionWarnDays,
  type AssetPlan,
  type DrillBody,
  type EmergencyPlan,
  type EmergencyResource,
  type NewPlanBody,
  type NewResourceBody,
  type PlanDetail,
  type PlanKind,
  type PlanPatchBody,
  type PlanQuery,
  type PlanStatus,
  type ResourceQuery,
} from '../../contracts/emergency-plans'
import { auditAction } from '../../platform/audit'
import type { Db, DbScope, Queryable } from '../../platform/db/db'
import type { AppState } from '../../platform/http/auth-middleware'
import { errors } from '../../platform/http/errors'
import { defaultDrillMonths, defaultValidTo, planViolation } from './plan-rules'
import {
  assetExists,
  assetPlans,
  bumpLastDrill,
  copyPlanAssets,
  findPlan,
  insertDrill,
  insertPlan,
  latestVersion,
  listPlans,
  planAssets,
  planDrills,
  planVersions,
  setPlanAssets,
  supersedeOthers,
  updatePlan,
  visibleAssets,
  type PlanRow,
  type PlanValues,
} from './plans.repository'
import { insertResource, listResources } from './resources.repository'

const pgCode = (err: unknown) => (err as { code?: string })?.code
const pgConstraint = (err: unknown) => (err as { constraint?: string })?.constraint ?? ''

/** Unique violations as 409 with a stable id; anything else is rethrown. */
function conflictOr(err: unknown): never {
  if (pgCode(err) === '23505') {
    const c = pgConstraint(err)
    if (c.includes('one_draft'))
      throw errors.conflict('emergency_plan.draft_exists', 'this plan already has a draft revision')
    if (c.includes('one_in_force') || c.includes('series_id_version'))
      throw errors.conflict(
        'emergency_plan.version_conflict',
        'another revision of this plan changed meanwhile',
      )
  }
  throw err
}

/** Status steps allowed on one version: forward only (draft → reviewed → filed). */
const statusOrder: Record<PlanStatus, number> = { draft: 0, reviewed: 1, filed: 2, superseded: 3 }

export interface EmergencyPlansServiceOptions {
  clock?: () => number
}

/** Emergency plans and resources: reads and writes in the caller's scope (RLS), audited in the same transaction. */
export class EmergencyPlansService {
  private readonly now: () => number

  constructor(
    private readonly db: Db,
    opts: EmergencyPlansServiceOptions = {},
  ) {
    this.now = opts.clock ?? Date.now
  }

  today(): string {
    return parkDay(this.now())
  }

  private present(row: PlanRow): EmergencyPlan {
    const today = this.today()
    const active = inForce.includes(row.status)
    return {
      ...row,
      drill_state: active ? dueState(row.next_drill_due, today, drillWarnDays) : 'none',
      revision_state: active ? dueState(row.valid_to, today, revisionWarnDays) : 'none',
    }
  }

  async list(scope: DbScope, f: PlanQuery): Promise<EmergencyPlan[]> {
    const today = this.today()
    const w = {
      today,
      drillWarn: addDays(today, drillWarnDays),
      revisionWarn: addDays(today, revisionWarnDays),
    }
    const rows = await this.db.tx(scope, (q) => listPlans(q, f, w))
    return rows.map((r) => this.present(r))
  }

  async get(scope: DbScope, id: string): Promise<PlanDetail> {
    return this.db.tx(scope, (q) => this.detail(q, id))
  }

  private async detail(q: Queryable, id: string): Promise<PlanDetail> {
    const row = await findPlan(q, id)
    if (!row) throw errors.notFound('emergency_plan', id)
    const { body, ...plan } = row
    return {
      ...this.present(plan),
      body,
      assets: await planAssets(q, id),
      drills: await planDrills(q, id),
      versions: await planVersions(q, row.series_id),
    }
  }

  async forAsset(scope: DbScope, assetId: string, kind: PlanKind | null): Promise<AssetPlan[]> {
    return this.db.tx(scope, async (q) => {
      if (!(await assetExists(q, assetId))) throw errors.notFound('asset', assetId)
      return (await assetPlans(q, assetId, kind)).map((r) => ({ ...this.present(r), via: r.via }))
    })
  }

  /** The enterprise a new plan or resource belongs to (null: park level). */
  private async owner(
    q: Queryable,
    scope: DbScope,
    requested: string | null | undefined,
  ): Promise<string | null> {
    if (scope.scope === 'enterprise') {
      if (requested === null) throw errors.forbidden('park-level records are kept by the park')
      if (requested && requested !== scope.enterpriseId)
        throw errors.forbidden('an enterprise account keeps its own records only')
      return scope.enterpriseId
    }
    if (!requested) return null
    const r = await q.query('SELECT 1 FROM enterprises WHERE id = $1', [requested])
    if (!r.rowCount)
      throw errors.validation(`enterprise_id: unknown enterprise ${requested}`, 'enterprise_id')
    return requested
  }

  /** Asset ids must exist for the caller and, for an enterprise plan, belong to that enterprise. */
  private async checkAssets(
    q: Queryable,
    enterpriseId: string | null,
    ids: readonly string[],
  ): Promise<string[]> {
    const unique = [...new Set(ids)]
    const found = new Map((await visibleAssets(q, unique)).map((a) => [a.id, a.enterprise_id]))
    for (const [i, id] of ids.entries()) {
      if (!found.has(id)) throw errors.validation(`asset_ids.${i}: unknown asset ${id}`, `asset_ids.${i}`)
      if (enterpriseId && found.get(id) !== enterpriseId)
        throw errors.validation(
          `asset_ids.${i}: asset ${id} does not belong to enterprise ${enterpriseId}`,
          `asset_ids.${i}`,
        )
    }
    return unique
  }

  private check(v: PlanValues & { level: string }) {
    const bad = planViolation(
      {
        ...v,
        kind: v.kind,
        level: v.level as never,
        status: v.status as PlanStatus,
      },
      this.today(),
    )
    if (bad) throw errors.validation(`${bad.field}: ${bad.message}`, bad.field)
  }

  private readonly audit = auditAction

  async create(who: AppState, b: NewPlanBody, ip: string | null): Promise<PlanDetail> {
    return this.db
      .tx(who.scope, async (q) => {
        const enterpriseId = await this.owner(q, who.scope, b.enterprise_id)
        const v: PlanValues = {
          enterprise_id: enterpriseId,
          title: b.title,
          title_en: b.title_en ?? null,
          kind: b.kind,
          domain: b.domain,
          level: b.level,
          status: b.status,
          expert_review: b.expert_review ?? null,
          filed_at: b.filed_at ?? null,
          filing_authority: b.filing_authority ?? null,
          valid_to: b.valid_to ?? defaultValidTo(b.filed_at ?? null),
          drill_interval_months: b.drill_interval_months ?? defaultDrillMonths(b.kind),
          last_drill_at: b.last_drill_at ?? null,
          document_ref: b.document_ref ?? null,
          body: b.body,
        }
        this.check(v)
        const assets = await this.checkAssets(q, enterpriseId, b.asset_ids ?? [])
        const id = await insertPlan(q, { ...v, version: 1 }, who.user.username)
        if (assets.length) await setPlanAssets(q, id, assets)
        await this.audit(q, who, ip, 'emergency_plan.create', id, enterpriseId, {
          kind: v.kind,
          status: v.status,
        })
        return this.detail(q, id)
      })
      .catch(conflictOr)
  }

  private merge(cur: PlanRow & { body: string }, b: PlanPatchBody, status: PlanStatus): PlanValues {
    const pick = <K extends keyof PlanPatchBody & keyof PlanValues>(k: K, fallback: PlanValues[K]) =>
      (b[k] !== undefined ? (b[k] ?? null) : fallback) as PlanValues[K]
    const filedAt = pick('filed_at', cur.filed_at)
    const validTo = pick('valid_to', cur.valid_to)
    return {
      enterprise_id: cur.enterprise_id,
      kind: cur.kind,
      domain: cur.domain,
      level: cur.level,
      title: b.title ?? cur.title,
      title_en: pick('title_en', cur.title_en),
      status,
      expert_review: pick('expert_review', cur.expert_review),
      filed_at: filedAt,
      filing_authority: pick('filing_authority', cur.filing_authority),
      valid_to: validTo ?? defaultValidTo(filedAt),
      drill_interval_months: b.drill_interval_months ?? cur.drill_interval_months,
      last_drill_at: cur.last_drill_at,
      document_ref: pick('document_ref', cur.document_ref),
      body: b.body ?? cur.body,
    }
  }

  /** Edits the version in place; one coming into force supersedes the series' other in-force version. */
  async patch(who: AppState, id: string, b: PlanPatchBody, ip: string | null): Promise<PlanDetail> {
    return this.db
      .tx(who.scope, async (q) => {
        const cur = await findPlan(q, id, true)
        if (!cur) throw errors.notFound('emergency_plan', id)
        if (cur.status === 'superseded')
          throw errors.conflict(
            'emergency_plan.superseded',
            'a superseded version is history; revise the current one',
          )
        const status = b.status ?? cur.status
        if (statusOrder[status] < statusOrder[cur.status])
          throw errors.conflict(
            'emergency_plan.status',
            `a ${cur.status} plan cannot go back to ${status}; make a revision`,
          )
        const v = this.merge(cur, b, status)
        this.check(v)
        const assets = b.asset_ids ? await this.checkAssets(q, cur.enterprise_id, b.asset_ids) : null
        const superseded = inForce.includes(status)
          ? await supersedeOthers(q, cur.series_id, id, who.user.username)
          : []
        await updatePlan(q, id, v, who.user.username)
        if (assets) await setPlanAssets(q, id, assets)
        await this.audit(q, who, ip, 'emergency_plan.update', id, cur.enterprise_id, {
          fields: Object.keys(b),
          status,
          superseded,
        })
        return this.detail(q, id)
      })
      .catch(conflictOr)
  }

  /**
   * A revision (new version of the series). Title, text, drill interval, last drill and attached assets carry
   * over unless given; review, filing and revision deadline belong to the new version. In force at once
   * (reviewed/filed) it supersedes the previous version; as a draft the previous stays in force until then.
   */
  async revise(who: AppState, id: string, b: PlanPatchBody, ip: string | null): Promise<PlanDetail> {
    return this.db
      .tx(who.scope, async (q) => {
        const cur = await findPlan(q, id, true)
        if (!cur) throw errors.notFound('emergency_plan', id)
        if (cur.status === 'superseded' || cur.status === 'draft')
          throw errors.conflict(
            'emergency_plan.not_current',
            `revise the version in force, not a ${cur.status} one`,
          )
        const status = b.status ?? 'draft'
        const base = {
          ...cur,
          expert_review: null,
          filed_at: null,
          filing_authority: null,
          valid_to: null,
          document_ref: null,
        }
        const v = this.merge(base, b, status)
        this.check(v)
        const assets = b.asset_ids ? await this.checkAssets(q, cur.enterprise_id, b.asset_ids) : null
        const version = (await latestVersion(q, cur.series_id)) + 1
        const superseded = inForce.includes(status)
          ? await supersedeOthers(q, cur.series_id, '', who.user.username)
          : []
        const newId = await insertPlan(q, { ...v, series_id: cur.series_id, version }, who.user.username)
        if (assets) await setPlanAssets(q, newId, assets)
        else await copyPlanAssets(q, id, newId)
        await this.audit(q, who, ip, 'emergency_plan.revise', newId, cur.enterprise_id, {
          from: id,
          version,
          status,
          superseded,
        })
        return this.detail(q, newId)
      })
      .catch(conflictOr)
  }

  /** Records a drill of the version in force; its next drill is then due one interval later. */
  async recordDrill(who: AppState, id: string, b: DrillBody, ip: string | null): Promise<PlanDetail> {
    return this.db.tx(who.scope, async (q) => {
      const cur = await findPlan(q, id, true)
      if (!cur) throw errors.notFound('emergency_plan', id)
      if (!inForce.includes(cur.status))
        throw errors.conflict(
          'emergency_plan.not_in_force',
          `drills are recorded against the plan in force, not a ${cur.status} version`,
        )
      if (b.drilled_on > this.today())
        throw errors.validation(`drilled_on: ${b.drilled_on} is in the future`, 'drilled_on')
      const drillId = await insertDrill(q, id, cur.enterprise_id, b, who.user.username)
      await bumpLastDrill(q, id, b.drilled_on, who.user.username)
      await this.audit(q, who, ip, 'emergency_plan.drill', id, cur.enterprise_id, {
        drill_id: drillId,
        drilled_on: b.drilled_on,
        drill_type: b.drill_type,
      })
      return this.detail(q, id)
    })
  }

  resources(scope: DbScope, f: ResourceQuery): Promise<EmergencyResource[]> {
    return this.db.tx(scope, (q) => listResources(q, f))
  }

  async createResource(who: AppState, b: NewResourceBody, ip: string | null): Promise<EmergencyResource> {
    return this.db.tx(who.scope, async (q) => {
      const enterpriseId = await this.owner(q, who.scope, b.enterprise_id)
      const r = await insertResource(q, enterpriseId, b, who.user.username)
      await this.audit(q, who, ip, 'emergency_resource.create', r.id, enterpriseId, { kind: r.kind })
      return r
    })
  }
}

function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10)
}
