// Camera presets and layer sets of the five top-level centers (DESIGN.md §5). The client flies to
// `camera` when a center is opened and shows exactly `layers` until the user toggles one.
// Degrees for angles and coordinates (WGS-84), metres for heights.

export const centerIds = ['about', 'emergency', 'safety', 'environment', 'management'] as const
export type CenterId = (typeof centerIds)[number]

/** Everything the twin can show; a center's `layers` picks from these. */
export const twinLayerIds = [
  'ground',
  'buildings',
  'tank-farms',
  'tanks',
  'gates',
  'cameras',
  'muster-points',
  'fire-facilities',
  'gas-detectors',
  'monitor-points',
  'zones',
  'tags',
  // incident command and drill overlays (应急指挥中心)
  'incident',
  'drill',
  // module overlays (client/twin/overlay-layers.registry.ts)
  'major-hazards',
  'risk-map',
  'work-permits',
] as const
export type TwinLayerId = (typeof twinLayerIds)[number]

export interface CameraPreset {
  /** camera position, not the point looked at */
  lon_deg: number
  lat_deg: number
  /** above the WGS-84 ellipsoid */
  height_m: number
  /** clockwise from north */
  heading_deg: number
  /** negative looks down; -90 is straight down */
  pitch_deg: number
}

export interface CenterScene {
  id: CenterId
  name: string
  name_en: string
  camera: CameraPreset
  layers: readonly TwinLayerId[]
}

const metresPerDegLat = 111_320

/**
 * The camera that looks at `target` from `range_m` away, along `heading_deg` and `pitch_deg`
 * (flat-earth approximation, exact enough at park scale). Keeps the presets readable as "what is
 * looked at, from how far, from which side".
 */
export function lookAt(
  target: { lon_deg: number; lat_deg: number },
  range_m: number,
  heading_deg: number,
  pitch_deg: number,
): CameraPreset {
  const pitch = (-pitch_deg * Math.PI) / 180
  const heading = (heading_deg * Math.PI) / 180
  const ground = range_m * Math.cos(pitch)
  const lat_deg = target.lat_deg - (ground * Math.cos(heading)) / metresPerDegLat
  const lon_deg =
    target.lon_deg - (ground * Math.sin(heading)) / (metresPerDegLat * Math.cos((lat_deg * Math.PI) / 180))
  const round = (x: number, digits: number) => Number(x.toFixed(digits))
  return {
    lon_deg: round(lon_deg, 6),
    lat_deg: round(lat_deg, 6),
    height_m: Math.round(range_m * Math.sin(pitch)),
    heading_deg,
    pitch_deg,
  }
}

/** Middle of the demo park (geodata/park boundary), the default point looked at. */
export const parkCentre = { lon_deg: 120.9484, lat_deg: 31.9491 }

const base: readonly TwinLayerId[] = ['ground', 'buildings', 'tank-farms', 'tanks']

export const centers: readonly CenterScene[] = [
  {
    id: 'about',
    name: '关于园区',
    name_en: 'About the park',
    camera: lookAt({ lon_deg: parkCentre.lon_deg, lat_deg: parkCentre.lat_deg + 0.002 }, 4700, 15, -45),
    layers: [...base, 'gates', 'tags'],
  },
  {
    id: 'emergency',
    name: '应急指挥中心',
    name_en: 'Emergency command',
    camera: lookAt(parkCentre, 4000, 20, -45),
    layers: [
      ...base,
      'gates',
      'cameras',
      'muster-points',
      'fire-facilities',
      'zones',
      'tags',
      'incident',
      'drill',
    ],
  },
  {
    id: 'safety',
    name: '安全监管中心',
    name_en: 'Safety supervision',
    camera: lookAt(parkCentre, 4800, -25, -45),
    layers: [...base, 'gas-detectors', 'zones', 'major-hazards', 'risk-map', 'work-permits'],
  },
  {
    id: 'environment',
    name: '环保监管中心',
    name_en: 'Environmental supervision',
    camera: lookAt(parkCentre, 4300, 0, -55),
    layers: [...base, 'monitor-points'],
  },
  {
    id: 'management',
    name: '智慧管理',
    name_en: 'Smart management',
    camera: lookAt(parkCentre, 5000, 0, -65),
    layers: [...base, 'gates', 'muster-points', 'fire-facilities', 'gas-detectors', 'monitor-points'],
  },
]

export function centerScene(id: CenterId): CenterScene {
  const scene = centers.find((c) => c.id === id)
  if (!scene) throw new Error(`unknown center ${id}`)
  return scene
}

export function isCenterId(value: string): value is CenterId {
  return (centerIds as readonly string[]).includes(value)
}
