import {
  admissionCheckKeys,
  effectiveOutcome,
  verdictOf,
  type AdmissionApplication,
  type AdmissionCatalogueEntry,
  type AdmissionCheckKey,
  type AdmissionDecisionBody,
  type AdmissionItem,
  type AdmissionQuery,
  type AdmissionSettings,
  type AdmissionSettingsBody,
  type AdmissionSummary,
  type CatalogueEntryBody,
  type NewAdmissionBody,
  type PlannedUseBody,
} from '../../contracts/admission'
import { auditAction } from '../../platform/audit'
import type { Db, DbScope, Queryable } from '../../platform/db/db'
import type { AppState } from '../../platform/http/auth-middleware'
import { errors } from '../../platform/http/errors'
import { assess, resolveChemical, type AssessInput } from '../hazards/hazard-grading'
import { listCatalogue as listHazardCatalogue } from '../hazards/hazards.repository'
import {
  distanceItem,
  locationItem,
  majorHazardItem,
  plannedUseItem,
  policyItem,
  processItem,
  type AutoItem,
  type ExposureFacts,
} from './admission-rules'
import {
  assessmentHistory,
  deleteCatalogueEntry,
  enterpriseExists,
  exposureEstimate,
  findApplication,
  findCatalogueEntry,
  getSettings,
  insertApplication,
  insertAssessment,
  insertCatalogueEntry,
  listApplications,
  listCatalogue,
  listUseZones,
  locationFacts,
  locationProblem,
  nearestTargets,
  parcelAt,
  setZonePlannedUse,
  supervisedProcesses,
  updateCatalogueEntry,
  updateResult,
  updateSettings,
  useZonesAt,
  zoneExists,
  type ApplicationRow,
  type UseZoneRow,
} from './admission.repository'
import { renderAdmissionReport } from './admission.report'

const pgCode = (err: unknown) => (err as { code?: string })?.code

/** The inputs an assessment reads (an application as filed). */
export type AdmissionInputs = Pick<
  NewAdmissionBody,
  'kind' | 'enterprise_id' | 'products' | 'processes' | 'location' | 'exposed_people'
>

/**
 * Runs the checklist on one application in the caller's transaction: the catalogue (a), PostGIS containment,
 * planned use and distances (b, b', c), the hazards module's GB 18218 grading of the declared inventory with its
 * own catalogue (d), and the 18 key-supervised processes (e). A location PostGIS finds invalid is a 400.
 */
export async function runChecklist(
  q: Queryable,
  b: AdmissionInputs,
  settings: AdmissionSettings,
): Promise<AutoItem[]> {
  const geo = JSON.stringify(b.location)
  const problem = await locationProblem(q, geo)
  if (problem) throw errors.validation(`location: not a valid geometry (${problem})`, 'location')
  const own = b.kind === 'project' ? (b.enterprise_id ?? null) : null
  const policy = policyItem(
    b.products.map((p) => p.name),
    b.processes,
    await listCatalogue(q),
  )
  const location = locationItem(await locationFacts(q, geo))
  const planned = plannedUseItem(await useZonesAt(q, geo), await parcelAt(q, geo), settings)
  const distance = distanceItem(await nearestTargets(q, geo, own), settings)

  // (d) the hazards module's catalogue and grading (GB 18218): resolve each product, assess what resolves
  const catalogue = await listHazardCatalogue(q)
  const inputs: AssessInput[] = []
  const unresolved: { name: string; message: string }[] = []
  for (const p of b.products) {
    const r = resolveChemical(catalogue, p.name)
    if (r.ok) inputs.push({ chemical: r.chemical, q_t: p.q_t, source: 'application' })
    else unresolved.push({ name: p.name, message: r.message })
  }
  const exposure: ExposureFacts =
    b.exposed_people !== undefined && b.exposed_people !== null
      ? { people: b.exposed_people, declared: true, buildings: null }
      : { ...(await exposureEstimate(q, geo, own)), declared: false }
  const major = majorHazardItem(inputs.length ? assess(inputs, exposure.people) : null, unresolved, exposure)
  const process = processItem(b.processes, await supervisedProcesses(q))
  return [policy, location, planned, distance, major, process]
}

/** Keeps the park's decisions on items that still exist; the verdict follows. */
export function withDecisions(auto: readonly AutoItem[], previous: readonly AdmissionItem[] = []) {
  const items: AdmissionItem[] = auto.map((a) => ({
    ...a,
    decision: previous.find((p) => p.key === a.key)?.decision ?? null,
  }))
  return { items, verdict: verdictOf(items) }
}

