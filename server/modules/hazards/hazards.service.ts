import { parkDay } from '../../contracts/emergency-plans'
import {
  mhDefaultIntervalDays,
  mhRoles,
  type MhAssessment,
  type MhAssetAnswer,
  type MhCheckBody,
  type MhChemical,
  type MhChemicalPatch,
  type MhGradeBody,
  type MhItemsBody,
  type MhNewChemicalBody,
  type MhNewUnitBody,
  type MhRegisterBody,
  type MhResponsiblesBody,
  type MhTankInventoryBody,
  type MhUnit,
  type MhUnitDetail,
  type MhUnitKind,
  type MhUnitPatch,
  type MhUnitQuery,
} from '../../contracts/hazards'
import { auditAction } from '../../platform/audit'
import type { Db, DbScope, Queryable } from '../../platform/db/db'
import type { AppState } from '../../platform/http/auth-middleware'
import { errors } from '../../platform/http/errors'
import type { SystemAlarmSink } from '../alarms/system-conditions'
import { betaByClass, qByClass } from './hazard-catalogue'
import {
  assess,
  checkOverdue,
  nextCheckDue,
  resolveChemical,
  type AssessInput,
  type CatalogueEntry,
} from './hazard-grading'
import { checkMajorHazards } from './hazards.check'
import {
  assessmentHistory,
  findAsset,
  findChemical,
  findUnit,
  insertAssessment,
  insertCheck,
  insertChemicals,
  insertUnit,
  itemsOfUnits,
  latestAssessments,
  listCatalogue,
  listUnits,
  newChemicalId,
  registerGrade,
  responsiblesOf,
  setItems,
  setTankInventory,
  tanksOfFarms,
  unitAlarms,
  unitChecks,
  unitIdOfAsset,
  unitSensors,
  updateChemical,
  updateUnit,
  upsertResponsible,
  type ChemicalValues,
  type UnitRow,
} from './hazards.repository'

/** No stored liquid or liquefied gas of the park is denser than this (t/m³): a tank inventory sanity bound. */
const maxDensity = 2

/** A tank's product in the catalogue: by its name, its English name, then its CAS number. */
function tankChemical(
  catalogue: readonly CatalogueEntry[],
  t: { chemical: string | null; chemical_en: string | null; cas: string | null },
) {
  for (const key of [t.chemical, t.chemical_en, t.cas]) {
    if (!key) continue
    const r = resolveChemical(catalogue, key)
    if (r.ok) return r.chemical
  }
  return null
}

/**
 * The units with their assessment computed now from current inventories (tank farms: their tanks; other units:
 * their entered items), the exposed people they use and their 包保 persons' due dates. Runs in the caller's scope.
 */
export async function computeUnits(q: Queryable, rows: readonly UnitRow[], today: string): Promise<MhUnit[]> {
  if (!rows.length) return []
  const catalogue = await listCatalogue(q)
  const byId = new Map(catalogue.map((c) => [c.id, c]))
  const tanks = await tanksOfFarms(
    q,
    rows.filter((u) => u.asset_kind === 'tank_farm').map((u) => u.asset_id),
  )
  const ids = rows.map((u) => u.id)
  const items = await itemsOfUnits(q, ids)
  const people = await responsiblesOf(q, ids)
  return rows.map((u) => {
    const inputs: AssessInput[] =
      u.asset_kind === 'tank_farm'
        ? tanks
            .filter((t) => t.farm_id === u.asset_id)
            .map((t) => ({
              chemical: tankChemical(catalogue, t),
              label: t.chemical ?? t.cas ?? t.id,
              q_t: Math.max(0, t.inventory_t),
              source: t.id,
            }))
        : items
            .filter((i) => i.unit_id === u.id)
            .map((i) => ({ chemical: byId.get(i.chemical_id) ?? null, q_t: i.q_t, source: 'unit' }))
    const exposed = u.exposed_people ?? u.exposed_suggested ?? 0
    const assessment = assess(inputs, exposed)
    const responsibles = people
      .filter((p) => p.unit_id === u.id)
      .map(({ unit_id: _, ...p }) => {
        const next_due = nextCheckDue(p.last_check_on, p.assigned_on, p.interval_days)
        return { ...p, next_due, overdue: checkOverdue(next_due, today) }
      })
    return {
      ...u,
      exposed_source: u.exposed_people !== null ? 'declared' : 'suggested',
      assessment,
      grade_changed: assessment.grade !== u.registered_grade,
      responsibles,
      overdue_checks: assessment.major ? responsibles.filter((r) => r.overdue).length : 0,
    } satisfies MhUnit
  })
}

