// Sensor and facility rules: every sensor watches a real asset of its own enterprise and stands at
// it; measures and units fit the sensor; monitor points carry a unique 24-character HJ 212 MN.
import type { SensorProps, TankProps } from '../types'
import type { AnyFeature, CheckContext } from './check-context'
import { chemicalByCas } from './chemicals'
import { insideClearance, ringDistance, type Ring } from './polygon'
import { tankShapes } from './rules-placement'

/** GB/T 50493-2019: detectors within reach of the release point; monitors on their outlet's building */
export const sensorReachM = 15
const toxicGases = new Set(['Cl2', 'NH3', 'HCl', 'H2S', 'CO', 'SO2', 'NO2', 'HF', 'HCN', 'COCl2', 'C2H4O'])
const sp = (f: AnyFeature) => f.properties as unknown as SensorProps

function pointNear(ctx: CheckContext, f: AnyFeature, ring: Ring): boolean {
  const p = ctx.point(f)
  return insideClearance(p, ring) >= -0.01 || ringDistance([p], ring) <= sensorReachM
}

export function checkSensorAssets(ctx: CheckContext): void {
  const farms = new Map(ctx.features('tankFarms').map((f) => [String(f.id), f]))
  const buildings = new Map(ctx.features('buildings').map((f) => [String(f.id), f]))
  const tanks = new Map(tankShapes(ctx).map((t) => [String(t.f.id), t]))
  for (const f of ctx.features('sensors')) {
    const p = sp(f)
    const tank = tanks.get(p.asset_id)
    const farm = farms.get(p.asset_id) ?? (tank ? farms.get(String(tank.f.properties.farm_id)) : undefined)
    const building = buildings.get(p.asset_id)
    const asset = p.kind === 'gas_detector' ? (tank?.f ?? farm) : building
    let problem = ''
    if (!asset)
      problem = `asset ${p.asset_id} is not a ${p.kind === 'gas_detector' ? 'tank or tank farm' : 'building'}`
    else if (asset.properties.enterprise_id !== p.enterprise_id)
      problem = `asset ${p.asset_id} belongs to another enterprise`
    else if (p.kind === 'monitor_point' && !pointNear(ctx, f, ctx.ring(asset)))
      problem = 'not at its building'
    else if (p.kind === 'gas_detector') {
      const inFarm = farm ? insideClearance(ctx.point(f), ctx.ring(farm)) >= -0.01 : false
      const nearTank = tank ? ringDistance([ctx.point(f)], tank.footprint) <= sensorReachM : false
      if (!inFarm && !nearTank) problem = `not inside the dike or within ${sensorReachM} m of the tank`
    }
    if (problem) ctx.report('sensors', f.id, 'sensor-asset', problem)
  }
}

export function checkSensorMeasures(ctx: CheckContext): void {
  const tanks = ctx.index<TankProps>('tanks')
  const mns = new Set<string>()
  for (const f of ctx.features('sensors')) {
    const p = sp(f)
    let problem = ''
    if (p.kind === 'gas_detector') {
      const combustible = p.measure === 'combustible' && p.unit === '%LEL'
      const toxic = toxicGases.has(p.measure) && p.unit === 'ppm'
      const tank = tanks.get(p.asset_id)
      const expected = tank ? chemicalByCas(tank.properties.cas)?.detector : undefined
      if (!combustible && !toxic) problem = `${p.measure} in ${p.unit} is not a gas detector reading`
      else if (tank && expected?.measure !== p.measure)
        problem = `a ${tank.properties.chemical} tank needs a ${expected?.measure ?? 'no'} detector`
    } else if (p.kind === 'monitor_point') {
      if (!(
        (p.measure === 'wastewater' && p.unit === 'mg/L') ||
        (p.measure === 'waste_gas' && p.unit === 'mg/m3')
      )) {
        problem = `${p.measure} in ${p.unit} is not a monitor point reading`
      }
    } else problem = `unknown sensor kind ${String(p.kind)}`
    if (problem) ctx.report('sensors', f.id, 'sensor-measure', problem)
    if (p.kind === 'monitor_point') {
      if (!/^[0-9A-Z]{24}$/.test(p.mn ?? '') || mns.has(p.mn!))
        ctx.report('sensors', f.id, 'monitor-mn', `MN ${p.mn} must be 24 unique digits/capitals (HJ 212)`)
      mns.add(p.mn ?? '')
    }
  }
}

export function checkFacilities(ctx: CheckContext): void {
  for (const f of ctx.features('facilities')) {
    const kind = String(f.properties.kind)
    const items = f.properties.items
    if (!['fire_station', 'hydrant', 'depot'].includes(kind))
      ctx.report('facilities', f.id, 'facility-props', `unknown kind ${kind}`)
    else if (kind === 'depot' && !(Array.isArray(items) && items.length > 0))
      ctx.report('facilities', f.id, 'facility-props', 'a depot lists its items')
    if (!f.properties.name || !f.properties.name_en)
      ctx.report('facilities', f.id, 'facility-props', 'needs a name and an English name')
  }
}
