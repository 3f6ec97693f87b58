import { z } from 'zod'
import type { LineString } from './geo'
import type { TagKind } from './live'
import {
  hazardScenario,
  zonesBody,
  zoneWeather,
  type HazardScenario,
  type StabilityClassName,
  type ZoneLevelName,
  type ZonesResult,
} from './emergency'

/**
 * Incident command (应急指挥): an incident declared at an asset or a map point with its weather; its threat zones,
 * who is inside them, the nearest resources, evacuation routes to muster points, headcount there, and its log.
 */

export const incidentKinds = ['leak', 'fire', 'explosion'] as const
export const incidentKind = z.enum(incidentKinds)
export type IncidentKind = z.infer<typeof incidentKind>
export type IncidentStatus = 'active' | 'closed'

/** The hazard scenarios each kind of incident may model; the first is the default. */
export const scenariosOfKind: Record<IncidentKind, readonly HazardScenario[]> = {
  leak: ['toxic', 'flash_fire'],
  fire: ['pool_fire'],
  explosion: ['vce'],
}

const stationId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a station id: letters, digits, _ and -')
const title = z.string().trim().min(1).max(200)

/** Weather taken from a weather station's latest observation. */
export const stationWeatherRef = z.strictObject({ source: z.literal('station'), station_id: stationId })

/**
 * POST /api/v1/incidents: the kind, an optional title and drill, and the release exactly as POST
 * /api/v1/emergency/zones takes it (asset_id or point, chemical_id, scenario — default by kind —, rate_gs /
 * mass_kg, duration_s, …, weather). Weather `{ "source": "station", "station_id": … }` takes the station's latest
 * observation instead (the service resolves it).
 */
export const declareBody = z
  .object({
    kind: incidentKind,
    title: title.optional(),
    drill_id: stationId.optional(),
  })
  .catchall(z.unknown())
  .transform((v, ctx) => {
    const { kind, title, drill_id, ...rest } = v
    const scenario = (rest.scenario as HazardScenario | undefined) ?? scenariosOfKind[kind][0]!
    const stationWeather = stationWeatherRef.safeParse(rest.weather)
    // station weather is resolved later: validate the release with a placeholder that passes
    const release = zonesBody.safeParse({
      ...rest,
      scenario,
      ...(stationWeather.success ? { weather: { wind_speed_ms: 1, wind_from_deg: 0, stability: 'D' } } : {}),
    })
    if (!release.success) {
      for (const i of release.error.issues)
        ctx.addIssue({ code: 'custom', message: i.message, path: i.path as (string | number)[] })
      return z.NEVER
    }
    if (hazardScenario.safeParse(scenario).success && !scenariosOfKind[kind].includes(scenario)) {
      ctx.addIssue({
        code: 'custom',
        message: `a ${kind} is modelled as ${scenariosOfKind[kind].join(' or ')}`,
        path: ['scenario'],
      })
      return z.NEVER
    }
    const { weather, ...zoneRelease } = release.data
    return {
      kind,
      title: title ?? null,
      drill_id: drill_id ?? null,
      release: zoneRelease,
      weather: stationWeather.success ? stationWeather.data : { ...weather, source: 'manual' as const },
    }
  })
export type DeclareBody = z.output<typeof declareBody>

/** PATCH /api/v1/incidents/:id/weather: manual weather (as for zones), or a station's latest observation. */
export const weatherPatchBody = z.union([stationWeatherRef, zoneWeather])
export type WeatherPatchBody = z.infer<typeof weatherPatchBody>

/** The weather an incident's zones were computed with. */
export interface IncidentWeather {
  wind_speed_ms: number
  wind_from_deg: number
  stability?: StabilityClassName
  cloud_cover_oktas?: number
  time?: string
  source: 'manual' | 'station'
  station_id?: string
  /** station: when the observation was made */
  observed_at?: string
}

/** POST /api/v1/incidents/:id/log */
export const noteBody = z.strictObject({ text: z.string().trim().min(1).max(2000) })
/** POST /api/v1/incidents/:id/close */
export const closeBody = z.strictObject({ reason: z.string().trim().min(1).max(500).optional() })

