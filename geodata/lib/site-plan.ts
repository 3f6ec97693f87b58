// Where things sit: the road lattice (E-W "纬" roads south→north, N-S "经" roads west→east, in plan
// metres before jitter), what each lattice cell holds, and the gates, muster points, hazmat
// corridors and depots. The Yangtze is to the south, beyond 沿江路.
import type { GateClass, RoadClass } from '../types'

export interface RoadDef {
  name: string
  nameEn: string
  /** position of the line: v for E-W roads, u for N-S roads (plan metres) */
  at: number
  /** dv/du for E-W roads, du/dv for N-S roads */
  slope: number
  widthM: number
  speedKmh: number
  roadClass: RoadClass
}

const road = (
  name: string,
  nameEn: string,
  at: number,
  slope: number,
  widthM: number,
  speedKmh: number,
  roadClass: RoadClass = 'branch',
): RoadDef => ({ name, nameEn, at, slope, widthM, speedKmh, roadClass })

// prettier-ignore
export const ewRoads: RoadDef[] = [
  road('沿江路', 'Yanjiang Road', -1200, 0.03, 14, 40),
  road('纬一路', 'Weiyi Road', -620, 0.01, 16, 40),
  road('江海大道', 'Jianghai Avenue', 0, 0, 24, 60, 'trunk'),
  road('纬二路', "Wei'er Road", 600, -0.01, 16, 40),
  road('北环路', 'Beihuan Road', 1180, 0, 14, 40),
]

// prettier-ignore
export const nsRoads: RoadDef[] = [
  road('西环路', 'Xihuan Road', -2050, 0.04, 14, 40),
  road('经一路', 'Jingyi Road', -1460, 0.02, 16, 40),
  road('经二路', "Jing'er Road", -880, 0, 16, 40),
  road('港城大道', 'Gangcheng Avenue', -290, 0, 24, 60, 'trunk'),
  road('经三路', 'Jingsan Road', 290, 0, 16, 40),
  road('经四路', 'Jingsi Road', 880, -0.01, 16, 40),
  road('经五路', 'Jingwu Road', 1460, -0.02, 16, 40),
  road('东环路', 'Donghuan Road', 2050, -0.03, 14, 40),
]

/** 支路 between two halves of a split cell */
export interface BranchRoadDef {
  name: string
  nameEn: string
  widthM: number
  speedKmh: number
}

export type Front = 'S' | 'N'
export interface ParcelPart {
  enterprise: string
  front: Front
}
export type CellUse =
  | { kind: 'enterprise'; part: ParcelPart; span?: 2 }
  /** two parcels side by side, split at `at` (0..1 west→east), by a branch road or a fenced gap */
  | { kind: 'split'; at: number; branch?: BranchRoadDef; west: ParcelPart; east: ParcelPart }
  /** hazmat parking lot in the south-west corner, the enterprise takes the rest (an L-shaped parcel) */
  | { kind: 'parking'; part: ParcelPart; lotWidthM: number; lotDepthM: number }
  | { kind: 'public' }
  | { kind: 'reserved'; construction?: boolean }
  | { kind: 'outside' }

export interface CellPlan {
  row: number
  col: number
  use: CellUse
}

const one = (enterprise: string, front: Front, span?: 2): CellUse =>
  span
    ? { kind: 'enterprise', part: { enterprise, front }, span }
    : { kind: 'enterprise', part: { enterprise, front } }
const split = (
  west: string,
  wf: Front,
  east: string,
  ef: Front,
  branch?: BranchRoadDef,
  at = 0.5,
): CellUse =>
  branch
    ? {
        kind: 'split',
        at,
        branch,
        west: { enterprise: west, front: wf },
        east: { enterprise: east, front: ef },
      }
    : { kind: 'split', at, west: { enterprise: west, front: wf }, east: { enterprise: east, front: ef } }
const branch = (name: string, nameEn: string): BranchRoadDef => ({ name, nameEn, widthM: 9, speedKmh: 30 })

// prettier-ignore
export const cellPlans: CellPlan[] = [
  // row 0, between 沿江路 and 纬一路: river-side storage and the two largest plants
  { row: 0, col: 0, use: one('E08', 'N') },
  { row: 0, col: 1, use: one('E02', 'N', 2) },
  { row: 0, col: 3, use: one('E18', 'N') },
  { row: 0, col: 4, use: one('E01', 'N', 2) },
  { row: 0, col: 6, use: split('E10', 'N', 'E09', 'N', branch('滨江支路', 'Binjiang Branch Road'), 0.45) },
  // row 1, between 纬一路 and 江海大道
  { row: 1, col: 0, use: { kind: 'parking', part: { enterprise: 'E24', front: 'N' }, lotWidthM: 170, lotDepthM: 125 } },
  { row: 1, col: 1, use: split('E05', 'S', 'E16', 'N', branch('化工一支路', 'Huagong 1st Branch Road')) },
  { row: 1, col: 2, use: one('E03', 'S') },
  { row: 1, col: 3, use: split('E04', 'S', 'E22', 'N', undefined, 0.55) },
  { row: 1, col: 4, use: one('E11', 'N') },
  { row: 1, col: 5, use: split('E12', 'S', 'E13', 'N', branch('化工二支路', 'Huagong 2nd Branch Road')) },
  { row: 1, col: 6, use: one('E19', 'N') },
  // row 2, between 江海大道 and 纬二路
  { row: 2, col: 0, use: split('E06', 'S', 'E14', 'N', branch('医药支路', 'Yiyao Branch Road')) },
  { row: 2, col: 1, use: split('E07', 'S', 'E17', 'N', undefined) },
  { row: 2, col: 2, use: one('E15', 'N') },
  { row: 2, col: 3, use: { kind: 'public' } },
  { row: 2, col: 4, use: split('E20', 'S', 'E21', 'N', branch('科创支路', 'Kechuang Branch Road')) },
  { row: 2, col: 5, use: one('E23', 'S') },
  { row: 2, col: 6, use: { kind: 'reserved', construction: true } },
  // row 3, between 纬二路 and 北环路: lighter industry and reserved land
  { row: 3, col: 0, use: { kind: 'outside' } },
  { row: 3, col: 1, use: one('E25', 'S') },
  { row: 3, col: 2, use: { kind: 'reserved' } },
  { row: 3, col: 3, use: one('E26', 'S') },
  { row: 3, col: 4, use: { kind: 'reserved' } },
  { row: 3, col: 5, use: { kind: 'reserved' } },
  { row: 3, col: 6, use: { kind: 'outside' } },
]

