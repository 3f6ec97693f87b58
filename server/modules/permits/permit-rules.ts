import type { Role } from '../../contracts/auth'
import {
  knownLelPct,
  type CalendarDay,
  type GasAnalysisBody,
  type GasCriterion,
  type Grade,
  type GradeReason,
  type GradeResult,
  type LocationFacts,
  type PermitAction,
  type PermitSettings,
  type PermitStatus,
  type SignatureLevel,
  type WorkType,
} from '../../contracts/permits'

// The rules of special work (GB 30871-2022, safety-standards.md "Special work"), pure: grades, validity limits,
// gas pass checks, what a permit needs before work starts, and the lifecycle's transition table. The service
// loads the park's settings and calendar and applies these.

const hourMs = 3_600_000
/** China Standard Time (Asia/Shanghai has had no daylight saving since 1991) */
const parkOffsetMs = 8 * hourMs

/** The park-local day (YYYY-MM-DD) of an instant. */
export function parkDayOf(ms: number): string {
  return new Date(ms + parkOffsetMs).toISOString().slice(0, 10)
}

/** Start of a park-local day at `hour` as an instant. */
function parkTime(day: string, hour: number): number {
  return Date.parse(`${day}T00:00:00Z`) - parkOffsetMs + hour * hourMs
}

const nextDay = (day: string, n = 1) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10)

/** Park-local days touched by [from, to) (to exclusive). */
export function daysTouched(from: number, to: number): string[] {
  const out: string[] = []
  const last = parkDayOf(to - 1)
  for (let d = parkDayOf(from); d <= last; d = nextDay(d)) out.push(d)
  return out
}

/** Whether [from, to) overlaps a night (night_from_hour to night_to_hour next morning, park local time). */
export function touchesNight(
  from: number,
  to: number,
  s: Pick<PermitSettings, 'night_from_hour' | 'night_to_hour'>,
) {
  for (let d = nextDay(parkDayOf(from), -1); d <= parkDayOf(to); d = nextDay(d)) {
    const start = parkTime(d, s.night_from_hour)
    const end =
      s.night_to_hour > s.night_from_hour
        ? parkTime(d, s.night_to_hour)
        : parkTime(nextDay(d), s.night_to_hour)
    if (from < end && to > start) return true
  }
  return false
}

/** A rest day's name (holiday name, 周六/周日), or null for a working day (make-up workdays are working days). */
export function restDayName(day: string, calendar: ReadonlyMap<string, CalendarDay>): GradeReason | null {
  const c = calendar.get(day)
  if (c?.kind === 'holiday')
    return { code: `holiday:${day}`, zh: `${day} ${c.name}`, en: `${day} public holiday` }
  if (c?.kind === 'workday') return null
  const wd = new Date(`${day}T00:00:00Z`).getUTCDay()
  if (wd === 0 || wd === 6)
    return {
      code: `rest_day:${day}`,
      zh: `${day} ${wd === 6 ? '周六' : '周日'}`,
      en: `${day} ${wd === 6 ? 'Saturday' : 'Sunday'}`,
    }
  return null
}

const hotOrder: readonly Grade[] = ['second', 'first', 'special']
const gradeZh: Record<Grade, string> = { special: '特级', first: '一级', second: '二级', third: '三级' }

/**
 * The hot-work grade from the location facts alone: 特级 on running equipment in a fire/explosion hazard area, or
 * inside the dike of a major-hazard tank farm holding flammables; 一级 other hot work in a fire/explosion hazard
 * area, or on a pipe rack; 二级 the rest.
 */
export function baseHotWorkGrade(f: LocationFacts): { grade: Grade; reason: GradeReason } {
  if (f.flammable_major_hazard_dike)
    return {
      grade: 'special',
      reason: {
        code: 'dike',
        zh: '重大危险源罐区防火堤内（易燃）',
        en: 'inside a major-hazard flammable tank farm dike',
      },
    }
  if (f.fire_explosion_area && f.running_equipment)
    return {
      grade: 'special',
      reason: {
        code: 'running',
        zh: '火灾爆炸危险场所内的在用设备',
        en: 'running equipment in a fire/explosion hazard area',
      },
    }
  if (f.fire_explosion_area)
    return {
      grade: 'first',
      reason: { code: 'area', zh: '火灾爆炸危险场所', en: 'fire/explosion hazard area' },
    }
  if (f.pipe_rack) return { grade: 'first', reason: { code: 'pipe_rack', zh: '管廊', en: 'pipe rack' } }
  return { grade: 'second', reason: { code: 'other', zh: '其他动火', en: 'other hot work' } }
}

/** Height work grade: 2–5 m 一级, 5–15 m 二级, 15–30 m 三级, > 30 m 特级; below 2 m it is not height work. */
export function heightGrade(h: number): Grade | null {
  if (!(h >= 2)) return null
  if (h <= 5) return 'first'
  if (h <= 15) return 'second'
  if (h <= 30) return 'third'
  return 'special'
}

export interface GradeInput {
  work_type: WorkType
  facts: LocationFacts
  height_m?: number | null
  from: number
  to: number
}

export interface Violation {
  field: string
  message: string
}