const sameAssessment = (
  a: Pick<MhAssessment, 'S' | 'R' | 'alpha' | 'grade'>,
  b: Pick<MhAssessment, 'S' | 'R' | 'alpha' | 'grade'>,
) => Math.abs(a.S - b.S) < 1e-6 && Math.abs(a.R - b.R) < 1e-6 && a.alpha === b.alpha && a.grade === b.grade

/**
 * Stores a new assessment of each unit (all of them, or only those whose S, R, α or grade moved since the last
 * stored one). Returns how many rows were stored and the units whose grade changed (or were graded first).
 */
export async function historise(
  q: Queryable,
  units: readonly MhUnit[],
  reason: string,
  by: string | null,
  onlyChanged: boolean,
): Promise<{ inserted: number; regraded: string[] }> {
  const latest = new Map(
    (
      await latestAssessments(
        q,
        units.map((u) => u.id),
      )
    ).map((a) => [a.unit_id, a]),
  )
  const regraded: string[] = []
  let inserted = 0
  for (const u of units) {
    const last = latest.get(u.id)
    if (onlyChanged && last && sameAssessment(last, u.assessment)) continue
    await insertAssessment(q, u.id, u.enterprise_id, u.assessment, reason, by)
    inserted++
    if (!last || last.grade !== u.assessment.grade) regraded.push(u.id)
  }
  return { inserted, regraded }
}

export interface HazardsServiceOptions {
  clock?: () => number
  /** when given, a grade change brings the major_hazard: system alarms up to date at once */
  alarms?: SystemAlarmSink
}

/** Major hazard sources: reads and writes in the caller's scope (RLS), audited in the same transaction. */
export class HazardsService {
  private readonly now: () => number

  constructor(
    private readonly db: Db,
    private readonly opts: HazardsServiceOptions = {},
  ) {
    this.now = opts.clock ?? Date.now
  }

  today(): string {
    return parkDay(this.now())
  }

  private readonly audit = auditAction

  /** Resolves request items in the catalogue; an unknown or ambiguous chemical is a 400 naming the item. */
  private resolveItems(catalogue: readonly CatalogueEntry[], items: MhGradeBody['items']) {
    return items.map((it, i) => {
      const r = resolveChemical(catalogue, it.chemical)
      if (!r.ok) throw errors.validation(`items.${i}.chemical: ${r.message}`, `items.${i}.chemical`)
      return { chemical: r.chemical, q_t: it.q_t }
    })
  }

  /** The GB 18218 calculator: S, R, α and grade of the given inventory and exposed people. Writes nothing. */
  async grade(scope: DbScope, b: MhGradeBody): Promise<MhAssessment> {
    const catalogue = await this.db.tx(scope, listCatalogue)
    const resolved = this.resolveItems(catalogue, b.items)
    return assess(
      resolved.map((r) => ({ ...r, source: 'request' })),
      b.exposed_people,
    )
  }

  catalogue(scope: DbScope): Promise<MhChemical[]> {
    return this.db.tx(scope, listCatalogue)
  }

  /** Q and β left out take the hazard class's (table 2/4); a 'none' row has neither. */
  private chemicalValues(v: ChemicalValues): ChemicalValues {
    if (v.basis === 'none') return { ...v, q_t: null, beta: null }
    const cls = v.hazard_class
    const q = v.q_t ?? (cls ? (qByClass[cls] ?? null) : null)
    const beta = v.beta ?? (cls ? (betaByClass[cls] ?? null) : null)
    if (q === null)
      throw errors.validation('q_t: the critical quantity Q (or a hazard class) is required', 'q_t')
    if (beta === null) throw errors.validation('beta: β (or a hazard class) is required', 'beta')
    return { ...v, q_t: q, beta }
  }

  async createChemical(who: AppState, b: MhNewChemicalBody, ip: string | null): Promise<MhChemical> {
    return this.db.tx(who.scope, async (q) => {
      const v = this.chemicalValues({
        name: b.name,
        name_en: b.name_en,
        cas: b.cas ?? null,
        aliases: b.aliases ?? [],
        hazard_class: b.hazard_class ?? null,
        q_t: b.q_t ?? null,
        beta: b.beta ?? null,
        basis: b.basis,
        unconfirmed: b.unconfirmed ?? false,
        note: b.note ?? null,
      })
      const clash = resolveChemical(await listCatalogue(q), b.name)
      if (clash.ok || clash.reason === 'ambiguous')
        throw errors.conflict('major_hazard.chemical_exists', `${b.name} is already in the catalogue`)
      const id = await newChemicalId(q, b)
      await insertChemicals(q, [{ ...v, id }], who.user.username)
      await this.audit(q, who, ip, 'major_hazard.chemical_create', id, null, { q_t: v.q_t, beta: v.beta })
      return (await findChemical(q, id))!
    })
  }

