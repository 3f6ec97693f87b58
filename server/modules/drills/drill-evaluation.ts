// Evaluation of a drill run (演练评估) and its report as Markdown, CSV and JSON. Figures: time to detect
// (release → first detector alarm), to alert (→ the operator's alarm_notify), to declare (→ declare_incident),
// to evacuate (evacuation order → last survivor at a muster point), who was missing at headcount and at the end,
// and every operator step on time / late (with lateness) / missed.
//
// Score: four categories in the spirit of AQ/T 9009 (生产安全事故应急演练评估规范): 预警与信息报告 (warning and
// reporting), 应急响应与指挥 (response and command), 人员疏散 (evacuation), 人员清点 (headcount). The domain notes do
// not give that standard's scoring, so the weights are park-defined defaults (a script may set its own) and the
// report says so. Within a category each operator step scores 100 % on time, 50 % late, 0 missed; the
// evacuation category is half its step, half the share of people who reached a muster point alive.
import type {
  DrillAction,
  DrillEvaluation,
  DrillMissingPerson as MissingPerson,
  DrillStepEvaluation as StepEvaluation,
  PersonStatus,
} from '../../contracts/drills'
import type { DrillScript } from '../../../scenes/drills/schema'
import { simulate, type DrillWorld } from './drill-engine'

// the wire types of the evaluation live in server/contracts/drills.ts (the client reads them too)
export type { DrillEvaluation } from '../../contracts/drills'

export const defaultWeights = { warning: 25, response: 20, evacuation: 35, headcount: 20 } as const
export const scoreBasis =
  'park-defined default weights in the categories of AQ/T 9009 (the standard’s own scoring is not in the domain notes; confirm with the park)'

type Category = keyof typeof defaultWeights
const categoryOf: Record<string, Category | undefined> = {
  alarm_notify: 'warning',
  declare_incident: 'response',
  evacuate: 'evacuation',
  headcount: 'headcount',
}
const categoryLabel: Record<Category, { zh: string; en: string }> = {
  warning: { zh: '预警与信息报告', en: 'Warning and reporting' },
  response: { zh: '应急响应与指挥', en: 'Response and command' },
  evacuation: { zh: '人员疏散', en: 'Evacuation' },
  headcount: { zh: '人员清点', en: 'Headcount' },
}

const r1 = (v: number) => Math.round(v * 10) / 10

