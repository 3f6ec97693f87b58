import type { RiskColor, TagKind } from '../../server/contracts'

// The twin's colours as CSS hex, shared by the 3D layers and the panels (legends, bars).

export const riskHex: Record<RiskColor, string> = {
  red: '#ff3b3b',
  orange: '#ff8c1a',
  yellow: '#ffd21a',
  blue: '#2f8cff',
}

export const tagKindHex: Record<TagKind | 'unknown', string> = {
  hazmat_vehicle: '#ff4d2e',
  vehicle: '#22d3ee',
  visitor: '#facc15',
  contractor: '#b06cff',
  staff: '#34d399',
  unknown: '#cbd5e1',
}

export const buildingUseHex: Record<string, string> = {
  office: '#8fb4e3',
  process: '#6b93c4',
  warehouse: '#a3b1c6',
  control: '#5fd0d4',
  utility: '#7f8fa9',
  lab: '#a89ae0',
}
export const buildingDefaultHex = '#8aa0bf'

export const zoneHex: Record<string, { fill: string; alpha: number }> = {
  restricted: { fill: '#ff3040', alpha: 0.3 },
  hazmat_corridor: { fill: '#ff8a00', alpha: 0.32 },
  speed: { fill: '#2f7bff', alpha: 0.26 },
  tank_farm: { fill: '#ffb020', alpha: 0.16 },
  construction: { fill: '#e0e040', alpha: 0.2 },
}
export const zoneDefault = { fill: '#9aa5b1', alpha: 0.2 }

export const groundHex = {
  surroundings: '#132238',
  park: '#1b2e48',
  river: '#0f4c81',
  green: '#1f5a3e',
  road: '#3a4a60',
  hazmatRoad: '#5a4632',
  roadEdge: '#6fa8dc',
  boundary: '#22d3ee',
  parking: '#2c3d55',
  tankFarmFloor: '#3b4658',
  dike: '#9fb3c8',
}

export const highlightHex = '#00f0ff'

/** Font of labels drawn in the 3D scene (CSS px at 1920×1080). */
export const labelFont = '500 15px "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif'

/** Display order of tag kinds (client-side copy: importing the contract's runtime list would pull zod in). */
export const tagKindOrder = [
  'hazmat_vehicle',
  'vehicle',
  'visitor',
  'contractor',
  'staff',
] as const satisfies readonly TagKind[]
// compile-time check that the copy lists every TagKind
const _allTagKinds: [Exclude<TagKind, (typeof tagKindOrder)[number]>] extends [never] ? true : never = true
void _allTagKinds

/** Sensor display states (client/live/sensor-state.ts) on the twin markers, lists and charts. */
export const sensorStateHex = {
  alarm: riskHex.red,
  warn: riskHex.orange,
  fault: '#b06cff',
  stale: '#8a9bb0',
  maintenance: riskHex.blue,
  normal: '#2ee59d',
  no_data: '#56667a',
} as const