  /** Edits a catalogue row; every unit whose assessment moves gets a new assessment (reason 'catalogue'). */
  async patchChemical(who: AppState, id: string, b: MhChemicalPatch, ip: string | null): Promise<MhChemical> {
    const moved = await this.db.tx(who.scope, async (q) => {
      const cur = await findChemical(q, id, true)
      if (!cur) throw errors.notFound('major_hazard_chemical', id)
      const pick = <K extends keyof ChemicalValues>(k: K): ChemicalValues[K] =>
        (k in b ? ((b as Record<string, unknown>)[k] ?? null) : cur[k]) as ChemicalValues[K]
      const v = this.chemicalValues({
        name: b.name ?? cur.name,
        name_en: b.name_en ?? cur.name_en,
        cas: pick('cas'),
        aliases: b.aliases ?? cur.aliases,
        hazard_class: pick('hazard_class'),
        q_t: pick('q_t'),
        beta: pick('beta'),
        basis: b.basis ?? cur.basis,
        unconfirmed: b.unconfirmed ?? cur.unconfirmed,
        note: pick('note'),
      })
      await updateChemical(q, id, v, who.user.username)
      const units = await computeUnits(q, await listUnits(q, {}), this.today())
      const { regraded: changed } = await historise(q, units, 'catalogue', who.user.username, true)
      await this.audit(q, who, ip, 'major_hazard.chemical_update', id, null, {
        fields: Object.keys(b),
        grades_changed: changed,
      })
      return changed
    })
    await this.afterGradeChange(moved)
    return (await this.db.tx(who.scope, (q) => findChemical(q, id)))!
  }

  async units(scope: DbScope, f: MhUnitQuery): Promise<MhUnit[]> {
    const units = await this.db.tx(scope, async (q) => computeUnits(q, await listUnits(q, f), this.today()))
    return units.filter(
      (u) =>
        (f.grade === undefined || u.assessment.grade === f.grade) &&
        (f.major === undefined || u.assessment.major === (f.major === 'true')),
    )
  }

  private async detail(q: Queryable, id: string): Promise<MhUnitDetail> {
    const row = await findUnit(q, id)
    if (!row) throw errors.notFound('major_hazard_unit', id)
    const [unit] = await computeUnits(q, [row], this.today())
    const sensors = await unitSensors(q, row.asset_id)
    return {
      ...unit!,
      history: await assessmentHistory(q, id),
      checks: await unitChecks(q, id),
      sensors,
      alarms: await unitAlarms(
        q,
        id,
        sensors.map((s) => s.id),
      ),
    }
  }

  unit(scope: DbScope, id: string): Promise<MhUnitDetail> {
    return this.db.tx(scope, (q) => this.detail(q, id))
  }

  /** The unit of a tank farm, a tank (its farm's) or a building; null when the asset belongs to none. */
  byAsset(scope: DbScope, assetId: string): Promise<MhAssetAnswer> {
    return this.db.tx(scope, async (q) => {
      if (!(await findAsset(q, assetId))) throw errors.notFound('asset', assetId)
      const id = await unitIdOfAsset(q, assetId)
      return { asset_id: assetId, unit: id ? await this.detail(q, id) : null }
    })
  }

  /** Stores a new assessment of one unit in the same transaction; true when its grade changed. */
  private async reassess(q: Queryable, unitId: string, reason: string, by: string): Promise<boolean> {
    const row = await findUnit(q, unitId)
    if (!row) return false
    const units = await computeUnits(q, [row], this.today())
    return (await historise(q, units, reason, by, false)).regraded.length > 0
  }

  /** After a committed grade change: the grade-change alarm at once (the hourly check would catch up anyway). */
  private async afterGradeChange(unitIds: readonly string[]): Promise<void> {
    if (!unitIds.length || !this.opts.alarms) return
    await checkMajorHazards(this.db, this.opts.alarms, new Date(this.now()))
  }

  private async ownUnit(q: Queryable, id: string): Promise<UnitRow> {
    const row = await findUnit(q, id, true)
    if (!row) throw errors.notFound('major_hazard_unit', id)
    return row
  }