const inputsOf = (row: ApplicationRow): AdmissionInputs => ({
  kind: row.kind,
  enterprise_id: row.enterprise_id ?? undefined,
  products: row.products,
  processes: row.processes,
  location: row.location as NewAdmissionBody['location'],
  exposed_people: row.exposed_people ?? undefined,
})

function summary(row: ApplicationRow): AdmissionSummary {
  return {
    id: row.id,
    kind: row.kind,
    enterprise_id: row.enterprise_id,
    name: row.name,
    applicant: row.applicant,
    industry: row.industry,
    verdict: row.verdict,
    outcomes: Object.fromEntries(
      row.items.map((i) => [i.key, effectiveOutcome(i)]),
    ) as AdmissionSummary['outcomes'],
    assessed_at: row.assessed_at,
    created_by: row.created_by,
    created_at: row.created_at,
  }
}

export interface AdmissionServiceOptions {
  clock?: () => number
}

/** Admission assessments: the park files and decides (routes: park admin); reads in the caller's scope (RLS). */
export class AdmissionService {
  private readonly now: () => number

  constructor(
    private readonly db: Db,
    opts: AdmissionServiceOptions = {},
  ) {
    this.now = opts.clock ?? Date.now
  }

  private readonly audit = auditAction

  private async detail(q: Queryable, id: string): Promise<AdmissionApplication> {
    const row = await findApplication(q, id)
    if (!row) throw errors.notFound('admission', id)
    return {
      ...summary(row),
      products: row.products,
      processes: row.processes,
      location: row.location,
      investment_wan: row.investment_wan,
      exposed_people: row.exposed_people,
      description: row.description,
      items: row.items,
      assessed_by: row.assessed_by,
      history: await assessmentHistory(q, id),
    }
  }

  async list(scope: DbScope, f: AdmissionQuery): Promise<AdmissionSummary[]> {
    return (await this.db.tx(scope, (q) => listApplications(q, f))).map(summary)
  }

  get(scope: DbScope, id: string): Promise<AdmissionApplication> {
    return this.db.tx(scope, (q) => this.detail(q, id))
  }

  async report(scope: DbScope, id: string): Promise<string> {
    return this.db.tx(scope, async (q) => {
      const a = await this.detail(q, id)
      return renderAdmissionReport(a, await getSettings(q), new Date(this.now()).toISOString())
    })
  }

  async create(who: AppState, b: NewAdmissionBody, ip: string | null): Promise<AdmissionApplication> {
    return this.db.tx(who.scope, async (q) => {
      if (b.enterprise_id && !(await enterpriseExists(q, b.enterprise_id)))
        throw errors.validation(`enterprise_id: unknown enterprise ${b.enterprise_id}`, 'enterprise_id')
      const settings = await getSettings(q)
      const result = withDecisions(await runChecklist(q, b, settings))
      const id = await insertApplication(q, b, result, who.user.username)
      await insertAssessment(
        q,
        { application_id: id, enterprise_id: b.enterprise_id ?? null, inputs: b, settings, ...result },
        who.user.username,
      )
      await this.audit(q, who, ip, 'admission.create', id, b.enterprise_id ?? null, {
        kind: b.kind,
        verdict: result.verdict,
      })
      return this.detail(q, id)
    })
  }

  /** Runs the checklist again (catalogue, settings or planned uses changed); the park's decisions stay. */
  async reassess(who: AppState, id: string, ip: string | null): Promise<AdmissionApplication> {
    return this.db.tx(who.scope, async (q) => {
      const row = await findApplication(q, id, true)
      if (!row) throw errors.notFound('admission', id)
      const settings = await getSettings(q)
      const inputs = inputsOf(row)
      const result = withDecisions(await runChecklist(q, inputs, settings), row.items)
      await updateResult(q, id, result, who.user.username, true)
      await insertAssessment(
        q,
        { application_id: id, enterprise_id: row.enterprise_id, inputs, settings, ...result },
        who.user.username,
      )
      await this.audit(q, who, ip, 'admission.reassess', id, row.enterprise_id, {
        from: row.verdict,
        to: result.verdict,
      })
      return this.detail(q, id)
    })
  }

