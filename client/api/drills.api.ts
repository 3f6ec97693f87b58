import type {
  DrillAction,
  DrillActionBody,
  DrillControl,
  DrillEvaluation,
  DrillRunView,
  DrillSummary,
} from '../../server/contracts/drills'
import type { ThreatZoneFeature } from '../../server/contracts/emergency'
import type { DrillScript, DrillWeather } from '../../scenes/drills/schema'
import { apiBase, request } from './http.client'

// The drill engine over REST (/api/v1/drills). The script list, the run, its state and its evaluation are wire
// types of server/contracts/drills.ts (drill-evaluation.ts builds the evaluation as that type); re-exported here
// for older imports. Only the stored zones, whose weather is the script schema's, are typed here.
export type {
  DrillEvaluation,
  DrillMissingPerson,
  DrillRunMeta,
  DrillRunView,
  DrillStepEvaluation,
  DrillSummary,
  DrillText,
} from '../../server/contracts/drills'

/** GET /api/v1/drills/runs/:run/zones: the release point and the zones of each weather phase. */
export interface DrillZones {
  source: [number, number]
  chemical: { id: string; name_zh: string; name_en: string }
  model: string
  phases: { from_s: number; weather: DrillWeather; zones: ThreatZoneFeature[] }[]
}

export type DrillReportFormat = 'md' | 'csv' | 'json'

const run = (id: string) => `/drills/runs/${encodeURIComponent(id)}`

export const drillsApi = {
  list: (signal?: AbortSignal) => request<DrillSummary[]>('GET', '/drills', { signal }),
  script: (id: string, signal?: AbortSignal) =>
    request<DrillScript>('GET', `/drills/${encodeURIComponent(id)}`, { signal }),
  start: (id: string, body: { speed?: number; paused?: boolean } = {}) =>
    request<DrillRunView>('POST', `/drills/${encodeURIComponent(id)}/runs`, { body }),
  get: (runId: string, signal?: AbortSignal) => request<DrillRunView>('GET', run(runId), { signal }),
  zones: (runId: string, signal?: AbortSignal) =>
    request<DrillZones>('GET', `${run(runId)}/zones`, { signal }),
  control: (runId: string, body: DrillControl) =>
    request<DrillRunView>('POST', `${run(runId)}/control`, { body }),
  action: (runId: string, body: DrillActionBody) =>
    request<DrillRunView & { action: DrillAction }>('POST', `${run(runId)}/actions`, { body }),
  end: (runId: string) =>
    request<DrillRunView & { evaluation: DrillEvaluation }>('POST', `${run(runId)}/end`, { body: {} }),
}
export type DrillsApi = typeof drillsApi

/** Where the browser downloads a run's report (a plain link: the session cookie goes with it). */
export function drillReportUrl(runId: string, format: DrillReportFormat): string {
  return `${apiBase}${run(runId)}/report?format=${format}`
}
