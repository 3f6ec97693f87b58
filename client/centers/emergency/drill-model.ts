import type {
  DrillEvaluation,
  DrillRunView,
  DrillStepStatus,
  DrillSummary,
  PersonStatus,
} from '../../../server/contracts/drills'
import type { DrillScript } from '../../../scenes/drills/schema'
import type { DrillZones } from '../../api/drills.api'
import { createStore, type Store } from '../../core/store'
import { getLocale, type Locale } from '../../shell/i18n/i18n'

// The drill player (演练播放器) in the browser: its strings (zh-CN / en, local so the shared message files need
// no change), pure formatting for the panel and the test hook, and the overlay store the panel fills and the
// twin's drill layer draws.

const text = {
  'zh-CN': {
    title: '应急演练',
    loading: '加载中…',
    unavailable: '演练脚本暂无法获取',
    start: '开始演练',
    starting: '正在生成影响区…',
    back: '返回列表',
    play: '播放',
    pause: '暂停',
    speed: '倍速',
    tour: '镜头巡游',
    steps: '演练步骤',
    actions: '处置操作',
    muster: '集合点清点',
    mustered: '已到集合点',
    casualties: '伤亡',
    notMustered: '未到',
    total: '参演人员',
    end: '结束并评估',
    ending: '正在评估…',
    evaluation: '演练评估',
    score: '总分',
    detect: '发现用时',
    alert: '报警用时',
    declare: '响应用时',
    evacuate: '疏散用时',
    missingHeadcount: '清点时未到',
    missingEnd: '结束时未到',
    lateSteps: '延迟步骤',
    missedSteps: '遗漏步骤',
    none: '无',
    report: '下载报告',
    minutes: '{n} 分钟',
    people: '{n} 人',
    failed: '操作失败：{m}',
    endedEarly: '（提前结束）',
    finished: '演练时间已到，请结束并评估',
    phase: '气象阶段 {n}',
    wind: '风向 {deg}° · {ms} m/s · {s} 类',
    toxic: '有毒气体泄漏',
    pool_fire: '池火灾',
    vce: '蒸气云爆炸',
    pending: '待发生',
    fired: '已发生',
    upcoming: '待执行',
    due: '应执行',
    on_time: '按时',
    late: '延迟',
    overdue: '已超时',
    missed: '遗漏',
    alarm_notify: '确认报警',
    declare_incident: '启动应急响应',
    evacuate_action: '下达疏散',
    headcount: '清点人数',
    note: '记录',
    working: '作业中',
    waiting: '待撤离',
    evacuating: '撤离中',
    casualty: '伤亡',
    at_muster: '已集合',
  },
  en: {
    title: 'Emergency drills',
    loading: 'Loading…',
    unavailable: 'Drill scripts unavailable',
    start: 'Start drill',
    starting: 'Computing the zones…',
    back: 'Back to list',
    play: 'Play',
    pause: 'Pause',
    speed: 'Speed',
    tour: 'Camera tour',
    steps: 'Steps',
    actions: 'Operator actions',
    muster: 'Muster headcount',
    mustered: 'At muster',
    casualties: 'Casualties',
    notMustered: 'Not in',
    total: 'People',
    end: 'End and evaluate',
    ending: 'Evaluating…',
    evaluation: 'Evaluation',
    score: 'Score',
    detect: 'Time to detect',
    alert: 'Time to alert',
    declare: 'Time to declare',
    evacuate: 'Time to evacuate',
    missingHeadcount: 'Missing at headcount',
    missingEnd: 'Missing at the end',
    lateSteps: 'Late steps',
    missedSteps: 'Missed steps',
    none: 'none',
    report: 'Report',
    minutes: '{n} min',
    people: '{n} people',
    failed: 'Failed: {m}',
    endedEarly: ' (ended early)',
    finished: 'Drill time is up: end and evaluate',
    phase: 'Weather phase {n}',
    wind: 'Wind from {deg}° · {ms} m/s · class {s}',
    toxic: 'Toxic release',
    pool_fire: 'Pool fire',
    vce: 'Vapour-cloud explosion',
    pending: 'pending',
    fired: 'fired',
    upcoming: 'upcoming',
    due: 'due',
    on_time: 'on time',
    late: 'late',
    overdue: 'overdue',
    missed: 'missed',
    alarm_notify: 'Acknowledge alarm',
    declare_incident: 'Declare incident',
    evacuate_action: 'Order evacuation',
    headcount: 'Headcount',
    note: 'Note',
    working: 'working',
    waiting: 'waiting',
    evacuating: 'walking',
    casualty: 'casualty',
    at_muster: 'at muster',
  },
} as const satisfies Record<Locale, Record<string, string>>

export type DrillTextKey = keyof (typeof text)['zh-CN']

export function td(
  key: DrillTextKey,
  vars: Record<string, string | number> = {},
  locale = getLocale(),
): string {
  return text[locale][key].replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m))
}

export const pickText = (b: { zh: string; en: string }, locale = getLocale()) =>
  locale === 'en' ? b.en : b.zh

/** Drill time as `t+mm:ss` (hours folded into minutes: a drill is at most a few hours). */
export function drillClock(t_s: number): string {
  const s = Math.max(0, Math.floor(t_s + 1e-6))
  return `t+${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`
}

/** A measured duration: `—` when there is none, seconds below two minutes, else `m min ss s`. */
export function durationText(v: number | null | undefined, locale = getLocale()): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—'
  const s = Math.round(v)
  if (s < 120) return `${s} s`
  const m = Math.floor(s / 60)
  const rest = s % 60
  return locale === 'en' ? `${m} min ${rest} s` : `${m} 分 ${rest} 秒`
}

