import type {
  DrillAction,
  DrillActionBody,
  DrillControl,
  DrillRunStatus,
  DrillState,
} from '../../server/contracts/drills'
import type { ThreatZoneFeature } from '../../server/contracts/emergency'
import type { DrillScript, DrillWeather } from '../../scenes/drills/schema'
import { apiBase, request } from './http.client'

// The drill engine over REST (/api/v1/drills). The shapes the routes answer with that server/contracts does not
// name (the script list, the run's meta, the stored zones, the evaluation) are spelled out here as the client
// reads them.

export interface Bilingual {
  zh: string
  en: string
}

/** GET /api/v1/drills */
export interface DrillSummary {
  id: string
  title: Bilingual
  description: Bilingual | null
  scenario: { asset_id: string; chemical_id: string; kind: 'toxic' | 'pool_fire' | 'vce' }
  duration_s: number
  participants: number
}

export interface DrillRunMeta {
  id: string
  drill_id: string
  status: DrillRunStatus
  speed: number
  paused: boolean
  started_by: string | null
  started_at: string
  ended_at: string | null
  actions: DrillAction[]
}

/** A run and its state now (the server keeps the clock). */
export interface DrillRunView {
  run: DrillRunMeta
  state: DrillState
}

/** GET /api/v1/drills/runs/:run/zones: the release point and the zones of each weather phase. */
export interface DrillZones {
  source: [number, number]
  chemical: { id: string; name_zh: string; name_en: string }
  model: string
  phases: { from_s: number; weather: DrillWeather; zones: ThreatZoneFeature[] }[]
}

export interface DrillStepEvaluation {
  i: number
  kind: string
  label: Bilingual
  at_s: number
  expected_by_s: number
  done_at_s: number | null
  lateness_s: number | null
  status: 'on_time' | 'late' | 'missed'
}

export interface DrillMissingPerson {
  id: string
  group: string
  status: string
  unresponsive: boolean
}

/** The evaluation stored when a run ends (the report's content). */
export interface DrillEvaluation {
  drill_id: string
  title: Bilingual
  evaluated_at_s: number
  ended_early: boolean
  times: {
    detect_s: number | null
    alert_s: number | null
    declare_s: number | null
    evacuate_s: number | null
    evacuation_order_s: number | null
    last_arrival_s: number | null
  }
  people: { total: number; mustered: number; casualties: number; unresponsive: number }
  missing_at_headcount: { at_s: number; people: DrillMissingPerson[] } | null
  missing_at_end: DrillMissingPerson[]
  steps: DrillStepEvaluation[]
  late_steps: DrillStepEvaluation[]
  missed_steps: DrillStepEvaluation[]
  extra_actions: { kind: string; t_s: number; note: string | null }[]
  score: {
    total: number
    basis: string
    categories: { id: string; label: Bilingual; weight: number; score: number }[]
  }
  rules: string[]
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
