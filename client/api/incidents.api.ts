import type { z } from 'zod'
import type { IncidentKind } from '../../server/contracts/incidents'
import type {
  EvacuationReport,
  Incident,
  IncidentLogEntry,
  IncidentSummary,
  InsideReport,
  MusterReport,
  ResourcesReport,
  WeatherPatchBody,
} from '../../server/contracts/incidents'
import type { Chemical, zonesBody } from '../../server/contracts/emergency'
import { request } from './http.client'

type ZoneRelease = Omit<z.input<typeof zonesBody>, 'weather' | 'scenario'>

/**
 * POST /api/v1/incidents: the kind, an optional title and drill, and the release as POST /api/v1/emergency/zones
 * takes it (the scenario defaults by kind); manual weather or a station's latest observation.
 */
export interface DeclareRequest extends ZoneRelease {
  kind: IncidentKind
  title?: string
  drill_id?: string
  scenario?: z.input<typeof zonesBody>['scenario']
  weather: WeatherPatchBody
}

const q = (params: Record<string, number | string | undefined>) => {
  const parts = Object.entries(params)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
  return parts.length ? `?${parts.join('&')}` : ''
}
const path = (id: string, tail = '') => `/incidents/${encodeURIComponent(id)}${tail}`

/**
 * Incident command (应急指挥): declare, weather, who is inside, resources, evacuation, muster, log, close; and the
 * chemicals table the declare form offers for a release at a map point.
 */
export const incidentsApi = {
  declare: (body: DeclareRequest) => request<Incident>('POST', '/incidents', { body }),
  list: (status?: 'active' | 'closed', limit?: number, signal?: AbortSignal) =>
    request<IncidentSummary[]>('GET', `/incidents${q({ status, limit })}`, { signal }),
  active: (signal?: AbortSignal) => request<IncidentSummary[]>('GET', '/incidents/active', { signal }),
  get: (id: string, signal?: AbortSignal) => request<Incident>('GET', path(id), { signal }),
  changeWeather: (id: string, body: WeatherPatchBody) =>
    request<Incident>('PATCH', path(id, '/weather'), { body }),
  inside: (id: string, maxAgeS?: number, signal?: AbortSignal) =>
    request<InsideReport>('GET', path(id, `/inside${q({ max_age_s: maxAgeS })}`), { signal }),
  resources: (id: string, signal?: AbortSignal) =>
    request<ResourcesReport>('GET', path(id, '/resources'), { signal }),
  evacuation: (id: string, maxAgeS?: number, signal?: AbortSignal) =>
    request<EvacuationReport>('GET', path(id, `/evacuation${q({ max_age_s: maxAgeS })}`), { signal }),
  muster: (id: string, options: { maxAgeS?: number; radiusM?: number } = {}, signal?: AbortSignal) =>
    request<MusterReport>(
      'GET',
      path(id, `/muster${q({ max_age_s: options.maxAgeS, radius_m: options.radiusM })}`),
      { signal },
    ),
  log: (id: string, signal?: AbortSignal) => request<IncidentLogEntry[]>('GET', path(id, '/log'), { signal }),
  note: (id: string, text: string) => request<IncidentLogEntry>('POST', path(id, '/log'), { body: { text } }),
  close: (id: string, reason?: string) =>
    request<Incident>('POST', path(id, '/close'), { body: reason ? { reason } : {} }),
  /** the chemicals a release at a map point may be (GET /api/v1/emergency/chemicals) */
  chemicals: (signal?: AbortSignal) => request<Chemical[]>('GET', '/emergency/chemicals', { signal }),
}
export type IncidentsApi = typeof incidentsApi
