// Attribute rules: enterprises (names, credit codes, processes, risk mix), buildings, tanks and
// dikes, and references between layers.
import type { BuildingProps, EnterpriseProps, TankProps } from '../types'
import { buildingHeightRangeM, storeyHeightM } from './building-specs'
import type { AnyFeature, CheckContext } from './check-context'
import { casIsValid, chemicalByCas } from './chemicals'
import { creditCodeIsValid } from './credit-code'
import { industryByName, keyProcesses } from './industries'
import { maxDikeHeightM, minDikeHeightM } from './tank-farm'
import { tankSizeLimits, tankVolumeM3 } from './tank-geometry'

const ent = (f: AnyFeature) => f.properties as unknown as EnterpriseProps
const tank = (f: AnyFeature) => f.properties as unknown as TankProps
const within = (v: number, [lo, hi]: readonly [number, number]) => v >= lo - 1e-9 && v <= hi + 1e-9

export function checkEnterprises(ctx: CheckContext): void {
  const codes = new Set<string>()
  for (const f of ctx.features('enterprises')) {
    const p = ent(f)
    if (!/公司$/.test(p.name ?? '') || !p.name_en)
      ctx.report('enterprises', f.id, 'enterprise-props', 'needs a company name (…公司) and an English name')
    const industry = industryByName(p.industry)
    if (!industry || industry.en !== p.industry_en)
      ctx.report('enterprises', f.id, 'enterprise-props', `unknown industry ${p.industry}/${p.industry_en}`)
    if (!creditCodeIsValid(p.credit_code) || codes.has(p.credit_code)) {
      ctx.report(
        'enterprises',
        f.id,
        'credit-code',
        `credit code ${p.credit_code} is malformed, fails its check characters or repeats`,
      )
    }
    codes.add(p.credit_code)
    for (const process of p.processes ?? []) {
      if (!(keyProcesses as readonly string[]).includes(process)) {
        ctx.report(
          'enterprises',
          f.id,
          'process-industry',
          `${process} is not one of the 18 key-supervised processes`,
        )
      } else if (industry && !(industry.allowedProcesses as readonly string[]).includes(process)) {
        ctx.report(
          'enterprises',
          f.id,
          'process-industry',
          `${process} does not fit the ${p.industry} industry`,
        )
      }
    }
  }
}

/** most parks have few red (major-risk) enterprises; all four colours should appear */
export const maxRedShare = 0.2

export function checkRiskMix(ctx: CheckContext): void {
  const all = ctx.features('enterprises').map((f) => ent(f).risk)
  for (const colour of ['red', 'orange', 'yellow', 'blue']) {
    if (!all.includes(colour as EnterpriseProps['risk']))
      ctx.report('enterprises', '*', 'risk-mix', `no ${colour} enterprise`)
  }
  const bad = ctx
    .features('enterprises')
    .filter((f) => !['red', 'orange', 'yellow', 'blue'].includes(ent(f).risk))
  for (const f of bad) ctx.report('enterprises', f.id, 'risk-mix', `unknown risk colour ${ent(f).risk}`)
  const red = all.filter((r) => r === 'red').length
  if (red > maxRedShare * all.length)
    ctx.report('enterprises', '*', 'risk-mix', `${red} of ${all.length} enterprises are red`)
}

export function checkBuildings(ctx: CheckContext): void {
  for (const f of ctx.features('buildings')) {
    const p = f.properties as unknown as BuildingProps
    const storey = storeyHeightM[p.use]
    const problem = !storey
      ? `unknown use ${p.use}`
      : !within(p.height_m, buildingHeightRangeM)
        ? `height ${p.height_m} m outside ${buildingHeightRangeM.join('–')} m`
        : !(Number.isInteger(p.floors) && p.floors >= 1)
          ? 'floors must be a whole number ≥ 1'
          : !within(p.height_m / p.floors, storey)
            ? `${(p.height_m / p.floors).toFixed(1)} m per storey is not plausible for ${p.use}`
            : null
    if (problem) ctx.report('buildings', f.id, 'building-height', problem)
  }
}

