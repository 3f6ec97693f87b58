// REST bodies and payloads of the drill engine (应急演练): /api/v1/drills. The scripts themselves are typed in
// scenes/drills/schema.ts.
import { z } from 'zod'

export const drillRunStatus = z.enum(['running', 'paused', 'ended'])
export type DrillRunStatus = z.infer<typeof drillRunStatus>

/** The clock of a run: drill time = anchor_t_s + (now − anchor_wall_ms) × speed unless paused. */
export interface DrillClock {
  anchor_wall_ms: number
  anchor_t_s: number
  speed: number
  paused: boolean
}

const speed = z.number().min(1, 'speed ×1 to ×20').max(20, 'speed ×1 to ×20')

/** POST /api/v1/drills/:id/runs */
export const drillRunStartBody = z.strictObject({
  speed: speed.default(1),
  /** start paused (the player presses play) */
  paused: z.boolean().default(false),
})
export type DrillRunStartBody = z.infer<typeof drillRunStartBody>

/** POST /api/v1/drills/runs/:run/control */
export const drillControl = z.discriminatedUnion('op', [
  z.strictObject({ op: z.literal('play') }),
  z.strictObject({ op: z.literal('pause') }),
  z.strictObject({ op: z.literal('speed'), speed }),
  z.strictObject({ op: z.literal('seek'), t_s: z.number().min(0).max(86_400) }),
])
export type DrillControl = z.infer<typeof drillControl>

export const operatorActionKind = z.enum([
  'alarm_notify',
  'declare_incident',
  'evacuate',
  'headcount',
  'note',
])

/** POST /api/v1/drills/runs/:run/actions — `t_s` defaults to the run's drill time now and may not be later. */
export const drillActionBody = z.strictObject({
  kind: operatorActionKind,
  t_s: z.number().min(0).max(86_400).optional(),
  note: z.string().trim().max(500).optional(),
})
export type DrillActionBody = z.infer<typeof drillActionBody>

/** One recorded operator action. */
export interface DrillAction {
  seq: number
  kind: z.infer<typeof operatorActionKind>
  t_s: number
  note: string | null
  by: string | null
  /** wall time it was recorded (ISO) */
  at: string
}

export const drillReportFormat = z.enum(['md', 'csv', 'json'])

export type DrillStepStatus =
  'pending' | 'fired' | 'upcoming' | 'due' | 'on_time' | 'late' | 'overdue' | 'missed'
export type PersonStatus = 'working' | 'waiting' | 'evacuating' | 'mustered' | 'casualty'
/** [id, lon, lat, status] */
export type PersonTuple = [string, number, number, PersonStatus]

export interface DrillStepState {
  i: number
  kind: string
  actor: 'system' | 'operator'
  at_s: number
  expected_by_s: number | null
  status: DrillStepStatus
  /** when the step took effect (system: at_s; operator: the action, or the deadline when the director injected it) */
  effect_s: number | null
  /** the operator's action matched to the step */
  action_t_s: number | null
  lateness_s: number | null
}

export interface DrillState {
  t_s: number
  duration_s: number
  finished: boolean
  /** index into the run's zone phases (a new phase at each wind shift); null before the release */
  phase: number | null
  weather: { wind_speed_ms: number; wind_from_deg: number; stability: string }
  /** toxic: the cloud front grows from the source at the wind speed; fires and blasts: the whole zone */
  zone_state: 'none' | 'spreading' | 'active' | 'potential' | 'exploded'
  front_m: number | null
  steps: DrillStepState[]
  people: PersonTuple[]
  headcount: {
    total: number
    mustered: number
    casualties: number
    by_muster: Record<string, number>
    not_mustered: string[]
  }
  exposure: { red: number; orange: number; yellow: number }
  camera: { lon: number; lat: number; height_m: number; heading_deg: number; pitch_deg: number }
  evacuation_started_s: number | null
}

// ---------------------------------------------------------------- runs and their evaluation (演练评估)

/** A text in both languages (scripts' titles and labels). */
export interface DrillText {
  zh: string
  en: string
}

/** GET /api/v1/drills: one drill script as the list shows it. */
export interface DrillSummary {
  id: string
  title: DrillText
  description: DrillText | null
  scenario: { asset_id: string; chemical_id: string; kind: 'toxic' | 'pool_fire' | 'vce' }
  duration_s: number
  participants: number
}

/** A run as the routes answer it (without its stored zones and evaluation). */
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

/** The evaluation categories (AQ/T 9009 in spirit): 预警与信息报告, 应急响应与指挥, 人员疏散, 人员清点. */
export type DrillScoreCategory = 'warning' | 'response' | 'evacuation' | 'headcount'

/** One operator step of the script, judged on time / late / missed. */
export interface DrillStepEvaluation {
  i: number
  kind: string
  label: DrillText
  at_s: number
  expected_by_s: number
  done_at_s: number | null
  lateness_s: number | null
  status: 'on_time' | 'late' | 'missed'
}

/** Someone not at a muster point at headcount or at the end. */
export interface DrillMissingPerson {
  id: string
  group: string
  status: PersonStatus
  unresponsive: boolean
}

/** The evaluation stored when a run ends (the report's content). */
export interface DrillEvaluation {
  drill_id: string
  title: DrillText
  /** drill time the evaluation covers (the end, or when the run was ended) */
  evaluated_at_s: number
  ended_early: boolean
  times: {
    detect_s: number | null
    alert_s: number | null
    declare_s: number | null
    /** evacuation order → last survivor at a muster point; null when someone alive never arrived */
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
    categories: { id: DrillScoreCategory; label: DrillText; weight: number; score: number }[]
  }
  rules: string[]
}
