// Sensors on real assets: a gas detector beside every tank of a flammable or toxic chemical and one
// at each such farm's inner dike corner (GB/T 50493-2019: within reach of the release points), and
// online monitors on every enterprise's wastewater outlet and waste-gas stacks (HJ 212 data
// collectors, each with its own 24-character MN).
import type { Feature, Point } from '../../server/contracts/geo'
import type { SensorProps } from '../types'
import { chemicals, type Chemical } from './chemicals'
import { pointFeature } from './features'
import { add, scale, sub, type XY } from './planar'
import type { PlantAssets } from './plant-features'
import { insideClearance, pointInRing, ringBoundaryDistance, type Ring } from './polygon'
import type { Rng } from './prng'
import { parkCountyCode } from './credit-code'

const clearM = 0.8
const pad = (n: number, width: number) => String(n).padStart(width, '0')

function detectorLabel(det: NonNullable<Chemical['detector']>): [string, string] {
  return det.measure === 'combustible'
    ? ['可燃气体探测器', 'combustible gas detector']
    : [`${det.measure}有毒气体探测器`, `${det.measure} toxic gas detector`]
}

/** a spot 1.5 m off the shell, inside the dike and clear of every tank */
function besideTank(center: XY, own: Ring, farmRing: Ring, footprints: Ring[]): XY {
  const reach = Math.max(...own.map((p) => Math.hypot(p[0] - center[0], p[1] - center[1])))
  for (let k = 0; k < 16; k++) {
    const a = (Math.PI / 8) * k - Math.PI / 2
    for (const r of [1.5, 2.5, reach + 1.5]) {
      const dir: XY = [Math.cos(a), Math.sin(a)]
      const spot = add(center, scale(dir, ringBoundaryDistance(center, own) + r))
      const clear = footprints.every((f) => !pointInRing(spot, f) && ringBoundaryDistance(spot, f) >= clearM)
      if (clear && insideClearance(spot, farmRing) >= clearM) return spot
    }
  }
  throw new Error('no room for a gas detector beside the tank')
}

/** `inM` in from the dike's first corner along both walls (the corner where the pumps stand) */
function innerCorner(ring: Ring, inM: number): XY {
  const [c0, c1] = ring as [XY, XY]
  const c3 = ring[ring.length - 1]!
  const along = (to: XY) => scale(sub(to, c0), inM / Math.hypot(to[0] - c0[0], to[1] - c0[1]))
  return add(add(c0, along(c1)), along(c3))
}

export function gasDetectors(enterpriseId: string, assets: PlantAssets): Feature<Point, SensorProps>[] {
  const out: Feature<Point, SensorProps>[] = []
  const add1 = (
    spot: XY,
    assetId: string,
    label: [string, string],
    det: NonNullable<Chemical['detector']>,
  ) => {
    const id = `GD-${enterpriseId}-${pad(out.length + 1, 2)}`
    const [kindZh, kindEn] = detectorLabel(det)
    out.push(
      pointFeature(id, spot, {
        kind: 'gas_detector',
        name: `${label[0]}${kindZh}`,
        name_en: `${label[1]} ${kindEn}`,
        asset_id: assetId,
        enterprise_id: enterpriseId,
        measure: det.measure,
        unit: det.unit,
      }),
    )
  }
  for (const farm of assets.farms) {
    const tanks = assets.tanks.filter((t) => t.farmId === farm.id)
    const footprints = tanks.map((t) => t.footprint)
    for (const tank of tanks) {
      const det = chemicals[tank.chemical].detector
      if (det)
        add1(
          besideTank(tank.center, tank.footprint, farm.ring, footprints),
          tank.id,
          [tank.name, tank.nameEn],
          det,
        )
    }
    // toxic gas outranks combustible at the farm-level detector
    const dets = farm.contents.map((c) => chemicals[c].detector).filter((d) => d !== null)
    const det = dets.find((d) => d.unit === 'ppm') ?? dets[0]
    if (det) add1(innerCorner(farm.ring, 1.5), farm.id, [farm.name, farm.nameEn], det)
  }
  return out
}

export function monitorPoints(
  enterpriseId: string,
  stacks: number,
  assets: PlantAssets,
  rng: Rng,
): Feature<Point, SensorProps>[] {
  const byUse = (use: string) => assets.buildings.filter((b) => b.use === use)
  const outlet = byUse('utility')[0] ?? assets.buildings[0]
  const stackHosts = [...byUse('process'), ...byUse('utility')]
  const out: Feature<Point, SensorProps>[] = []
  const add1 = (host: PlantAssets['buildings'][number], water: boolean, n: number) => {
    const code = `${water ? 'DW' : 'DA'}${pad(n, 3)}`
    const id = `MP-${enterpriseId}-${out.length + 1}`
    out.push(
      pointFeature(id, host.anchor, {
        kind: 'monitor_point',
        name: water ? `${code}废水总排口` : `${code}废气排放口`,
        name_en: water ? `${code} wastewater outlet` : `${code} waste-gas stack`,
        asset_id: host.id,
        enterprise_id: enterpriseId,
        measure: water ? 'wastewater' : 'waste_gas',
        unit: water ? 'mg/L' : 'mg/m3',
        mn: makeMn(enterpriseId, water, n, rng),
      }),
    )
  }
  if (outlet) add1(outlet, true, 1)
  for (let k = 0; k < Math.min(stacks, stackHosts.length); k++) add1(stackHosts[k]!, false, k + 1)
  return out
}

/** HJ 212 MN, 24 chars: county code, park, enterprise, medium, outlet no., collector serial */
function makeMn(enterpriseId: string, water: boolean, n: number, rng: Rng): string {
  const serial = pad(rng.int(0, 9_999_999), 7)
  return `${parkCountyCode}JH${enterpriseId}${water ? 'W' : 'A'}${pad(n, 3)}SN${serial}`.slice(0, 24)
}