export function evaluateDrill(
  script: DrillScript,
  world: DrillWorld,
  actions: readonly DrillAction[],
  atS: number,
): DrillEvaluation {
  const sim = simulate(script, world, actions, atS, true)
  const rel = sim.release_s
  const firstAction = (kind: string) =>
    sim.steps.find((s) => s.kind === kind && s.action_t_s !== null)?.action_t_s
  const detector = sim.steps.find((s) => s.kind === 'detector_alarm' && s.effect_s !== null)?.effect_s
  const since = (v: number | null | undefined) => (v === null || v === undefined ? null : r1(v - rel))
  const steps: StepEvaluation[] = sim.steps
    .filter((s) => s.actor === 'operator')
    .map((s) => ({
      i: s.i,
      kind: s.kind,
      label: script.steps[s.i]!.label,
      at_s: s.at_s,
      expected_by_s: s.expected_by_s!,
      done_at_s: s.action_t_s,
      lateness_s: s.status === 'late' ? r1(s.lateness_s!) : null,
      status: s.status === 'on_time' || s.status === 'late' ? s.status : 'missed',
    }))
  const alive = sim.people.filter((p) => p.status !== 'casualty')
  const arrivals = sim.people.filter((p) => p.arrived_s !== null).map((p) => p.arrived_s!)
  const lastArrival = arrivals.length ? Math.max(...arrivals) : null
  const allAliveIn = alive.every((p) => p.status === 'mustered')
  const evac = sim.evacuation_s
  const missing = (ps: { id: string; status: PersonStatus; unresponsive: boolean }[]) =>
    ps.map((p) => ({ ...p, group: sim.people.find((q) => q.id === p.id)!.group }))
  const mustered = sim.people.filter((p) => p.status === 'mustered').length

  const weights = script.weights ?? defaultWeights
  const categories = (Object.keys(defaultWeights) as Category[]).map((id) => {
    const mine = steps.filter((s) => categoryOf[s.kind] === id)
    const stepShare = mine.length
      ? mine.reduce((a, s) => a + (s.status === 'on_time' ? 1 : s.status === 'late' ? 0.5 : 0), 0) /
        mine.length
      : 1
    const share =
      id === 'evacuation'
        ? 0.5 * stepShare + 0.5 * (sim.people.length ? mustered / sim.people.length : 1)
        : stepShare
    return { id, label: categoryLabel[id], weight: weights[id], score: r1(weights[id] * share) }
  })

  return {
    drill_id: script.id,
    title: script.title,
    evaluated_at_s: r1(sim.t_s),
    ended_early: sim.t_s < sim.duration_s,
    times: {
      detect_s: since(detector),
      alert_s: since(firstAction('alarm_notify')),
      declare_s: since(firstAction('declare_incident')),
      evacuate_s: evac !== null && lastArrival !== null && allAliveIn ? r1(lastArrival - evac) : null,
      evacuation_order_s: evac,
      last_arrival_s: lastArrival === null ? null : r1(lastArrival),
    },
    people: {
      total: sim.people.length,
      mustered,
      casualties: sim.people.filter((p) => p.status === 'casualty').length,
      unresponsive: sim.people.filter((p) => p.unresponsive).length,
    },
    missing_at_headcount: sim.headcount && {
      at_s: sim.headcount.at_s,
      people: missing(sim.headcount.not_mustered),
    },
    missing_at_end: missing(sim.people.filter((p) => p.status !== 'mustered')),
    steps,
    late_steps: steps.filter((s) => s.status === 'late'),
    missed_steps: steps.filter((s) => s.status === 'missed'),
    extra_actions: sim.extras.map((a) => ({ kind: a.kind, t_s: a.t_s, note: a.note })),
    score: {
      total: r1(categories.reduce((a, c) => a + c.score, 0)),
      basis: scoreBasis,
      categories,
    },
    rules: [
      'An operator step not done by its deadline is injected by the drill director at the deadline (the drill goes on) and counts as missed.',
      `A person is a casualty after ${script.participants.red_exposure_limit_s} s in the active red zone${script.scenario.kind === 'vce' ? ', or when inside the red (8 psi) zone at the ignition' : ''}.`,
      `People walk at ${script.participants.walk_speed_ms} m/s along the road graph to an upwind muster point outside the zones, starting after a reaction time drawn in [${script.participants.reaction_s.join(', ')}] s.`,
    ],
  }
}

// ---------------------------------------------------------------- report export

const fmt = (v: number | null) => (v === null ? '—' : `${v} s`)
const mmss = (v: number) => `${Math.floor(v / 60)}:${String(Math.round(v % 60)).padStart(2, '0')}`

export interface ReportRun {
  id: string
  started_by: string | null
  started_at: string
  ended_at: string | null
}