/**
 * The grade of a permit and its validity limit: for hot work the location grade raised by one (at most 特级) when
 * the window touches a night or a rest day (weekend not made up, public holiday); for height work by height.
 */
export function computeGrade(
  input: GradeInput,
  calendar: ReadonlyMap<string, CalendarDay>,
  s: PermitSettings,
): GradeResult | Violation {
  const window_hours = Math.round(((input.to - input.from) / hourMs) * 100) / 100
  if (input.work_type === 'hot_work') {
    const base = baseHotWorkGrade(input.facts)
    const reasons = [base.reason]
    const raisers: GradeReason[] = []
    if (touchesNight(input.from, input.to, s))
      raisers.push({
        code: 'night',
        zh: `夜间（${s.night_from_hour}:00–${s.night_to_hour}:00）`,
        en: `night (${s.night_from_hour}:00–${s.night_to_hour}:00)`,
      })
    for (const d of daysTouched(input.from, input.to)) {
      const r = restDayName(d, calendar)
      if (r) raisers.push(r)
    }
    let grade = base.grade
    if (raisers.length) {
      grade = hotOrder[Math.min(hotOrder.indexOf(base.grade) + 1, hotOrder.length - 1)]!
      reasons.push(...raisers)
      reasons.push({
        code: 'raised',
        zh: `节假日、公休日或夜间升级为${gradeZh[grade]}`,
        en: `raised by one grade to ${grade} (night, holiday or rest day)`,
      })
    }
    return { grade, reasons, max_hours: s.hot_work_max_hours[grade as 'special'], window_hours }
  }
  if (input.work_type === 'height') {
    const h = input.height_m
    if (h === null || h === undefined)
      return { field: 'height_m', message: 'height work needs the height in metres' }
    const grade = heightGrade(h)
    if (!grade)
      return {
        field: 'height_m',
        message: `${h} m is below 2 m: not height work (GB 30871-2022 starts at 2 m)`,
      }
    return {
      grade,
      reasons: [{ code: 'height', zh: `作业高度 ${h} m`, en: `working height ${h} m` }],
      max_hours: s.other_max_hours,
      window_hours,
    }
  }
  return { grade: null, reasons: [], max_hours: s.other_max_hours, window_hours }
}

const gradeEn = (g: Grade | null) => (g ? `${gradeZh[g]} (${g})` : '')

/** The window against the grade's limit: null when allowed. */
export function windowViolation(g: GradeResult, workType: WorkType): Violation | null {
  if (g.window_hours <= 0) return { field: 'window_to', message: 'the window must end after it starts' }
  if (g.window_hours > g.max_hours + 1e-9) {
    const why = g.reasons.filter((r) => r.code !== 'raised').map((r) => r.en)
    return {
      field: 'window_to',
      message:
        `a ${gradeEn(g.grade)} ${workType.replace('_', ' ')} permit is valid at most ${g.max_hours} h; ` +
        `the window is ${g.window_hours} h${why.length ? ` (${why.join('; ')})` : ''}`,
    }
  }
  return null
}

/** The approval levels a permit needs (the park's approval matrix after GB 30871-2022's grading). */
export function requiredSignatures(workType: WorkType, grade: Grade | null): SignatureLevel[] {
  if (workType === 'hot_work') {
    if (grade === 'special') return ['unit', 'safety', 'leader']
    if (grade === 'first') return ['unit', 'safety']
    return ['unit']
  }
  if (workType === 'height' && (grade === 'third' || grade === 'special')) return ['unit', 'safety']
  if (workType === 'confined_space' || workType === 'blind_plate') return ['unit', 'safety']
  return ['unit']
}

/** Types whose work starts only after a passing gas analysis. */
export function needsGasAnalysis(workType: WorkType): boolean {
  return workType === 'hot_work' || workType === 'confined_space'
}

export function lelOf(substance: string, given: number | null | undefined): number | null {
  if (given) return given
  return knownLelPct[substance.trim()] ?? null
}

/**
 * Pass check of one gas analysis. Flammable (in %vol, or %LEL converted with the substance's LEL): LEL ≥ 4 % →
 * ≤ 0.5 %vol, LEL < 4 % → ≤ 0.2 %vol (park settings; unconfirmed for the 2022 text). Oxygen: 19.5–21 %vol, or up
 * to 23.5 % in an oxygen-enriched space. Toxic: at most the limit given with the analysis, in its unit.
 */