/** a road line: E-W road i or N-S road j */
export type LineRef = { family: 'ew' | 'ns'; index: number }
const ew = (index: number): LineRef => ({ family: 'ew', index })
const ns = (index: number): LineRef => ({ family: 'ns', index })

export interface GatePlan {
  id: string
  gateClass: GateClass
  name: string
  nameEn: string
  line: LineRef
  /** which end of the line the gate closes: the west/south end ('start') or the east/north end */
  end: 'start' | 'end'
  lanes: number
}

// prettier-ignore
export const gatePlans: GatePlan[] = [
  { id: 'G1', gateClass: 'dedicated', name: '西区危化品专用卡口', nameEn: 'West Hazmat Dedicated Gate', line: ew(1), end: 'start', lanes: 4 },
  { id: 'G2', gateClass: 'general', name: '北区综合卡口', nameEn: 'North General Gate', line: ns(3), end: 'end', lanes: 6 },
  { id: 'G3', gateClass: 'unattended', name: '东北无人值守卡口', nameEn: 'North-East Unattended Gate', line: ns(5), end: 'end', lanes: 2 },
  { id: 'G4', gateClass: 'emergency', name: '东区应急卡口', nameEn: 'East Emergency Gate', line: ew(1), end: 'end', lanes: 2 },
]

/** a spot on a road line: between lattice crossings `between` and `between + 1`, at fraction t */
export interface RoadSpot {
  line: LineRef
  between: number
  t: number
}

export interface MusterPlan extends RoadSpot {
  name: string
  nameEn: string
  capacity: number
}

// prettier-ignore
export const musterPlans: MusterPlan[] = [
  { name: '1号应急集合点（园区服务中心）', nameEn: 'Muster Point 1 (Service Center)', line: ew(2), between: 3, t: 0.3, capacity: 800 },
  { name: '2号应急集合点（西北绿地）', nameEn: 'Muster Point 2 (North-West Green)', line: ew(3), between: 2, t: 0.5, capacity: 600 },
  { name: '3号应急集合点（东北绿地）', nameEn: 'Muster Point 3 (North-East Green)', line: ew(3), between: 5, t: 0.5, capacity: 600 },
  { name: '4号应急集合点（二期场地）', nameEn: 'Muster Point 4 (Phase II Site)', line: ns(6), between: 2, t: 0.5, capacity: 500 },
  { name: '5号应急集合点（西区）', nameEn: 'Muster Point 5 (West)', line: ns(0), between: 1, t: 0.7, capacity: 400 },
  { name: '6号应急集合点（南区）', nameEn: 'Muster Point 6 (South)', line: ew(1), between: 3, t: 0.3, capacity: 500 },
  { name: '7号应急集合点（东南）', nameEn: 'Muster Point 7 (South-East)', line: ns(7), between: 0, t: 0.5, capacity: 400 },
  { name: '8号应急集合点（西北）', nameEn: 'Muster Point 8 (North-West)', line: ns(1), between: 2, t: 0.5, capacity: 400 },
]

export interface CorridorPlan {
  name: string
  nameEn: string
  /** the route runs from the dedicated gate to this enterprise's main entrance */
  target: string
  widthM: number
}

// prettier-ignore
export const corridorPlans: CorridorPlan[] = [
  { name: '危化品运输通道（南线）', nameEn: 'Hazmat Route South', target: 'E01', widthM: 25 },
  { name: '危化品运输通道（北线）', nameEn: 'Hazmat Route North', target: 'E15', widthM: 25 },
  { name: '危化品运输通道（东线）', nameEn: 'Hazmat Route East', target: 'E19', widthM: 25 },
]

/** green belt between a road's edge and the parcels beside it, and the fenced gap between neighbours */
export const greenBeltM = 10
export const parcelGapM = 12
/** fence line to boundary: distance from the perimeter road centreline to the park boundary */
export const perimeterMarginM = 45
/** intersection sight triangles cut from parcel corners */
export const cornerCutM = 12
/** road graph: longest edge before an intermediate node is added */
export const maxEdgeM = 170