export function checkTankProps(ctx: CheckContext): void {
  for (const f of ctx.features('tanks')) {
    const p = tank(f)
    const limits = tankSizeLimits[p.tank_type]
    if (!limits) {
      ctx.report('tanks', f.id, 'tank-size', `unknown tank type ${p.tank_type}`)
      continue
    }
    const axisOk =
      p.tank_type === 'horizontal' ? within(p.axis_deg ?? -1, [0, 180]) : p.axis_deg === undefined
    if (!axisOk)
      ctx.report('tanks', f.id, 'tank-size', 'axis_deg (0–180°) is for horizontal tanks, and they need it')
    const sphereOk = p.tank_type !== 'spherical' || p.height_m === p.diameter_m
    if (!within(p.diameter_m, limits.diameterM) || !within(p.height_m, limits.heightM) || !sphereOk) {
      ctx.report(
        'tanks',
        f.id,
        'tank-size',
        `${p.tank_type} tank ${p.diameter_m} × ${p.height_m} m is not a realistic size`,
      )
    }
    const volume = tankVolumeM3(p.tank_type, p.diameter_m, p.height_m)
    if (!(Math.abs(p.capacity_m3 - volume) <= Math.max(1, 0.005 * volume))) {
      ctx.report(
        'tanks',
        f.id,
        'tank-capacity',
        `capacity ${p.capacity_m3} m³ but the geometry holds ${volume.toFixed(0)} m³`,
      )
    }
    const chem = chemicalByCas(p.cas)
    if (!casIsValid(p.cas) || !chem || chem.zh !== p.chemical || chem.en !== p.chemical_en) {
      ctx.report(
        'tanks',
        f.id,
        'tank-chemical',
        `${p.chemical} / ${p.cas} is not a known chemical with that CAS number`,
      )
    } else if (!chem.tankTypes.includes(p.tank_type)) {
      ctx.report('tanks', f.id, 'tank-chemical', `${p.chemical} is not stored in ${p.tank_type} tanks`)
    }
    const maxT = p.capacity_m3 * (chem?.densityTPerM3 ?? 0)
    if (!(p.inventory_t > 0 && p.inventory_t <= maxT)) {
      ctx.report(
        'tanks',
        f.id,
        'tank-inventory',
        `inventory ${p.inventory_t} t exceeds what ${p.capacity_m3} m³ of ${p.chemical} weighs`,
      )
    }
  }
  for (const f of ctx.features('tankFarms')) {
    const h = Number(f.properties.dike_height_m)
    if (!within(h, [minDikeHeightM, maxDikeHeightM])) {
      ctx.report(
        'tankFarms',
        f.id,
        'dike-height',
        `dike ${h} m outside ${minDikeHeightM}–${maxDikeHeightM} m`,
      )
    }
  }
}

export function checkReferences(ctx: CheckContext): void {
  const enterprises = ctx.index('enterprises')
  const farms = ctx.index<{ enterprise_id: string }>('tankFarms')
  const owned = ['buildings', 'tankFarms', 'tanks', 'sensors', 'zones'] as const
  for (const layer of owned) {
    for (const f of ctx.features(layer)) {
      const owner = f.properties.enterprise_id
      if ((owner !== undefined || layer !== 'zones') && !enterprises.has(String(owner))) {
        ctx.report(layer, f.id, 'ref-integrity', `enterprise ${String(owner)} does not exist`)
      }
    }
  }
  for (const f of ctx.features('tanks')) {
    const farm = farms.get(String(f.properties.farm_id))
    if (!farm)
      ctx.report('tanks', f.id, 'ref-integrity', `tank farm ${String(f.properties.farm_id)} does not exist`)
    else if (farm.properties.enterprise_id !== f.properties.enterprise_id) {
      ctx.report('tanks', f.id, 'ref-integrity', `tank farm ${farm.id} belongs to another enterprise`)
    }
  }
}
