// Emergency facilities: the park's special-service fire station, hydrants along the roads and the
// emergency supply depots.
import type { Feature, Point } from '../../server/contracts/geo'
import type { FacilityProps } from '../types'
import { pointFeature } from './features'
import type { Site } from './parcels'
import { add, distance, leftNormal, lerp, normalize, scale, sub, type XY } from './planar'
import { quadPoint } from './polygon'
import type { RoadGraph } from './road-graph'

/** metres: hydrants stand this far beyond the carriageway edge, about every 120 m (GB 50974) */
const hydrantSetbackM = 2.5
const hydrantSpacingM = 120
const minEdgeForHydrantM = 60

export const fireStationSpot = (site: Site): XY => quadPoint(site.publicQuad, 0.22, 0.18)

export function fireStation(site: Site): Feature<Point, FacilityProps> {
  return pointFeature('FS1', fireStationSpot(site), {
    kind: 'fire_station',
    name: '江海化工园区特勤消防站',
    name_en: 'Jianghai Park Special Service Fire Station',
    items: ['重型化学救援车 2辆', '泡沫消防车 3辆', '高喷消防车 1辆', '气防车 1辆', '抢险救援车 1辆'],
  })
}

export function hydrants(graph: RoadGraph): Feature<Point, FacilityProps>[] {
  const gateNodes = new Set(graph.gates.values())
  const out: Feature<Point, FacilityProps>[] = []
  graph.edges.forEach((e, i) => {
    if (e.line.startsWith('spur:') || gateNodes.has(e.from) || gateNodes.has(e.to)) return
    const a = graph.nodes.get(e.from)!.p
    const b = graph.nodes.get(e.to)!.p
    const len = distance(a, b)
    if (len < minEdgeForHydrantM) return
    const count = Math.max(1, Math.floor(len / hydrantSpacingM))
    // alternate sides from edge to edge so both frontages are served
    const side = scale(
      leftNormal(normalize(sub(b, a))),
      (i % 2 === 0 ? 1 : -1) * (e.widthM / 2 + hydrantSetbackM),
    )
    for (let k = 0; k < count; k++) {
      const id = `H${String(out.length + 1).padStart(3, '0')}`
      out.push(
        pointFeature(id, add(lerp(a, b, (k + 0.5) / count), side), {
          kind: 'hydrant',
          name: `${e.name}消火栓${id}`,
          name_en: `Hydrant ${id}, ${e.nameEn}`,
        }),
      )
    }
  })
  return out
}

const depotItems = {
  main: [
    '正压式空气呼吸器 40套',
    '重型防化服 20套',
    '堵漏器材 10套',
    '吸附棉 2 t',
    '移动式水炮 4台',
    '防爆照明灯 30台',
  ],
  field: ['正压式空气呼吸器 12套', '轻型防化服 20套', '吸附棉 500 kg', '围油栏 200 m', '应急沙袋 500个'],
  parking: ['灭火器 40具', '吸附棉 300 kg', '堵漏工具 4套', '防化服 6套', '洗消器材 2套'],
}

export function depots(site: Site): Feature<Point, FacilityProps>[] {
  const reserved = (row: number, col: number) =>
    site.reserved.find((r) => r.row === row && r.col === col)!.quad
  const spots: [string, string, XY, string[]][] = [
    [
      '园区应急物资储备库',
      'Park Emergency Supply Depot',
      quadPoint(site.publicQuad, 0.7, 0.3),
      depotItems.main,
    ],
    ['东区应急物资点', 'East Emergency Supply Point', quadPoint(reserved(3, 5), 0.3, 0.2), depotItems.field],
    ['西区应急物资点', 'West Emergency Supply Point', quadPoint(reserved(3, 2), 0.5, 0.2), depotItems.field],
    [
      '危化品停车场应急物资柜',
      'Hazmat Parking Emergency Cabinet',
      quadPoint(site.parking.quad, 0.85, 0.8),
      depotItems.parking,
    ],
  ]
  return spots.map(([name, nameEn, p, items], k) =>
    pointFeature(`D${k + 1}`, p, { kind: 'depot', name, name_en: nameEn, items }),
  )
}
