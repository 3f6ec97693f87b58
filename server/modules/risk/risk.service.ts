import {
  colourOf,
  type BandsBody,
  type LecBody,
  type NewPointBody,
  type NewUnitBody,
  type RiskAssessment,
  type RiskBand,
  type RiskMap,
  type RiskPoint,
  type RiskPointDetail,
  type RiskQuery,
  type RiskUnit,
  type RiskUnitDetail,
} from '../../contracts/risk'
import { auditAction } from '../../platform/audit'
import type { Db, DbScope, Queryable } from '../../platform/db/db'
import type { AppState } from '../../platform/http/auth-middleware'
import { errors } from '../../platform/http/errors'
import { bandsViolation, colourOrNull, groupColour, orderBands } from './risk-rules'
import {
  enterpriseDs,
  getBands,
  insertAssessment,
  insertPoint,
  insertUnit,
  linkUnitAssets,
  listPoints,
  listUnits,
  nearPark,
  pointHistory,
  unitOutlines,
  updateBands,
  visibleAssets,
  type PointRow,
  type UnitRow,
} from './risk.repository'

/** a risk point must lie on the park's ground: within this distance of the boundary */
const parkMarginM = 1000

/** Risk-graded control (风险分级管控): reads and writes in the caller's scope (RLS), audited in the transaction. */
export class RiskService {
  constructor(private readonly db: Db) {}

  private readonly audit = auditAction

  bands(scope: DbScope): Promise<RiskBand[]> {
    return this.db.tx(scope, async (q) => orderBands(await getBands(q)))
  }

  /** Replaces the four colour bands (park admin; the route checks the role, RLS the scope). */
  async setBands(who: AppState, b: BandsBody, ip: string | null): Promise<RiskBand[]> {
    const bad = bandsViolation(b.bands)
    if (bad) throw errors.validation(`${bad.field}: ${bad.message}`, bad.field)
    return this.db.tx(who.scope, async (q) => {
      const before = await getBands(q)
      const n = await updateBands(q, b.bands, who.user.username)
      if (n !== 4) throw errors.forbidden('only the park changes the colour bands')
      await this.audit(q, who, ip, 'risk.bands.update', 'risk_colour_bands', null, {
        before: before.map((x) => [x.colour, x.d_above]),
        after: b.bands.map((x) => [x.colour, x.d_above]),
      })
      return orderBands(await getBands(q))
    })
  }

  private unit(row: UnitRow, bands: RiskBand[]): RiskUnit {
    return { ...row, colour: colourOrNull(row.max_d, bands), max_d: row.max_d }
  }

  private point(row: PointRow, bands: RiskBand[]): RiskPoint {
    const { cur_id, l, e, c, d, note, assessed_by, assessed_at, ...rest } = row
    return {
      ...rest,
      current:
        cur_id !== null && d !== null
          ? {
              id: cur_id,
              l: l!,
              e: e!,
              c: c!,
              d,
              colour: colourOf(d, bands),
              note,
              assessed_by,
              assessed_at: assessed_at!,
            }
          : null,
    }
  }

  async units(scope: DbScope, f: RiskQuery): Promise<RiskUnit[]> {
    return this.db.tx(scope, async (q) => {
      const bands = await getBands(q)
      const units = (await listUnits(q, f)).map((u) => this.unit(u, bands))
      return f.colour ? units.filter((u) => u.colour === f.colour) : units
    })
  }

  async unitDetail(scope: DbScope, id: string): Promise<RiskUnitDetail> {
    return this.db.tx(scope, (q) => this.unitIn(q, id))
  }

  private async unitIn(q: Queryable, id: string): Promise<RiskUnitDetail> {
    const bands = await getBands(q)
    const row = (await listUnits(q, { id }))[0]
    if (!row) throw errors.notFound('risk_unit', id)
    return {
      ...this.unit(row, bands),
      points: (await listPoints(q, { unit: id })).map((p) => this.point(p, bands)),
    }
  }

  async points(scope: DbScope, f: RiskQuery): Promise<RiskPoint[]> {
    return this.db.tx(scope, async (q) => {
      const bands = await getBands(q)
      const points = (await listPoints(q, f)).map((p) => this.point(p, bands))
      return f.colour ? points.filter((p) => p.current?.colour === f.colour) : points
    })
  }

  async pointDetail(scope: DbScope, id: string): Promise<RiskPointDetail> {
    return this.db.tx(scope, (q) => this.pointIn(q, id))
  }

  private async pointIn(q: Queryable, id: string): Promise<RiskPointDetail> {
    const bands = await getBands(q)
    const row = (await listPoints(q, { id }))[0]
    if (!row) throw errors.notFound('risk_point', id)
    const p = this.point(row, bands)
    const history: RiskAssessment[] = (await pointHistory(q, id)).map((a) => ({
      ...a,
      colour: colourOf(a.d, bands),
    }))
    const band = p.current ? bands.find((b) => b.colour === p.current!.colour) : undefined
    return {
      ...p,
      history,
      control_level: band?.control_level ?? null,
      control_level_en: band?.control_level_en ?? null,
    }
  }

  /** The enterprise a new unit belongs to: an enterprise account's own; the park names a known one. */
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

