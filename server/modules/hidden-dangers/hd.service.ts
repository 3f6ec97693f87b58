import { parkDay } from '../../contracts/emergency-plans'
import {
  maxPhotos,
  photoStages,
  type HdQuery,
  type HdStats,
  type HiddenDanger,
  type HiddenDangerDetail,
  type NewHiddenDangerBody,
  type PhotoStage,
  type TransitionBody,
} from '../../contracts/hidden-dangers'
import { auditAction } from '../../platform/audit'
import type { Db, DbScope, Queryable } from '../../platform/db/db'
import type { AppState } from '../../platform/http/auth-middleware'
import { errors } from '../../platform/http/errors'
import { getBlob, putBlob } from '../../platform/files/blobs'
import { checkUpload } from '../../platform/files/sniff'
import { actorOf, allowedActions, closedOnTime, nextState, refusal, type HdFacts } from './hd-workflow'
import { photoRules, photoStagesOpen } from './hd-photos'
import {
  findHiddenDanger,
  findPhoto,
  hdEvents,
  hdPhotos,
  insertEvent,
  insertHiddenDanger,
  insertPhoto,
  listHiddenDangers,
  riskPointRef,
  statsRows,
  updateHiddenDanger,
  type HdChanges,
  type HdRow,
} from './hd.repository'

export interface HiddenDangersServiceOptions {
  clock?: () => number
}

const facts = (h: HdRow): HdFacts => ({
  state: h.state,
  grade: h.grade,
  listed: h.listed_at !== null,
  has_plan: h.governance_plan !== null,
})

/** Hidden dangers (隐患排查治理): the closed loop in the caller's scope (RLS), every step a history row, audited. */
export class HiddenDangersService {
  private readonly now: () => number

  constructor(
    private readonly db: Db,
    opts: HiddenDangersServiceOptions = {},
  ) {
    this.now = opts.clock ?? Date.now
  }

  today(): string {
    return parkDay(this.now())
  }

  list(scope: DbScope, f: HdQuery): Promise<HiddenDanger[]> {
    return this.db.tx(scope, (q) => listHiddenDangers(q, f, this.today()))
  }

  get(who: AppState, id: string): Promise<HiddenDangerDetail> {
    return this.db.tx(who.scope, (q) => this.detail(q, who, id))
  }

  private async detail(q: Queryable, who: AppState, id: string): Promise<HiddenDangerDetail> {
    const row = await findHiddenDanger(q, id, this.today())
    if (!row) throw errors.notFound('hidden_danger', id)
    const photos = await hdPhotos(q, id)
    const actor = actorOf(who.user.role)
    return {
      ...row,
      events: await hdEvents(q, id),
      photos,
      actions: allowedActions(facts(row), actor),
      photo_stages: photoStagesOpen(row.state, actor, photos.length),
    }
  }

  private readonly audit = auditAction

  /** The enterprise a report belongs to: an enterprise account's own; the park names a known one. */
  private async owner(q: Queryable, scope: DbScope, requested: string | undefined): Promise<string> {
    if (scope.scope === 'enterprise') {
      if (requested && requested !== scope.enterpriseId)
        throw errors.forbidden('an enterprise account keeps its own records only')
      return scope.enterpriseId
    }
    if (!requested) throw errors.validation('enterprise_id: is required', 'enterprise_id')
    const r = await q.query('SELECT 1 FROM enterprises WHERE id = $1', [requested])
    if (!r.rowCount)
      throw errors.validation(`enterprise_id: unknown enterprise ${requested}`, 'enterprise_id')
    return requested
  }