export function reportMarkdown(e: DrillEvaluation, run: ReportRun): string {
  const L: string[] = []
  L.push(`# 演练评估报告 Drill evaluation report — ${e.title.zh} / ${e.title.en}`, '')
  L.push(`- 演练 Drill: \`${e.drill_id}\`, run \`${run.id}\``)
  L.push(`- 组织人 Started by: ${run.started_by ?? '—'}; ${run.started_at} → ${run.ended_at ?? '—'}`)
  L.push(
    `- 评估时刻 Evaluated at drill time: ${mmss(e.evaluated_at_s)}${e.ended_early ? ' (ended early 提前结束)' : ''}`,
  )
  L.push(`- 总分 Score: **${e.score.total} / 100** (${e.score.basis})`, '')
  L.push('## 关键时间 Key times', '', '| 指标 Measure | 时间 Time |', '|---|---|')
  L.push(`| 发现 Time to detect (release → detector alarm) | ${fmt(e.times.detect_s)} |`)
  L.push(`| 报警 Time to alert (release → operator notified) | ${fmt(e.times.alert_s)} |`)
  L.push(`| 响应 Time to declare (release → incident declared) | ${fmt(e.times.declare_s)} |`)
  L.push(`| 疏散 Time to evacuate (order → last person at muster) | ${fmt(e.times.evacuate_s)} |`, '')
  L.push('## 人员 People', '')
  L.push(
    `${e.people.total} in the drill, ${e.people.mustered} at muster points, ${e.people.casualties} casualties, ${e.people.unresponsive} unresponsive.`,
    '',
  )
  const who = (ps: MissingPerson[]) =>
    ps.length
      ? ps.map((p) => `${p.id} (${p.status}${p.unresponsive ? ', unresponsive' : ''})`).join(', ')
      : '无 none'
  if (e.missing_at_headcount)
    L.push(
      `- 清点时未到 Missing at headcount (${mmss(e.missing_at_headcount.at_s)}): ${who(e.missing_at_headcount.people)}`,
    )
  L.push(`- 结束时未到 Missing at the end: ${who(e.missing_at_end)}`, '')
  L.push(
    '## 步骤 Steps',
    '',
    '| # | 步骤 Step | 要求 Expected by | 完成 Done at | 延迟 Late by | 结果 Result |',
  )
  L.push('|---|---|---|---|---|---|')
  for (const s of e.steps)
    L.push(
      `| ${s.i} | ${s.label.zh} / ${s.label.en} | ${mmss(s.expected_by_s)} | ${s.done_at_s === null ? '—' : mmss(s.done_at_s)} | ${fmt(s.lateness_s)} | ${s.status} |`,
    )
  L.push('', '## 评分 Score by category', '', '| 类别 Category | 分值 Weight | 得分 Score |', '|---|---|---|')
  for (const c of e.score.categories) L.push(`| ${c.label.zh} ${c.label.en} | ${c.weight} | ${c.score} |`)
  if (e.extra_actions.length) {
    L.push('', '## 其他操作 Other actions', '')
    for (const a of e.extra_actions) L.push(`- ${mmss(a.t_s)} ${a.kind}${a.note ? `: ${a.note}` : ''}`)
  }
  L.push('', '## 规则 Rules', '', ...e.rules.map((r) => `- ${r}`), '')
  return L.join('\n')
}

const csvCell = (v: unknown) => {
  const s = v === null || v === undefined ? '' : String(v)
  return /[",\n\r]/.test(s) || /^[=+\-@]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

/** One table: section, item, expected_by_s, actual_s, lateness_s, status, detail. */
export function reportCsv(e: DrillEvaluation): string {
  const rows: unknown[][] = [
    ['section', 'item', 'expected_by_s', 'actual_s', 'lateness_s', 'status', 'detail'],
  ]
  rows.push(['time', 'detect', '', e.times.detect_s, '', '', 'release → first detector alarm'])
  rows.push(['time', 'alert', '', e.times.alert_s, '', '', 'release → operator notified'])
  rows.push(['time', 'declare', '', e.times.declare_s, '', '', 'release → incident declared'])
  rows.push(['time', 'evacuate', '', e.times.evacuate_s, '', '', 'evacuation order → last person at muster'])
  for (const s of e.steps)
    rows.push([
      'step',
      s.kind,
      s.expected_by_s,
      s.done_at_s,
      s.lateness_s,
      s.status,
      `${s.label.zh} / ${s.label.en}`,
    ])
  for (const p of e.missing_at_end) rows.push(['missing', p.id, '', '', '', p.status, p.group])
  for (const c of e.score.categories) rows.push(['score', c.id, '', c.score, '', '', `weight ${c.weight}`])
  rows.push(['score', 'total', '', e.score.total, '', '', e.score.basis])
  return rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n'
}
