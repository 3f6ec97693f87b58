import { parkDay } from '../../contracts/emergency-plans'
import {
  stageKinds,
  type NewProjectBody,
  type Project,
  type ProjectDetail,
  type ProjectGeometry,
  type ProjectPatchBody,
  type ProjectQuery,
  type StageBody,
  type StageKind,
} from '../../contracts/projects'
import { auditAction } from '../../platform/audit'
import type { Db, DbScope, Queryable } from '../../platform/db/db'
import type { AppState } from '../../platform/http/auth-middleware'
import { errors } from '../../platform/http/errors'
import {
  currentStage,
  projectStatus,
  stageRefusal,
  stageState,
  trialDays,
  trialOverdue,
  type StageFacts,
} from './project-rules'
import {
  checkLocation,
  documentRef,
  enterpriseExists,
  findProject,
  insertProject,
  listProjects,
  projectDocuments,
  setProjectStatus,
  updateProject,
  updateStage,
  type ProjectRow,
} from './projects.repository'

export interface ProjectsServiceOptions {
  clock?: () => number
}

const facts = (row: ProjectRow): StageFacts[] =>
  row.stages.map((s) => ({
    stage: s.stage,
    actual_start: s.actual_start,
    actual_end: s.actual_end,
    document_id: s.document_id,
    authority: s.authority,
    result: s.result,
  }))

/** Construction projects and their 三同时 stages, in the caller's scope (RLS), audited in the same transaction. */
export class ProjectsService {
  private readonly now: () => number

  constructor(
    private readonly db: Db,
    opts: ProjectsServiceOptions = {},
  ) {
    this.now = opts.clock ?? Date.now
  }

  today(): string {
    return parkDay(this.now())
  }

  private present(row: ProjectRow): Project {
    const today = this.today()
    const f = facts(row)
    const trial = f.find((s) => s.stage === 'trial_run')
    return {
      ...row,
      current_stage: currentStage(f),
      completed_stages: f.filter((s) => stageState(s) === 'completed').length,
      trial_days: trial ? trialDays(trial, today) : null,
      trial_overdue: trialOverdue(f, today),
    }
  }

  async list(scope: DbScope, f: ProjectQuery): Promise<Project[]> {
    const rows = await this.db.tx(scope, (q) => listProjects(q, f))
    return rows
      .map((r) => this.present(r))
      .filter((p) => !f.stage || p.current_stage === f.stage)
      .filter((p) => f.overdue === undefined || p.trial_overdue === (f.overdue === 'true'))
  }

  get(who: AppState, id: string): Promise<ProjectDetail> {
    return this.db.tx(who.scope, (q) => this.detail(q, who, id))
  }

  private async detail(q: Queryable, who: AppState, id: string): Promise<ProjectDetail> {
    const row = await findProject(q, id)
    if (!row) throw errors.notFound('project', id)
    return {
      ...this.present(row),
      documents: await projectDocuments(q, id),
      can_edit: this.canEdit(who, row.enterprise_id),
    }
  }

  private canEdit(who: AppState, enterpriseId: string): boolean {
    if (who.user.role === 'park_admin') return true
    return who.user.role === 'enterprise_user' && who.scope.scope === 'enterprise'
      ? who.scope.enterpriseId === enterpriseId
      : false
  }

  private readonly audit = auditAction

  /** The enterprise of a new project: an enterprise account's own; the park names a known one. */
  private async owner(q: Queryable, scope: DbScope, requested: string | undefined): Promise<string> {
    if (scope.scope === 'enterprise') {
      if (requested && requested !== scope.enterpriseId)
        throw errors.forbidden('an enterprise account keeps its own projects only')
      return scope.enterpriseId
    }
    if (!requested) throw errors.validation('enterprise_id: is required', 'enterprise_id')
    if (!(await enterpriseExists(q, requested)))
      throw errors.validation(`enterprise_id: unknown enterprise ${requested}`, 'enterprise_id')
    return requested
  }

  /** The location as GeoJSON text: given (checked inside the enterprise's parcel) or a point on the parcel. */
  private async location(
    q: Queryable,
    enterpriseId: string,
    g: ProjectGeometry | undefined,
  ): Promise<string> {
    const text = g ? JSON.stringify(g) : null
    const c = await checkLocation(q, enterpriseId, text).catch((err: unknown) => {
      // PostGIS refuses a geometry it cannot build (e.g. an unclosed ring it parses differently)
      if ((err as { code?: string })?.code?.startsWith('XX') || (err as { code?: string })?.code === '22023')
        throw errors.validation('location: not a valid geometry', 'location')
      throw err
    })
    if (!c) throw errors.validation(`enterprise_id: unknown enterprise ${enterpriseId}`, 'enterprise_id')
    if (!c.valid) throw errors.validation('location: not a valid geometry (self-intersecting?)', 'location')
    if (!c.inside)
      throw errors.validation(
        `location: must lie inside the parcel of enterprise ${enterpriseId}`,
        'location',
      )
    return text ?? c.default_point
  }