  /** 隐患登记: a hidden danger found by the enterprise's own check or the park's inspection. */
  async report(who: AppState, b: NewHiddenDangerBody, ip: string | null): Promise<HiddenDangerDetail> {
    return this.db.tx(who.scope, async (q) => {
      const enterpriseId = await this.owner(q, who.scope, b.enterprise_id)
      let lon = b.lon ?? null
      let lat = b.lat ?? null
      if (b.risk_point_id) {
        const p = await riskPointRef(q, b.risk_point_id)
        if (!p || p.enterprise_id !== enterpriseId)
          throw errors.validation(
            `risk_point_id: unknown risk point ${b.risk_point_id} of enterprise ${enterpriseId}`,
            'risk_point_id',
          )
        if (lon === null) [lon, lat] = [p.lon, p.lat]
      }
      const source = b.source ?? (who.scope.scope === 'enterprise' ? 'self_check' : 'park_inspection')
      const id = await insertHiddenDanger(q, {
        enterprise_id: enterpriseId,
        title: b.title,
        description: b.description,
        location: b.location ?? null,
        lon,
        lat,
        risk_point_id: b.risk_point_id ?? null,
        grade: b.grade,
        category: b.category,
        source,
        found_by: who.user.username,
      })
      await insertEvent(q, {
        hidden_danger_id: id,
        enterprise_id: enterpriseId,
        action: 'report',
        from_state: null,
        to_state: 'found',
        actor: who.user.username,
        actor_role: who.user.role,
        note: b.description || null,
        detail: { grade: b.grade, source },
      })
      await this.audit(q, who, ip, 'hidden_danger.report', id, enterpriseId, { grade: b.grade, source })
      return this.detail(q, who, id)
    })
  }

  /** One step of the closed loop (or a record on it): refused with 403/409 when not this caller's step now. */
  async transition(
    who: AppState,
    id: string,
    b: TransitionBody,
    ip: string | null,
  ): Promise<HiddenDangerDetail> {
    return this.db.tx(who.scope, async (q) => {
      const today = this.today()
      const cur = await findHiddenDanger(q, id, today, true)
      if (!cur) throw errors.notFound('hidden_danger', id)
      const no = refusal(facts(cur), b.action, actorOf(who.user.role), b)
      if (no) throw no.status === 403 ? errors.forbidden(no.message) : errors.conflict(no.id, no.message)
      const to = nextState(cur, b.action)
      const by = who.user.username
      let changes: HdChanges = {}
      let note: string | null = null
      let detail: Record<string, unknown> = {}
      switch (b.action) {
        case 'order':
          if (b.deadline < today)
            throw errors.validation(`deadline: ${b.deadline} is in the past`, 'deadline')
          changes = {
            owner: b.owner,
            deadline: b.deadline,
            requirement: b.requirement ?? null,
            ordered_by: by,
            ordered: true,
            ...(b.grade ? { grade: b.grade } : {}),
          }
          note = b.requirement ?? null
          detail = { owner: b.owner, deadline: b.deadline, grade: b.grade ?? cur.grade }
          break
        case 'start':
          note = b.note ?? null
          break
        case 'request_acceptance':
          changes = { rectification: b.rectification }
          note = b.rectification
          break
        case 'verify': {
          const approval = cur.grade === 'major' ? b.regulator_approval! : null
          if (approval && approval.approved_on > today)
            throw errors.validation(
              `regulator_approval.approved_on: ${approval.approved_on} is in the future`,
              'regulator_approval.approved_on',
            )
          const onTime = closedOnTime(cur.deadline, today)
          changes = { closed_by: by, closed_on_time: onTime, regulator_approval: approval }
          note = b.note ?? null
          detail = {
            on_time: onTime,
            ...(approval ? { approval_ref: approval.approval_ref, regulator: approval.regulator } : {}),
          }
          break
        }
        case 'send_back':
          changes = { sent_back: true }
          note = b.reason
          break
        case 'supervise':
          changes = { listed_by: by, listing_ref: b.listing_ref }
          note = b.note ?? null
          detail = { listing_ref: b.listing_ref }
          break
        case 'plan':
          changes = { governance_plan: b.governance_plan }
          note = b.governance_plan.goal
          detail = { deadline: b.governance_plan.deadline, funds_wan_yuan: b.governance_plan.funds_wan_yuan }
          break
      }
      await updateHiddenDanger(q, id, { ...changes, ...(to !== cur.state ? { state: to } : {}) }, by)
      await insertEvent(q, {
        hidden_danger_id: id,
        enterprise_id: cur.enterprise_id,
        action: b.action,
        from_state: cur.state,
        to_state: to,
        actor: by,
        actor_role: who.user.role,
        note,
        detail,
      })
      await this.audit(q, who, ip, `hidden_danger.${b.action}`, id, cur.enterprise_id, {
        from: cur.state,
        to,
        ...detail,
      })
      return this.detail(q, who, id)
    })
  }