  /** Asset ids must exist for the caller and belong to the enterprise. */
  private async checkAssets(
    q: Queryable,
    enterpriseId: string,
    ids: readonly string[],
    field: (i: number) => string,
  ): Promise<string[]> {
    const unique = [...new Set(ids)]
    const found = new Map((await visibleAssets(q, unique)).map((a) => [a.id, a.enterprise_id]))
    for (const [i, id] of ids.entries()) {
      if (!found.has(id)) throw errors.validation(`${field(i)}: unknown asset ${id}`, field(i))
      if (found.get(id) !== enterpriseId)
        throw errors.validation(
          `${field(i)}: asset ${id} does not belong to enterprise ${enterpriseId}`,
          field(i),
        )
    }
    return unique
  }

  async createUnit(who: AppState, b: NewUnitBody, ip: string | null): Promise<RiskUnitDetail> {
    return this.db.tx(who.scope, async (q) => {
      const enterpriseId = await this.owner(q, who.scope, b.enterprise_id)
      const assets = await this.checkAssets(q, enterpriseId, b.asset_ids, (i) => `asset_ids.${i}`)
      const id = await insertUnit(
        q,
        {
          enterprise_id: enterpriseId,
          name: b.name,
          name_en: b.name_en ?? null,
          unit_type: b.unit_type,
          responsible: b.responsible ?? null,
          note: b.note ?? null,
        },
        who.user.username,
      )
      await linkUnitAssets(q, id, enterpriseId, assets)
      await this.audit(q, who, ip, 'risk.unit.create', id, enterpriseId, { unit_type: b.unit_type })
      return this.unitIn(q, id)
    })
  }

  async createPoint(who: AppState, b: NewPointBody, ip: string | null): Promise<RiskPointDetail> {
    return this.db.tx(who.scope, async (q) => {
      // the unit decides the enterprise; RLS hides another enterprise's units
      const unit = (await listUnits(q, { id: b.unit_id }))[0]
      if (!unit) throw errors.validation(`unit_id: unknown risk unit ${b.unit_id}`, 'unit_id')
      if (b.asset_id) await this.checkAssets(q, unit.enterprise_id, [b.asset_id], () => 'asset_id')
      if (!(await nearPark(q, b.lon, b.lat, parkMarginM)))
        throw errors.validation('lon: the point is not on the park', 'lon')
      const id = await insertPoint(
        q,
        {
          unit_id: unit.id,
          enterprise_id: unit.enterprise_id,
          name: b.name,
          name_en: b.name_en ?? null,
          hazard: b.hazard,
          accident: b.accident ?? null,
          measures: b.measures,
          asset_id: b.asset_id ?? null,
          lon: b.lon,
          lat: b.lat,
        },
        who.user.username,
      )
      await this.audit(q, who, ip, 'risk.point.create', id, unit.enterprise_id, { unit_id: unit.id })
      if (b.assessment) await this.assessIn(q, who, ip, id, unit.enterprise_id, b.assessment)
      return this.pointIn(q, id)
    })
  }

  private async assessIn(
    q: Queryable,
    who: AppState,
    ip: string | null,
    pointId: string,
    enterpriseId: string,
    a: LecBody,
  ) {
    const id = await insertAssessment(
      q,
      pointId,
      enterpriseId,
      { l: a.l, e: a.e, c: a.c, note: a.note ?? null },
      who.user.username,
    )
    await this.audit(q, who, ip, 'risk.assess', pointId, enterpriseId, {
      assessment_id: id,
      l: a.l,
      e: a.e,
      c: a.c,
    })
  }

  /** A (re)assessment: a new row of the point's history, which becomes its current one. */
  async assess(who: AppState, pointId: string, a: LecBody, ip: string | null): Promise<RiskPointDetail> {
    return this.db.tx(who.scope, async (q) => {
      const row = (await listPoints(q, { id: pointId }))[0]
      if (!row) throw errors.notFound('risk_point', pointId)
      await this.assessIn(q, who, ip, pointId, row.enterprise_id, a)
      return this.pointIn(q, pointId)
    })
  }

  /** The four-colour map in the caller's scope (optionally one enterprise). */
  async map(scope: DbScope, enterprise: string | null): Promise<RiskMap> {
    return this.db.tx(scope, async (q) => {
      const bands = orderBands(await getBands(q))
      const points = await listPoints(q, { enterprise: enterprise ?? undefined })
      const outlines = await unitOutlines(q, enterprise)
      const byUnit = new Map<string, (number | null)[]>()
      for (const p of points) byUnit.set(p.unit_id, [...(byUnit.get(p.unit_id) ?? []), p.d])
      const units = await listUnits(q, { enterprise: enterprise ?? undefined })
      return {
        bands,
        enterprises: (await enterpriseDs(q, enterprise)).map((e) => ({
          enterprise_id: e.enterprise_id,
          ...groupColour(e.ds, bands),
          points: e.ds.length,
        })),
        units: units.map((u) => ({
          id: u.id,
          enterprise_id: u.enterprise_id,
          name: u.name,
          name_en: u.name_en,
          unit_type: u.unit_type,
          ...groupColour(byUnit.get(u.id) ?? [], bands),
          outlines: outlines.get(u.id) ?? [],
        })),
        points: points.map((p) => ({
          id: p.id,
          unit_id: p.unit_id,
          enterprise_id: p.enterprise_id,
          name: p.name,
          name_en: p.name_en,
          lon: p.lon,
          lat: p.lat,
          d: p.d,
          colour: colourOrNull(p.d, bands),
        })),
      }
    })
  }
}
