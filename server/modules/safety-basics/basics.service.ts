import {
  licenceStatus,
  parkDay,
  type Contractor,
  type ContractorDetail,
  type ContractorPatchBody,
  type ContractorQuery,
  type EnterpriseRecordDetail,
  type EntryBody,
  type EntryDecisionBody,
  type Licence,
  type LicencePatchBody,
  type LicenceQuery,
  type LicenceStatus,
  type NewContractorBody,
  type NewLicenceBody,
  type NewOperationBody,
  type OperationPatchBody,
  type OperationQuery,
  type OperationRecord,
  type ParkBasics,
  type PersonBody,
  type ProfileBody,
  type SafetyBasicsSettings,
  type SettingsBody,
} from '../../contracts/safety-basics'
import { daysBetween } from '../../contracts/emergency-plans'
import type { RiskColor } from '../../contracts/park'
import { auditAction } from '../../platform/audit'
import type { Db, DbScope, Queryable } from '../../platform/db/db'
import type { AppState } from '../../platform/http/auth-middleware'
import { errors } from '../../platform/http/errors'
import {
  canMoveTo,
  entryProblem,
  licenceViolation,
  operationViolation,
  parkLimitWarning,
  unitOverlaps,
  type RuleViolation,
} from './basics-rules'
import * as repo from './basics.repository'

const pgCode = (err: unknown) => (err as { code?: string })?.code
const pgConstraint = (err: unknown) => (err as { constraint?: string })?.constraint ?? ''

/** Unique violations as 409 with a stable id; anything else is rethrown. */
function conflictOr(err: unknown): never {
  if (pgCode(err) === '23505') {
    const c = pgConstraint(err)
    if (c.startsWith('licences_'))
      throw errors.conflict('licence.duplicate', 'a licence of this kind with this number exists')
    if (c.startsWith('contractors_'))
      throw errors.conflict('contractor.duplicate', 'this enterprise already has a contractor of this name')
    if (c.startsWith('enterprises_credit_code'))
      throw errors.conflict('enterprise.credit_code_taken', 'another enterprise has this credit code')
  }
  throw err
}

const invalid = (v: RuleViolation | null) => {
  if (v) throw errors.validation(`${v.field}: ${v.message}`, v.field)
}

export interface SafetyBasicsServiceOptions {
  clock?: () => number
}

/**
 * 安全基础管理: enterprise records, licences, start-up / shutdown / overhaul records, contractors and the park's
 * basic information. Reads and writes in the caller's scope (RLS), audited in the same transaction.
 */
export class SafetyBasicsService {
  private readonly now: () => number

  constructor(
    private readonly db: Db,
    opts: SafetyBasicsServiceOptions = {},
  ) {
    this.now = opts.clock ?? Date.now
  }

  today(): string {
    return parkDay(this.now())
  }

  private readonly audit = auditAction

  /** The enterprise a new record belongs to: an enterprise account's own; a park account must name one. */
  private async owner(q: Queryable, scope: DbScope, requested: string | undefined): Promise<string> {
    if (scope.scope === 'enterprise') {
      if (requested && requested !== scope.enterpriseId)
        throw errors.forbidden('an enterprise account keeps its own records only')
      return scope.enterpriseId
    }
    if (!requested) throw errors.validation('enterprise_id: is required', 'enterprise_id')
    if (!(await repo.enterpriseRow(q, requested)))
      throw errors.validation(`enterprise_id: unknown enterprise ${requested}`, 'enterprise_id')
    return requested
  }

  // ---------- settings ----------

  settings(scope: DbScope): Promise<SafetyBasicsSettings> {
    return this.db.tx(scope, repo.settings)
  }

  updateSettings(who: AppState, b: SettingsBody, ip: string | null): Promise<SafetyBasicsSettings> {
    return this.db.tx(who.scope, async (q) => {
      const cur = await repo.settings(q)
      const next = {
        licence_warn_days: b.licence_warn_days ?? cur.licence_warn_days,
        park_overhaul_limit: b.park_overhaul_limit ?? cur.park_overhaul_limit,
      }
      if (!(await repo.updateSettings(q, next, who.user.username)))
        throw errors.forbidden('the park keeps these settings')
      await this.audit(q, who, ip, 'safety_basics.settings', 'safety_basics_settings', null, next)
      return repo.settings(q)
    })
  }