export const speeds = [1, 5, 10, 20] as const

export type PlayerState = 'idle' | 'playing' | 'paused' | 'ended'

export function playerState(view: DrillRunView | null): PlayerState {
  if (!view) return 'idle'
  if (view.run.status === 'ended') return 'ended'
  return view.run.paused || view.state.finished ? 'paused' : 'playing'
}

/** Status colours of steps (chips) and of the simulated people (twin points). */
export const stepStatusHex: Record<DrillStepStatus, string> = {
  pending: '#64748b',
  upcoming: '#64748b',
  fired: '#38bdf8',
  due: '#facc15',
  on_time: '#22c55e',
  late: '#fb923c',
  overdue: '#ef4444',
  missed: '#ef4444',
}

export type PersonClass = 'working' | 'walking' | 'muster' | 'casualty' | 'missing'

/**
 * How the twin colours a person: walking (evacuating), at muster, casualty; those still in place after the
 * evacuation order (unresponsive or not yet reacting) are missing; before the order people are working.
 */
export function personClass(status: PersonStatus, evacuationOrdered: boolean): PersonClass {
  if (status === 'mustered') return 'muster'
  if (status === 'casualty') return 'casualty'
  if (status === 'evacuating') return 'walking'
  return evacuationOrdered ? 'missing' : 'working'
}

export const personHex: Record<PersonClass, string> = {
  working: '#cbd5e1',
  walking: '#38bdf8',
  muster: '#22c55e',
  casualty: '#ef4444',
  missing: '#f59e0b',
}

/** Operator action kinds of a script, in the order its steps first expect them. */
export function actionKinds(script: Pick<DrillScript, 'steps'>): string[] {
  const out: string[] = []
  for (const s of script.steps) if (s.actor === 'operator' && !out.includes(s.kind)) out.push(s.kind)
  return out
}

export function actionLabel(kind: string, locale = getLocale()): string {
  if (kind === 'evacuate') return td('evacuate_action', {}, locale)
  return kind in text[locale] ? td(kind as DrillTextKey, {}, locale) : kind
}

export function stepStatusText(status: DrillStepStatus, locale = getLocale()): string {
  return td(status, {}, locale)
}

export function scenarioText(d: Pick<DrillSummary, 'scenario' | 'duration_s' | 'participants'>): string {
  return [
    td(d.scenario.kind),
    d.scenario.asset_id,
    td('minutes', { n: Math.round(d.duration_s / 60) }),
    td('people', { n: d.participants }),
  ].join(' · ')
}

/** Steps that have happened: system steps fired, operator steps done (on time or late). */
export function firedCount(view: DrillRunView | null): number {
  if (!view) return 0
  return view.state.steps.filter((s) => s.status === 'fired' || s.status === 'on_time' || s.status === 'late')
    .length
}

/** Operator steps of a kind still open (no action matched yet). */
export function openSteps(view: DrillRunView, kind: string) {
  return view.state.steps.filter(
    (s) =>
      s.actor === 'operator' &&
      s.kind === kind &&
      (s.status === 'upcoming' || s.status === 'due' || s.status === 'overdue'),
  )
}

export interface DrillHookState {
  runId: string | null
  drillId: string | null
  state: PlayerState
  t_s: number
  speed: number
  finished: boolean
  fired: number
  people: number
  atMuster: number
  evaluated: boolean
  score: number | null
}

export function hookState(s: Pick<DrillOverlayState, 'view' | 'evaluation'>): DrillHookState {
  const v = s.view
  return {
    runId: v?.run.id ?? null,
    drillId: v?.run.drill_id ?? null,
    state: playerState(v),
    t_s: v?.state.t_s ?? 0,
    speed: v?.run.speed ?? 1,
    finished: v?.state.finished ?? false,
    fired: firedCount(v),
    people: v?.state.headcount.total ?? 0,
    atMuster: v?.state.headcount.mustered ?? 0,
    evaluated: s.evaluation !== null,
    score: s.evaluation?.score.total ?? null,
  }
}

// ---------------------------------------------------------------- overlay

export interface MusterSpot {
  id: string
  name: string
  name_en: string | null
  lon: number
  lat: number
}

/** What the drill layer draws: the run's zones, people, muster points; the camera tour when on. */
export interface DrillOverlayState {
  script: DrillScript | null
  view: DrillRunView | null
  zones: DrillZones | null
  musters: MusterSpot[]
  tour: boolean
  evaluation: DrillEvaluation | null
}

export const emptyDrillOverlay: DrillOverlayState = {
  script: null,
  view: null,
  zones: null,
  musters: [],
  tour: true,
  evaluation: null,
}

/** The page's one drill overlay (one twin, one drill player). */
export const drillOverlay: Store<DrillOverlayState> = createStore<DrillOverlayState>(emptyDrillOverlay)

/** The camera keyframe the tour heads for at drill time `t` (the next one, or the last). */
export function nextKeyframe<K extends { t_s: number }>(frames: readonly K[], t: number): number {
  const i = frames.findIndex((k) => k.t_s > t + 1e-6)
  return i === -1 ? frames.length - 1 : i
}

/** Flight time to a keyframe: the drill time to it at the speed, at least 1 s, at most 8 s of wall time. */
export function tourFlightS(keyT: number, t: number, speed: number): number {
  return Math.min(8, Math.max(1, (keyT - t) / Math.max(1, speed)))
}