export function gasCheck(
  a: Pick<GasAnalysisBody, 'measure' | 'value' | 'unit' | 'substance' | 'lel_pct' | 'limit_value'>,
  oxygenEnriched: boolean,
  s: PermitSettings,
): { passed: boolean; criterion: GasCriterion; lel_pct: number | null } | Violation {
  if (a.measure === 'flammable') {
    const lel = lelOf(a.substance, a.lel_pct)
    if (lel === null)
      return { field: 'lel_pct', message: `the lower explosive limit of ${a.substance} is needed (%vol)` }
    if (a.unit !== '%vol' && a.unit !== '%LEL')
      return { field: 'unit', message: 'flammable gas is measured in %vol or %LEL' }
    const vol = a.unit === '%LEL' ? (a.value * lel) / 100 : a.value
    const f = s.flammable
    const high = lel >= f.lel_boundary_pct
    const max = high ? f.max_at_or_above_boundary : f.max_below_boundary
    return {
      passed: vol <= max + 1e-12,
      lel_pct: lel,
      criterion: {
        rule: high ? `lel_ge_${f.lel_boundary_pct}` : `lel_lt_${f.lel_boundary_pct}`,
        max,
        unit: '%vol',
        ...(f.confirmed ? {} : { unconfirmed: true }),
      },
    }
  }
  if (a.measure === 'oxygen') {
    if (a.unit !== '%vol') return { field: 'unit', message: 'oxygen is measured in %vol' }
    const max = oxygenEnriched ? s.oxygen.enriched_max_pct : s.oxygen.max_pct
    return {
      passed: a.value >= s.oxygen.min_pct && a.value <= max,
      lel_pct: null,
      criterion: {
        rule: oxygenEnriched ? 'oxygen_enriched' : 'oxygen',
        min: s.oxygen.min_pct,
        max,
        unit: '%vol',
      },
    }
  }
  if (!a.limit_value)
    return { field: 'limit_value', message: 'a toxic gas analysis needs its limit (OEL) in the same unit' }
  return {
    passed: a.value <= a.limit_value,
    lel_pct: null,
    criterion: { rule: 'toxic_limit', max: a.limit_value, unit: a.unit },
  }
}

export interface AnalysisForStart {
  taken_at: number
  point: string
  passed: boolean
}

/**
 * Whether work may start at `now` (GB 30871-2022: the gas analysis at most 30 min before — 60 min in some
 * cases, with a reason — and the newest analysis of every point in that span passing; filed to the park; within
 * the window).
 */
export function startViolation(
  p: {
    work_type: WorkType
    window_from: number
    window_to: number
    filed: boolean
    extended_analysis: boolean
  },
  analyses: readonly AnalysisForStart[],
  now: number,
  s: PermitSettings,
): Violation | null {
  if (now < p.window_from) return { field: 'window_from', message: 'the permit window has not begun' }
  if (now > p.window_to)
    return { field: 'window_to', message: 'the permit window is over: apply for a new permit' }
  if (!p.filed) return { field: 'filing_id', message: 'the work is not filed (报备) to the park' }
  if (!needsGasAnalysis(p.work_type)) return null
  const maxAge = p.extended_analysis ? s.analysis_max_age_extended_min : s.analysis_max_age_min
  const fresh = analyses.filter((a) => a.taken_at <= now && now - a.taken_at <= maxAge * 60_000)
  if (!fresh.length)
    return { field: 'analyses', message: `no gas analysis within ${maxAge} min before the start` }
  // the newest analysis of each point decides (a failed one is followed by ventilation and a new analysis)
  const newest = new Map<string, AnalysisForStart>()
  for (const a of fresh) {
    const prev = newest.get(a.point)
    if (!prev || a.taken_at >= prev.taken_at) newest.set(a.point, a)
  }
  const failed = [...newest.values()].filter((a) => !a.passed).map((a) => a.point)
  if (failed.length)
    return { field: 'analyses', message: `the newest gas analysis at ${failed.join(', ')} did not pass` }
  return null
}

export type ActionCheck = { to: PermitStatus } | { refused: 'role' | 'status'; message: string }

const writers: readonly Role[] = ['park_admin', 'enterprise_user']

/**
 * The lifecycle: draft → applied → (signatures per level) approved → in work → completed → accepted, or cancelled
 * from any open state. Operators (park staff) may only stop work (cancel) on a spot check; the screen never acts.
 */
export const transitionTable: Record<
  PermitAction,
  { from: readonly PermitStatus[]; to: PermitStatus; roles: readonly Role[] }
> = {
  apply: { from: ['draft'], to: 'applied', roles: writers },
  sign: { from: ['applied'], to: 'applied', roles: writers },
  approve: { from: ['applied'], to: 'approved', roles: writers },
  start: { from: ['approved'], to: 'in_work', roles: writers },
  complete: { from: ['in_work'], to: 'completed', roles: writers },
  accept: { from: ['completed'], to: 'accepted', roles: writers },
  cancel: {
    from: ['draft', 'applied', 'approved', 'in_work'],
    to: 'cancelled',
    roles: [...writers, 'operator'],
  },
}

export function checkAction(status: PermitStatus, action: PermitAction, role: Role): ActionCheck {
  const t = transitionTable[action]
  if (!t.roles.includes(role))
    return { refused: 'role', message: `a ${role} account may not ${action} a permit` }
  if (!t.from.includes(status))
    return {
      refused: 'status',
      message: `a ${status} permit cannot ${action}; allowed from ${t.from.join(', ')}`,
    }
  return { to: t.to }
}

/** The actions a role may take on a permit in `status` (the UI's buttons). */
export function allowedActions(status: PermitStatus, role: Role): PermitAction[] {
  return (Object.keys(transitionTable) as PermitAction[]).filter((a) => 'to' in checkAction(status, a, role))
}