  // ---------- enterprise records ----------

  async profile(scope: DbScope, id: string): Promise<EnterpriseRecordDetail> {
    return this.db.tx(scope, (q) => this.profileIn(q, id))
  }

  private async profileIn(q: Queryable, id: string): Promise<EnterpriseRecordDetail> {
    const enterprise = await repo.enterpriseRow(q, id)
    if (!enterprise) throw errors.notFound('enterprise', id)
    const s = await repo.settings(q)
    const licences = (await repo.listLicences(q, { enterprise: id })).map((l) =>
      this.presentLicence(l, s.licence_warn_days),
    )
    const now = new Date(this.now()).toISOString()
    const ops = (await repo.listOperations(q, { enterprise: id, from: now })).filter((o) =>
      ['planned', 'in_progress'].includes(o.status),
    )
    return {
      enterprise,
      profile: await repo.profileRow(q, id),
      licences,
      operations: await this.withWarnings(q, ops, s.park_overhaul_limit),
      ...(await repo.contractorCounts(q, id)),
    }
  }

  async putProfile(
    who: AppState,
    id: string,
    b: ProfileBody,
    ip: string | null,
  ): Promise<EnterpriseRecordDetail> {
    return this.db
      .tx(who.scope, async (q) => {
        const cur = await repo.enterpriseRow(q, id, true)
        if (!cur) throw errors.notFound('enterprise', id)
        if (who.scope.scope === 'enterprise' && who.scope.enterpriseId !== id)
          throw errors.forbidden('an enterprise account keeps its own records only')
        if (b.risk && b.risk !== cur.risk && who.scope.scope !== 'park')
          throw errors.forbidden('the risk grade is set by the park')
        if (b.established_on && b.established_on > this.today())
          throw errors.validation(`established_on: ${b.established_on} is in the future`, 'established_on')
        await repo.upsertProfile(q, id, b, who.user.username)
        const next = {
          credit_code: b.credit_code ?? cur.credit_code,
          processes: b.processes ?? cur.processes,
          risk: (b.risk ?? cur.risk) as RiskColor,
        }
        const changed = Object.entries(next)
          .filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(cur[k as keyof typeof next]))
          .map(([k]) => k)
        if (changed.length) await repo.updateEnterpriseRow(q, id, next)
        await this.audit(q, who, ip, 'enterprise_profile.update', id, id, { enterprise_fields: changed })
        return this.profileIn(q, id)
      })
      .catch(conflictOr)
  }

  // ---------- licences ----------

  private presentLicence(l: repo.LicenceRow, warnDays: number): Licence {
    const today = this.today()
    return { ...l, status: licenceStatus(l, today, warnDays), days_left: daysBetween(today, l.valid_to) }
  }

  licences(scope: DbScope, f: LicenceQuery): Promise<Licence[]> {
    return this.db.tx(scope, async (q) => {
      const s = await repo.settings(q)
      const all = (await repo.listLicences(q, f)).map((l) => this.presentLicence(l, s.licence_warn_days))
      return all.filter(
        (l) =>
          (!f.status || l.status === f.status) &&
          (f.due !== 'true' || l.status === 'expiring' || l.status === 'expired'),
      )
    })
  }

  licence(scope: DbScope, id: string): Promise<Licence> {
    return this.db.tx(scope, (q) => this.licenceIn(q, id))
  }

  private async licenceIn(q: Queryable, id: string): Promise<Licence> {
    const l = await repo.findLicence(q, id)
    if (!l) throw errors.notFound('licence', id)
    return this.presentLicence(l, (await repo.settings(q)).licence_warn_days)
  }

  createLicence(who: AppState, b: NewLicenceBody, ip: string | null): Promise<Licence> {
    return this.db
      .tx(who.scope, async (q) => {
        const enterpriseId = await this.owner(q, who.scope, b.enterprise_id)
        const v: repo.LicenceValues = {
          kind: b.kind,
          title: b.kind === 'other' ? (b.title ?? null) : null,
          number: b.number,
          issuer: b.issuer,
          scope: b.scope,
          valid_from: b.valid_from,
          valid_to: b.valid_to,
          note: b.note ?? null,
          cancelled: false,
        }
        if (b.kind === 'other' && !v.title)
          throw errors.validation('title: is required for other licences', 'title')
        invalid(licenceViolation(v))
        const id = await repo.insertLicence(q, enterpriseId, v, who.user.username)
        await this.audit(q, who, ip, 'licence.create', id, enterpriseId, {
          kind: v.kind,
          valid_to: v.valid_to,
        })
        return this.licenceIn(q, id)
      })
      .catch(conflictOr)
  }

  /** Corrections, renewal (new dates) or cancellation (注销); the dates' rules hold after the change. */
  patchLicence(who: AppState, id: string, b: LicencePatchBody, ip: string | null): Promise<Licence> {
    return this.db
      .tx(who.scope, async (q) => {
        const cur = await repo.findLicence(q, id, true)
        if (!cur) throw errors.notFound('licence', id)
        const v: repo.LicenceValues = {
          kind: cur.kind,
          title: cur.kind === 'other' ? (b.title === undefined ? cur.title : b.title) : null,
          number: b.number ?? cur.number,
          issuer: b.issuer ?? cur.issuer,
          scope: b.scope ?? cur.scope,
          valid_from: b.valid_from ?? cur.valid_from,
          valid_to: b.valid_to ?? cur.valid_to,
          note: b.note === undefined ? cur.note : b.note,
          cancelled: b.cancelled ?? cur.cancelled,
        }
        if (cur.kind === 'other' && !v.title)
          throw errors.validation('title: is required for other licences', 'title')
        invalid(licenceViolation(v))
        await repo.updateLicence(q, id, v, who.user.username)
        await this.audit(q, who, ip, 'licence.update', id, cur.enterprise_id, {
          fields: Object.keys(b),
          valid_to: v.valid_to,
          cancelled: v.cancelled,
        })
        return this.licenceIn(q, id)
      })
      .catch(conflictOr)
  }

  // ---------- start-up / shutdown / overhaul ----------

  /** The records with their overlap warnings (same unit, and the park's limit of simultaneous overhauls). */
  private async withWarnings(
    q: Queryable,
    rows: readonly repo.OperationRow[],
    limit: number,
  ): Promise<OperationRecord[]> {
    if (!rows.length) return []
    const peers = await repo.activeOperationsOf(q, [...new Set(rows.map((r) => r.enterprise_id))])
    const overhauls = rows.filter((r) => r.kind === 'overhaul')
    const windows = overhauls.length
      ? await repo.parkOverhaulWindows(
          q,
          overhauls.map((r) => r.planned_start).reduce((a, b) => (a < b ? a : b)),
          overhauls.map((r) => r.planned_end).reduce((a, b) => (a > b ? a : b)),
        )
      : []
    return rows.map((r) => {
      const park = parkLimitWarning(r, windows, limit)
      return { ...r, warnings: [...unitOverlaps(r, peers), ...(park ? [park] : [])] }
    })
  }

  operations(scope: DbScope, f: OperationQuery): Promise<OperationRecord[]> {
    return this.db.tx(scope, async (q) => {
      const s = await repo.settings(q)
      const all = await this.withWarnings(q, await repo.listOperations(q, f), s.park_overhaul_limit)
      return f.conflicts === 'true' ? all.filter((r) => r.warnings.length > 0) : all
    })
  }

  operation(scope: DbScope, id: string): Promise<OperationRecord> {
    return this.db.tx(scope, (q) => this.operationIn(q, id))
  }

  private async operationIn(q: Queryable, id: string): Promise<OperationRecord> {
    const row = await repo.findOperation(q, id)
    if (!row) throw errors.notFound('operation_record', id)
    const s = await repo.settings(q)
    return (await this.withWarnings(q, [row], s.park_overhaul_limit))[0]!
  }

  private async checkAsset(q: Queryable, enterpriseId: string, assetId: string | null) {
    if (!assetId) return
    const a = await repo.assetOwner(q, assetId)
    if (!a) throw errors.validation(`asset_id: unknown asset ${assetId}`, 'asset_id')
    if (a.enterprise_id !== enterpriseId)
      throw errors.validation(`asset_id: asset ${assetId} does not belong to ${enterpriseId}`, 'asset_id')
  }

  /** A new record is planned; overlaps are warnings returned with it, never a refusal. */
  createOperation(who: AppState, b: NewOperationBody, ip: string | null): Promise<OperationRecord> {
    return this.db.tx(who.scope, async (q) => {
      const enterpriseId = await this.owner(q, who.scope, b.enterprise_id)
      const v: repo.OperationValues = {
        kind: b.kind,
        unit: b.unit,
        asset_id: b.asset_id ?? null,
        planned_start: b.planned_start,
        planned_end: b.planned_end,
        actual_start: null,
        actual_end: null,
        responsible_person: b.responsible_person,
        responsible_phone: b.responsible_phone ?? null,
        safety_measures: b.safety_measures,
        status: 'planned',
        note: b.note ?? null,
      }
      invalid(operationViolation(v, this.now()))
      await this.checkAsset(q, enterpriseId, v.asset_id)
      const id = await repo.insertOperation(q, enterpriseId, v, who.user.username)
      const rec = await this.operationIn(q, id)
      await this.audit(q, who, ip, 'operation_record.create', id, enterpriseId, {
        kind: v.kind,
        unit: v.unit,
        warnings: rec.warnings.map((w) => w.kind),
      })
      return rec
    })
  }

  patchOperation(
    who: AppState,
    id: string,
    b: OperationPatchBody,
    ip: string | null,
  ): Promise<OperationRecord> {
    return this.db.tx(who.scope, async (q) => {
      const cur = await repo.findOperation(q, id, true)
      if (!cur) throw errors.notFound('operation_record', id)
      const status = b.status ?? cur.status
      if (!canMoveTo(cur.status, status))
        throw errors.conflict('operation_record.status', `a ${cur.status} record cannot become ${status}`)
      const nowIso = new Date(this.now()).toISOString()
      let actualStart = b.actual_start === undefined ? cur.actual_start : b.actual_start
      let actualEnd = b.actual_end === undefined ? cur.actual_end : b.actual_end
      if ((status === 'in_progress' || status === 'completed') && !actualStart) actualStart = nowIso
      if (status === 'completed' && !actualEnd) actualEnd = nowIso
      const v: repo.OperationValues = {
        kind: cur.kind,
        unit: b.unit ?? cur.unit,
        asset_id: cur.asset_id,
        planned_start: b.planned_start ?? cur.planned_start,
        planned_end: b.planned_end ?? cur.planned_end,
        actual_start: actualStart,
        actual_end: actualEnd,
        responsible_person: b.responsible_person ?? cur.responsible_person,
        responsible_phone: b.responsible_phone === undefined ? cur.responsible_phone : b.responsible_phone,
        safety_measures: b.safety_measures ?? cur.safety_measures,
        status,
        note: b.note === undefined ? cur.note : b.note,
      }
      invalid(operationViolation(v, this.now()))
      await repo.updateOperation(q, id, v, who.user.username)
      const rec = await this.operationIn(q, id)
      await this.audit(q, who, ip, 'operation_record.update', id, cur.enterprise_id, {
        fields: Object.keys(b),
        status,
        warnings: rec.warnings.map((w) => w.kind),
      })
      return rec
    })
  }

  // ---------- contractors ----------

  private presentContractor(c: repo.ContractorRow): Contractor {
    const today = this.today()
    return { ...c, expired_qualifications: c.qualifications.filter((x) => x.expires_on < today).length }
  }

  contractors(scope: DbScope, f: ContractorQuery): Promise<Contractor[]> {
    return this.db.tx(scope, async (q) =>
      (await repo.listContractors(q, f)).map((c) => this.presentContractor(c)),
    )
  }

  contractor(scope: DbScope, id: string): Promise<ContractorDetail> {
    return this.db.tx(scope, (q) => this.contractorIn(q, id))
  }

  private async contractorIn(q: Queryable, id: string): Promise<ContractorDetail> {
    const c = await repo.findContractor(q, id)
    if (!c) throw errors.notFound('contractor', id)
    const today = this.today()
    return {
      ...this.presentContractor(c),
      people: (await repo.contractorPeople(q, id)).map((p) => ({
        ...p,
        trained: p.training_valid_to !== null && p.training_valid_to >= today,
      })),
      entries: await repo.contractorEntries(q, id),
    }
  }

  private async lockContractor(q: Queryable, id: string): Promise<repo.ContractorRow> {
    const c = await repo.findContractor(q, id, true)
    if (!c) throw errors.notFound('contractor', id)
    return c
  }

  createContractor(who: AppState, b: NewContractorBody, ip: string | null): Promise<ContractorDetail> {
    return this.db
      .tx(who.scope, async (q) => {
        const enterpriseId = await this.owner(q, who.scope, b.enterprise_id)
        const id = await repo.insertContractor(
          q,
          enterpriseId,
          {
            name: b.name,
            credit_code: b.credit_code ?? null,
            contact_person: b.contact_person ?? null,
            phone: b.phone ?? null,
            service_scope: b.service_scope,
            qualifications: b.qualifications,
          },
          who.user.username,
        )
        await this.audit(q, who, ip, 'contractor.create', id, enterpriseId, { name: b.name })
        return this.contractorIn(q, id)
      })
      .catch(conflictOr)
  }

  patchContractor(
    who: AppState,
    id: string,
    b: ContractorPatchBody,
    ip: string | null,
  ): Promise<ContractorDetail> {
    return this.db
      .tx(who.scope, async (q) => {
        const cur = await this.lockContractor(q, id)
        await repo.updateContractor(
          q,
          id,
          {
            name: b.name ?? cur.name,
            credit_code: b.credit_code === undefined ? cur.credit_code : b.credit_code,
            contact_person: b.contact_person === undefined ? cur.contact_person : b.contact_person,
            phone: b.phone === undefined ? cur.phone : b.phone,
            service_scope: b.service_scope ?? cur.service_scope,
            qualifications: b.qualifications ?? cur.qualifications,
          },
          who.user.username,
        )
        await this.audit(q, who, ip, 'contractor.update', id, cur.enterprise_id, { fields: Object.keys(b) })
        return this.contractorIn(q, id)
      })
      .catch(conflictOr)
  }

  /** Blacklists (with a reason) or, with null, lifts the blacklist. */
  blacklist(who: AppState, id: string, reason: string | null, ip: string | null): Promise<ContractorDetail> {
    return this.db.tx(who.scope, async (q) => {
      const cur = await this.lockContractor(q, id)
      if (reason === null && !cur.blacklisted)
        throw errors.conflict('contractor.not_blacklisted', 'the contractor is not blacklisted')
      await repo.setBlacklist(q, id, reason, who.user.username)
      await this.audit(
        q,
        who,
        ip,
        reason ? 'contractor.blacklist' : 'contractor.unblacklist',
        id,
        cur.enterprise_id,
        {
          reason,
        },
      )
      return this.contractorIn(q, id)
    })
  }

  addPerson(who: AppState, id: string, b: PersonBody, ip: string | null): Promise<ContractorDetail> {
    return this.db.tx(who.scope, async (q) => {
      const cur = await this.lockContractor(q, id)
      if (b.trained_on && b.trained_on > this.today())
        throw errors.validation(`trained_on: ${b.trained_on} is in the future`, 'trained_on')
      const personId = await repo.insertPerson(q, id, cur.enterprise_id, b)
      await this.audit(q, who, ip, 'contractor.person_add', id, cur.enterprise_id, { person_id: personId })
      return this.contractorIn(q, id)
    })
  }

  removePerson(who: AppState, id: string, personId: string, ip: string | null): Promise<ContractorDetail> {
    return this.db.tx(who.scope, async (q) => {
      const cur = await this.lockContractor(q, id)
      if (!(await repo.deletePerson(q, id, personId))) throw errors.notFound('contractor_person', personId)
      await this.audit(q, who, ip, 'contractor.person_remove', id, cur.enterprise_id, { person_id: personId })
      return this.contractorIn(q, id)
    })
  }

  private async checkEntry(
    q: Queryable,
    c: repo.ContractorRow,
    e: Pick<EntryBody, 'valid_to' | 'person_ids'>,
  ) {
    const problem = entryProblem(c, await repo.contractorPeople(q, c.id), e)
    if (!problem) return
    if (problem.status === 409) throw errors.conflict(problem.id, problem.message)
    throw errors.validation(`${problem.field}: ${problem.message}`, problem.field)
  }

  /** An entry request (入厂申请): the people must belong to the contractor; the approval checks come now too. */
  requestEntry(who: AppState, id: string, b: EntryBody, ip: string | null): Promise<ContractorDetail> {
    return this.db.tx(who.scope, async (q) => {
      const cur = await this.lockContractor(q, id)
      if (b.valid_to < this.today()) throw errors.validation('valid_to: the window is over', 'valid_to')
      await this.checkEntry(q, cur, b)
      const entryId = await repo.insertEntry(q, id, cur.enterprise_id, b, who.user.username)
      await this.audit(q, who, ip, 'contractor.entry_request', id, cur.enterprise_id, { entry_id: entryId })
      return this.contractorIn(q, id)
    })
  }

  /** Approves or rejects a requested entry; an approval is checked again (blacklist, qualifications, training). */
  decideEntry(
    who: AppState,
    id: string,
    entryId: string,
    b: EntryDecisionBody,
    ip: string | null,
  ): Promise<ContractorDetail> {
    return this.db.tx(who.scope, async (q) => {
      const cur = await this.lockContractor(q, id)
      const entry = await repo.findEntry(q, id, entryId)
      if (!entry) throw errors.notFound('contractor_entry', entryId)
      if (entry.status !== 'requested')
        throw errors.conflict('contractor_entry.decided', `the entry was already ${entry.status}`)
      if (b.status === 'approved') await this.checkEntry(q, cur, entry)
      await repo.decideEntry(q, entryId, b.status, b.note ?? null, who.user.username)
      await this.audit(q, who, ip, 'contractor.entry_decide', id, cur.enterprise_id, {
        entry_id: entryId,
        status: b.status,
      })
      return this.contractorIn(q, id)
    })
  }

  // ---------- park basic information ----------

  parkBasics(scope: DbScope): Promise<ParkBasics> {
    return this.db.tx(scope, async (q) => {
      const park = await repo.parkBoundary(q)
      if (!park) throw errors.notFound('park', 'default')
      const s = await repo.settings(q)
      const enterprises = await repo.parkEnterprises(q)
      const licences = (await repo.listLicences(q, {})).map((l) =>
        this.presentLicence(l, s.licence_warn_days),
      )
      const byRisk: Record<RiskColor, number> = { red: 0, orange: 0, yellow: 0, blue: 0 }
      for (const e of enterprises) byRisk[e.risk]++
      const byStatus: Record<LicenceStatus, number> = { valid: 0, expiring: 0, expired: 0, cancelled: 0 }
      for (const l of licences) byStatus[l.status]++
      const processes = new Map<string, string[]>()
      for (const e of enterprises)
        for (const p of e.processes) processes.set(p, [...(processes.get(p) ?? []), e.id])
      return {
        name: park.name,
        name_en: park.name_en,
        area_km2: Math.round(park.area_m2 / 1e4) / 100,
        area_ha: Math.round(park.area_m2 / 1e2) / 100,
        perimeter_km: Math.round(park.perimeter_m / 10) / 100,
        enterprise_count: enterprises.length,
        enterprises_by_risk: byRisk,
        enterprises: enterprises.map((e) => ({
          ...e,
          licences_due: licences.filter(
            (l) => l.enterprise_id === e.id && (l.status === 'expiring' || l.status === 'expired'),
          ).length,
        })),
        chemicals: await repo.parkChemicals(q),
        processes: [...processes]
          .map(([process, ids]) => ({ process, enterprises: ids.length, enterprise_ids: ids }))
          .sort((a, b) => b.enterprises - a.enterprises || a.process.localeCompare(b.process, 'zh-CN')),
        licences: byStatus,
        overhauls_now: await repo.overhaulsNow(q, new Date(this.now()).toISOString()),
        settings: s,
      }
    })
  }
}