  async createUnit(who: AppState, b: MhNewUnitBody, ip: string | null): Promise<MhUnitDetail> {
    const { detail, moved } = await this.db.tx(who.scope, async (q) => {
      const asset = await findAsset(q, b.asset_id)
      if (!asset) throw errors.validation(`asset_id: unknown asset ${b.asset_id}`, 'asset_id')
      let kind: MhUnitKind
      if (asset.kind === 'tank_farm') kind = 'storage'
      else if (asset.kind === 'building' && asset.use === 'warehouse') kind = 'storage'
      else if (asset.kind === 'building' && asset.use === 'process') kind = 'production'
      else
        throw errors.validation(
          'asset_id: a unit is a tank farm, a warehouse or a process building',
          'asset_id',
        )
      if (!asset.enterprise_id)
        throw errors.validation('asset_id: the asset belongs to no enterprise', 'asset_id')
      if (who.scope.scope === 'enterprise' && asset.enterprise_id !== who.scope.enterpriseId)
        throw errors.forbidden('an enterprise account keeps its own records only')
      if (asset.kind === 'tank_farm' && b.items?.length)
        throw errors.validation("items: a tank farm's inventory is its tanks'", 'items')
      const items = this.resolveItems(await listCatalogue(q), b.items ?? [])
      this.noRepeats(items)
      const id = `MH-${asset.id}`
      const n = await insertUnit(
        q,
        {
          id,
          enterprise_id: asset.enterprise_id,
          asset_id: asset.id,
          unit_kind: kind,
          name: b.name ?? asset.name,
          name_en: b.name_en ?? asset.name_en,
          exposed_people: b.exposed_people ?? null,
        },
        who.user.username,
      )
      if (!n) throw errors.conflict('major_hazard.unit_exists', `${asset.id} is already a unit`)
      const unique = items.map((i) => ({ chemical_id: i.chemical.id, q_t: i.q_t }))
      if (unique.length) await setItems(q, id, asset.enterprise_id, unique, who.user.username)
      const moved = await this.reassess(q, id, 'items', who.user.username)
      await this.audit(q, who, ip, 'major_hazard.unit_create', id, asset.enterprise_id, {
        asset_id: asset.id,
        unit_kind: kind,
      })
      return { detail: await this.detail(q, id), moved }
    })
    if (moved) await this.afterGradeChange([detail.id])
    return detail
  }

  private noRepeats(items: readonly { chemical: CatalogueEntry }[]) {
    const seen = new Set<string>()
    for (const [i, it] of items.entries()) {
      if (seen.has(it.chemical.id))
        throw errors.validation(
          `items.${i}.chemical: ${it.chemical.name} is listed twice`,
          `items.${i}.chemical`,
        )
      seen.add(it.chemical.id)
    }
  }

  async patchUnit(who: AppState, id: string, b: MhUnitPatch, ip: string | null): Promise<MhUnitDetail> {
    return this.write(who, id, ip, 'major_hazard.unit_update', 'exposure', async (q, cur) => {
      await updateUnit(
        q,
        id,
        {
          name: b.name ?? cur.name,
          name_en: 'name_en' in b ? (b.name_en ?? null) : cur.name_en,
          exposed_people: 'exposed_people' in b ? (b.exposed_people ?? null) : cur.exposed_people,
        },
        who.user.username,
      )
      return { fields: Object.keys(b), exposed_people: b.exposed_people }
    })
  }

  async setItems(who: AppState, id: string, b: MhItemsBody, ip: string | null): Promise<MhUnitDetail> {
    return this.write(who, id, ip, 'major_hazard.items', 'items', async (q, cur) => {
      if (cur.asset_kind === 'tank_farm')
        throw errors.conflict(
          'major_hazard.tank_farm_items',
          "a tank farm's inventory is its tanks': update each tank's inventory",
        )
      const items = this.resolveItems(await listCatalogue(q), b.items)
      this.noRepeats(items)
      const rows = items.map((i) => ({ chemical_id: i.chemical.id, q_t: i.q_t }))
      await setItems(q, id, cur.enterprise_id, rows, who.user.username)
      return { items: rows }
    })
  }

  /** One write on a unit: the change, a new assessment (always), the audit row; then the alarms when graded anew. */
  private async write(
    who: AppState,
    id: string,
    ip: string | null,
    action: string,
    reason: string,
    change: (q: Queryable, cur: UnitRow) => Promise<Record<string, unknown>>,
    reassess = true,
  ): Promise<MhUnitDetail> {
    const { detail, moved } = await this.db.tx(who.scope, async (q) => {
      const cur = await this.ownUnit(q, id)
      const auditDetail = await change(q, cur)
      const moved = reassess ? await this.reassess(q, id, reason, who.user.username) : false
      await this.audit(q, who, ip, action, id, cur.enterprise_id, auditDetail)
      return { detail: await this.detail(q, id), moved }
    })
    if (moved) await this.afterGradeChange([id])
    return detail
  }