  /** Open / closed / overdue by grade and the on-time closure rate, per visible enterprise and in total. */
  async stats(scope: DbScope, enterprise: string | null): Promise<HdStats> {
    const rows = await this.db.tx(scope, (q) => statsRows(q, this.today(), enterprise))
    const enterprises = rows.map((r) => {
      const closed = r.closed_general + r.closed_major
      return {
        enterprise_id: r.enterprise_id,
        enterprise_name: r.enterprise_name,
        open: { general: r.open_general, major: r.open_major },
        closed: { general: r.closed_general, major: r.closed_major },
        overdue: { general: r.overdue_general, major: r.overdue_major },
        listed: r.listed,
        closed_on_time: r.closed_on_time,
        on_time_rate: closed ? r.closed_on_time / closed : null,
      }
    })
    const sum = (f: (e: (typeof enterprises)[number]) => number) => enterprises.reduce((s, e) => s + f(e), 0)
    const closedTotal = sum((e) => e.closed.general + e.closed.major)
    const onTime = sum((e) => e.closed_on_time)
    return {
      enterprises,
      total: {
        open: { general: sum((e) => e.open.general), major: sum((e) => e.open.major) },
        closed: { general: sum((e) => e.closed.general), major: sum((e) => e.closed.major) },
        overdue: { general: sum((e) => e.overdue.general), major: sum((e) => e.overdue.major) },
        listed: sum((e) => e.listed),
        closed_on_time: onTime,
        on_time_rate: closedTotal ? onTime / closedTotal : null,
      },
    }
  }

  /**
   * A photo of the finding or of the rectification (the stage must be open to the caller now): type from the
   * magic bytes (must match the extension), size limit, count limit; the bytes go to the blob store in the same
   * transaction as the photo row and its history row.
   */
  async addPhoto(
    who: AppState,
    id: string,
    stage: PhotoStage,
    upload: { filename: string; bytes: Uint8Array },
    ip: string | null,
  ): Promise<HiddenDangerDetail> {
    if (!photoStages.includes(stage))
      throw errors.validation(`stage: one of ${photoStages.join(', ')}`, 'stage')
    const file = checkUpload(upload.bytes, upload.filename, photoRules)
    return this.db.tx(who.scope, async (q) => {
      const cur = await findHiddenDanger(q, id, this.today(), true)
      if (!cur) throw errors.notFound('hidden_danger', id)
      const count = (await hdPhotos(q, id)).length
      if (count >= maxPhotos)
        throw errors.conflict('hidden_danger.photo_limit', `at most ${maxPhotos} photos per hidden danger`)
      const open = photoStagesOpen(cur.state, actorOf(who.user.role), count)
      if (!open.includes(stage))
        throw errors.conflict(
          'hidden_danger.photo_stage',
          `${stage} photos are not taken now (the hidden danger is ${cur.state})`,
        )
      const blob = await putBlob(q, { bytes: upload.bytes, mime: file.mime, enterpriseId: cur.enterprise_id })
      const photoId = await insertPhoto(q, {
        hidden_danger_id: id,
        enterprise_id: cur.enterprise_id,
        stage,
        filename: upload.filename,
        content_type: file.mime,
        size_bytes: blob.size,
        sha256: blob.sha256,
        blob_id: blob.id,
        uploaded_by: who.user.username,
      })
      await insertEvent(q, {
        hidden_danger_id: id,
        enterprise_id: cur.enterprise_id,
        action: 'photo',
        from_state: cur.state,
        to_state: cur.state,
        actor: who.user.username,
        actor_role: who.user.role,
        note: upload.filename,
        detail: { photo_id: photoId, stage },
      })
      await this.audit(q, who, ip, 'hidden_danger.photo', id, cur.enterprise_id, {
        photo_id: photoId,
        stage,
        bytes: blob.size,
        content_type: file.mime,
      })
      return this.detail(q, who, id)
    })
  }

  /** A photo's bytes in the caller's scope (RLS guards the row and the blob). */
  async photo(scope: DbScope, id: string, photoId: string) {
    return this.db.tx(scope, async (q) => {
      const p = await findPhoto(q, id, photoId)
      const blob = p ? await getBlob(q, p.blob_id) : null
      if (!p || !blob) throw errors.notFound('hidden_danger_photo', photoId)
      return { filename: p.filename, mime: p.content_type, bytes: blob.bytes }
    })
  }
}