export const incidentListQuery = z.strictObject({
  status: z.enum(['active', 'closed']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
})

export const maxAgeQuery = z.strictObject({
  /** positions older than this are not counted (default 600 s) */
  max_age_s: z.coerce.number().int().min(1).max(3600).default(600),
})
export const musterQuery = z.strictObject({
  max_age_s: z.coerce.number().int().min(1).max(3600).default(600),
  /** a card this close to a muster point counts there (default 50 m) */
  radius_m: z.coerce.number().min(5).max(500).default(50),
})

export interface IncidentSummary {
  id: string
  kind: IncidentKind
  status: IncidentStatus
  title: string
  asset_id: string | null
  source: { lon: number; lat: number }
  chemical_id: string | null
  scenario: HazardScenario
  weather: IncidentWeather
  declared_by: string
  declared_at: string
  closed_by: string | null
  closed_at: string | null
  drill_id: string | null
}

/** GET /api/v1/incidents/:id */
export interface Incident extends IncidentSummary {
  release: Record<string, unknown>
  /** the zones last computed (at declaration, then at each weather change) */
  zones: ZonesResult
  zones_at: string
}

export interface InsideEntry {
  tag_id: string
  label: string
  kind: TagKind
  enterprise_id: string | null
  level: ZoneLevelName
  distance_m: number
  lon: number
  lat: number
  t: string
}

/** GET /api/v1/incidents/:id/inside */
export interface InsideReport {
  incident_id: string
  at: string
  max_age_s: number
  /** positions young enough to count */
  fresh_tags: number
  counts: Record<ZoneLevelName, { people: number; vehicles: number }>
  inside: InsideEntry[]
}

export interface ResourceEntry {
  id: string
  kind: 'fire_station' | 'hydrant' | 'depot'
  name: string
  name_en: string | null
  lon: number
  lat: number
  distance_m: number
  /** the zone level the resource stands in (approach with care), or null */
  level: ZoneLevelName | null
  props: Record<string, unknown>
}

/** GET /api/v1/incidents/:id/resources: nearest first; teams and experts come with the emergency plans. */
export interface ResourcesReport {
  incident_id: string
  source: { lon: number; lat: number }
  fire_stations: ResourceEntry[]
  hydrants: ResourceEntry[]
  depots: ResourceEntry[]
}

export interface EvacuationPoint {
  id: string
  name: string
  name_en: string | null
  lon: number
  lat: number
  node_id: string
  capacity: number
  level: ZoneLevelName | null
  status: 'eligible' | 'fallback' | 'excluded'
  reason: string | null
  assigned: number
}

export interface EvacuationEntry {
  tag_id: string
  label: string
  kind: TagKind
  enterprise_id: string | null
  level: ZoneLevelName
  muster_id: string | null
  alternate: boolean
  over_capacity: boolean
  length_m: number
  walk_m: number
  route: LineString | null
  reason: string | null
}

/** GET /api/v1/incidents/:id/evacuation */
export interface EvacuationReport {
  incident_id: string
  at: string
  max_age_s: number
  points: EvacuationPoint[]
  people: EvacuationEntry[]
  /** road edges inside the red zone (removed) and the orange zone (penalised) */
  edges: { red: string[]; orange: string[] }
  unassigned: number
}

/** GET /api/v1/incidents/:id/muster */
export interface MusterReport {
  incident_id: string
  at: string
  max_age_s: number
  radius_m: number
  points: {
    id: string
    name: string
    name_en: string | null
    lon: number
    lat: number
    capacity: number
    present: number
    tags: string[]
  }[]
  present: number
}

export const incidentLogKinds = [
  'declared',
  'weather_changed',
  'zones_computed',
  'alarm',
  'notification',
  'note',
  'closed',
] as const
export type IncidentLogKind = (typeof incidentLogKinds)[number]

export interface IncidentLogEntry {
  id: string
  incident_id: string
  t: string
  actor: string
  kind: IncidentLogKind
  payload: Record<string, unknown>
}

/** Socket.IO `incident.updated`: to every signed-in client; fetch GET /api/v1/incidents/:id for the detail. */
export interface IncidentUpdated {
  incident_id: string
  change: 'declared' | 'weather_changed' | 'closed'
  kind: IncidentKind
  status: IncidentStatus
  title: string
  source: { lon: number; lat: number }
  weather: IncidentWeather
  at: string
}