  /** A tank's current quantity: stored on the tank (the twin shows it) and its farm's unit assessed anew. */
  async setTankInventory(
    who: AppState,
    tankId: string,
    b: MhTankInventoryBody,
    ip: string | null,
  ): Promise<MhAssetAnswer> {
    const { answer, moved } = await this.db.tx(who.scope, async (q) => {
      const tank = await findAsset(q, tankId, true)
      if (!tank || tank.kind !== 'tank') throw errors.notFound('tank', tankId)
      if (who.scope.scope === 'enterprise' && tank.enterprise_id !== who.scope.enterpriseId)
        throw errors.forbidden('an enterprise account keeps its own records only')
      if (tank.capacity_m3 !== null && b.inventory_t > tank.capacity_m3 * maxDensity)
        throw errors.validation(
          `inventory_t: ${b.inventory_t} t does not fit a ${tank.capacity_m3} m³ tank`,
          'inventory_t',
        )
      await setTankInventory(q, tankId, b.inventory_t)
      const unitId = await unitIdOfAsset(q, tankId)
      const moved = unitId ? await this.reassess(q, unitId, 'inventory', who.user.username) : false
      await this.audit(q, who, ip, 'major_hazard.tank_inventory', tankId, tank.enterprise_id, {
        from: tank.inventory_t,
        to: b.inventory_t,
        unit_id: unitId,
      })
      return {
        answer: { asset_id: tankId, unit: unitId ? await this.detail(q, unitId) : null },
        moved: moved && unitId ? [unitId] : [],
      }
    })
    await this.afterGradeChange(moved)
    return answer
  }

  async setResponsibles(
    who: AppState,
    id: string,
    b: MhResponsiblesBody,
    ip: string | null,
  ): Promise<MhUnitDetail> {
    return this.write(
      who,
      id,
      ip,
      'major_hazard.responsibles',
      '',
      async (q, cur) => {
        for (const role of mhRoles) {
          const p = b[role]
          await upsertResponsible(
            q,
            id,
            cur.enterprise_id,
            role,
            {
              person_name: p.person_name,
              position: p.position ?? null,
              phone: p.phone ?? null,
              interval_days: p.interval_days ?? mhDefaultIntervalDays[role],
            },
            this.today(),
            who.user.username,
          )
        }
        return Object.fromEntries(mhRoles.map((r) => [r, b[r].person_name]))
      },
      false,
    )
  }

  async recordCheck(who: AppState, id: string, b: MhCheckBody, ip: string | null): Promise<MhUnitDetail> {
    return this.write(
      who,
      id,
      ip,
      'major_hazard.check',
      '',
      async (q, cur) => {
        if (b.checked_on > this.today())
          throw errors.validation(`checked_on: ${b.checked_on} is in the future`, 'checked_on')
        const person = (await responsiblesOf(q, [id])).find((p) => p.role === b.role)
        if (!person)
          throw errors.validation(`role: this unit has no ${b.role} responsible person yet`, 'role')
        const checkId = await insertCheck(
          q,
          id,
          cur.enterprise_id,
          { ...b, checked_by: b.checked_by ?? person.person_name },
          who.user.username,
        )
        return { check_id: checkId, role: b.role, checked_on: b.checked_on }
      },
      false,
    ).then(async (d) => {
      // a check on record may end an overdue reminder at once
      if (this.opts.alarms) await checkMajorHazards(this.db, this.opts.alarms, new Date(this.now()))
      return d
    })
  }

  /** Files the grade computed now (备案); the grade-change reminder ends. */
  async register(who: AppState, id: string, b: MhRegisterBody, ip: string | null): Promise<MhUnitDetail> {
    const day = b.registered_on ?? this.today()
    if (day > this.today()) throw errors.validation(`registered_on: ${day} is in the future`, 'registered_on')
    const d = await this.write(who, id, ip, 'major_hazard.register', 'registered', async (q, cur) => {
      const [unit] = await computeUnits(q, [cur], this.today())
      await registerGrade(q, id, unit!.assessment.grade, day, b.record_no, who.user.username)
      return { grade: unit!.assessment.grade, record_no: b.record_no, from: cur.registered_grade }
    })
    if (this.opts.alarms) await checkMajorHazards(this.db, this.opts.alarms, new Date(this.now()))
    return d
  }
}