  /** The park's decision on one item (a manual check, or an override with its reason); the verdict follows. */
  async decide(
    who: AppState,
    id: string,
    key: AdmissionCheckKey,
    b: AdmissionDecisionBody,
    ip: string | null,
  ): Promise<AdmissionApplication> {
    if (!(admissionCheckKeys as readonly string[]).includes(key)) throw errors.notFound('admission_item', key)
    return this.db.tx(who.scope, async (q) => {
      const row = await findApplication(q, id, true)
      if (!row) throw errors.notFound('admission', id)
      if (!row.items.some((i) => i.key === key)) throw errors.notFound('admission_item', key)
      const decision = {
        outcome: b.outcome,
        note: b.note,
        by: who.user.username,
        at: new Date(this.now()).toISOString(),
      }
      const items = row.items.map((i) => (i.key === key ? { ...i, decision } : i))
      const result = { items, verdict: verdictOf(items) }
      await updateResult(q, id, result, who.user.username, false)
      await insertAssessment(
        q,
        {
          application_id: id,
          enterprise_id: row.enterprise_id,
          inputs: inputsOf(row),
          settings: await getSettings(q),
          ...result,
        },
        who.user.username,
      )
      await this.audit(q, who, ip, 'admission.decide', id, row.enterprise_id, {
        key,
        outcome: b.outcome,
        note: b.note,
        from: row.verdict,
        to: result.verdict,
      })
      return this.detail(q, id)
    })
  }

  settings(scope: DbScope): Promise<AdmissionSettings> {
    return this.db.tx(scope, getSettings)
  }

  async updateSettings(
    who: AppState,
    b: AdmissionSettingsBody,
    ip: string | null,
  ): Promise<AdmissionSettings> {
    return this.db.tx(who.scope, async (q) => {
      const cur = await getSettings(q)
      const next = {
        min_distance_m: b.min_distance_m ?? cur.min_distance_m,
        // a distance the park sets is its own value, no longer the placeholder
        distance_is_placeholder: b.min_distance_m === undefined ? cur.distance_is_placeholder : false,
        chemical_uses: b.chemical_uses ?? cur.chemical_uses,
        conditional_uses: b.conditional_uses ?? cur.conditional_uses,
      }
      if (next.chemical_uses.some((u) => next.conditional_uses.includes(u)))
        throw errors.validation(
          'conditional_uses: a use is either allowed or conditional, not both',
          'conditional_uses',
        )
      await updateSettings(q, next, who.user.username)
      await this.audit(q, who, ip, 'admission.settings', 'admission_settings', null, {
        before: cur,
        after: next,
      })
      return getSettings(q)
    })
  }

  catalogue(scope: DbScope): Promise<AdmissionCatalogueEntry[]> {
    return this.db.tx(scope, listCatalogue)
  }

  private catalogueConflict(err: unknown): never {
    if (pgCode(err) === '23505')
      throw errors.conflict('admission_catalogue.duplicate', 'an entry of this kind and name exists already')
    throw err
  }

  async addCatalogueEntry(
    who: AppState,
    b: CatalogueEntryBody,
    ip: string | null,
  ): Promise<AdmissionCatalogueEntry> {
    return this.db
      .tx(who.scope, async (q) => {
        const id = await insertCatalogueEntry(q, b, who.user.username)
        await this.audit(q, who, ip, 'admission_catalogue.create', id, null, { ...b })
        return (await findCatalogueEntry(q, id))!
      })
      .catch((err) => this.catalogueConflict(err))
  }

  async updateCatalogueEntry(
    who: AppState,
    id: string,
    b: CatalogueEntryBody,
    ip: string | null,
  ): Promise<AdmissionCatalogueEntry> {
    return this.db
      .tx(who.scope, async (q) => {
        const before = await findCatalogueEntry(q, id)
        if (!before) throw errors.notFound('admission_catalogue', id)
        await updateCatalogueEntry(q, id, b, who.user.username)
        await this.audit(q, who, ip, 'admission_catalogue.update', id, null, { before, after: b })
        return (await findCatalogueEntry(q, id))!
      })
      .catch((err) => this.catalogueConflict(err))
  }

  async removeCatalogueEntry(who: AppState, id: string, ip: string | null): Promise<void> {
    await this.db.tx(who.scope, async (q) => {
      const before = await findCatalogueEntry(q, id)
      if (!before || !(await deleteCatalogueEntry(q, id))) throw errors.notFound('admission_catalogue', id)
      await this.audit(q, who, ip, 'admission_catalogue.delete', id, null, { before })
    })
  }

  zones(scope: DbScope): Promise<UseZoneRow[]> {
    return this.db.tx(scope, listUseZones)
  }

  async setPlannedUse(
    who: AppState,
    zoneId: string,
    b: PlannedUseBody,
    ip: string | null,
  ): Promise<UseZoneRow[]> {
    return this.db.tx(who.scope, async (q) => {
      const cur = await zoneExists(q, zoneId)
      if (!cur) throw errors.notFound('zone', zoneId)
      if (await setZonePlannedUse(q, zoneId, b.planned_use))
        await this.audit(q, who, ip, 'zone.planned_use', zoneId, null, {
          from: cur.planned_use,
          to: b.planned_use,
        })
      return listUseZones(q)
    })
  }
}