  async create(who: AppState, b: NewProjectBody, ip: string | null): Promise<ProjectDetail> {
    return this.db.tx(who.scope, async (q) => {
      const enterpriseId = await this.owner(q, who.scope, b.enterprise_id)
      const geom = await this.location(q, enterpriseId, b.location)
      const id = await insertProject(
        q,
        {
          enterprise_id: enterpriseId,
          name: b.name,
          name_en: b.name_en ?? null,
          project_type: b.project_type,
          hazardous_chemical: b.hazardous_chemical,
          supervised_processes: b.supervised_processes,
          major_hazard: b.major_hazard,
          geom,
          investment_wan_yuan: b.investment_wan_yuan ?? null,
          description: b.description,
          status: 'planned',
        },
        who.user.username,
      )
      await this.audit(q, who, ip, 'project.create', id, enterpriseId, {
        project_type: b.project_type,
        hazardous_chemical: b.hazardous_chemical,
      })
      return this.detail(q, who, id)
    })
  }

  private async editable(q: Queryable, who: AppState, id: string): Promise<ProjectRow> {
    const cur = await findProject(q, id, true)
    if (!cur) throw errors.notFound('project', id)
    if (!this.canEdit(who, cur.enterprise_id))
      throw errors.forbidden('an enterprise account keeps its own projects only')
    return cur
  }

  async patch(who: AppState, id: string, b: ProjectPatchBody, ip: string | null): Promise<ProjectDetail> {
    return this.db.tx(who.scope, async (q) => {
      const cur = await this.editable(q, who, id)
      if (b.suspended !== undefined && who.user.role !== 'park_admin')
        throw errors.forbidden('only the park suspends or resumes a project (停建/复建)')
      if (b.suspended === true && cur.status === 'completed')
        throw errors.conflict('project.completed', 'an accepted project cannot be suspended')
      const geom = b.location
        ? await this.location(q, cur.enterprise_id, b.location)
        : JSON.stringify(cur.location)
      const suspended = b.suspended ?? cur.status === 'suspended'
      const status = projectStatus(facts(cur), suspended)
      await updateProject(
        q,
        id,
        {
          name: b.name ?? cur.name,
          name_en: b.name_en !== undefined ? (b.name_en ?? null) : cur.name_en,
          project_type: b.project_type ?? cur.project_type,
          hazardous_chemical: b.hazardous_chemical ?? cur.hazardous_chemical,
          supervised_processes: b.supervised_processes ?? cur.supervised_processes,
          major_hazard: b.major_hazard ?? cur.major_hazard,
          geom,
          investment_wan_yuan:
            b.investment_wan_yuan !== undefined ? (b.investment_wan_yuan ?? null) : cur.investment_wan_yuan,
          description: b.description ?? cur.description,
          status,
        },
        who.user.username,
      )
      await this.audit(q, who, ip, 'project.update', id, cur.enterprise_id, {
        fields: Object.keys(b),
        status,
      })
      return this.detail(q, who, id)
    })
  }

  /**
   * One stage's record (dates, document, authority, result). Refused with 400 (inconsistent) or 409 (order, trial
   * window, missing documents, a later stage already started, suspended project); nothing changes then.
   */
  async setStage(
    who: AppState,
    id: string,
    stage: StageKind,
    b: StageBody,
    ip: string | null,
  ): Promise<ProjectDetail> {
    return this.db.tx(who.scope, async (q) => {
      const cur = await this.editable(q, who, id)
      if (cur.status === 'suspended')
        throw errors.conflict('project.suspended', 'the project is suspended (停建); resume it first')
      const all = facts(cur)
      const k = stageKinds.indexOf(stage)
      const old = cur.stages[k]!
      const pick = <K extends keyof StageBody & keyof typeof old>(key: K) =>
        (b[key] !== undefined ? (b[key] ?? null) : old[key]) as (typeof old)[K]
      const next = {
        stage,
        planned_start: pick('planned_start'),
        planned_end: pick('planned_end'),
        actual_start: pick('actual_start'),
        actual_end: pick('actual_end'),
        document_id: pick('document_id'),
        authority: pick('authority'),
        result: pick('result'),
        note: pick('note'),
      }
      const no = stageRefusal(all, all[k]!, next, this.today())
      if (no)
        throw no.status === 400 ? errors.validation(no.message, no.field) : errors.conflict(no.id, no.message)
      if (next.document_id && next.document_id !== old.document_id) {
        const d = await documentRef(q, next.document_id)
        if (!d) throw errors.validation(`document_id: unknown document ${next.document_id}`, 'document_id')
        if (d.enterprise_id !== cur.enterprise_id)
          throw errors.validation(
            `document_id: ${d.id} is not a document of enterprise ${cur.enterprise_id}`,
            'document_id',
          )
      }
      const state = stageState(next)
      await updateStage(q, id, stage, { ...next, state }, who.user.username)
      const stages = all.map((s, i) => (i === k ? next : s))
      const status = projectStatus(stages, false)
      if (status !== cur.status) await setProjectStatus(q, id, status, who.user.username)
      await this.audit(q, who, ip, 'project.stage', id, cur.enterprise_id, {
        stage,
        fields: Object.keys(b),
        from: old.state,
        to: state,
        document_id: next.document_id,
        result: next.result,
      })
      return this.detail(q, who, id)
    })
  }
}
