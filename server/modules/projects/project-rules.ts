import type { AlarmPriority } from '../../contracts/alarms'
import { dayDiff } from '../../contracts/documents'
import { addMonths } from '../../contracts/emergency-plans'
import {
  stageKinds,
  stageNames,
  trialMaxMonths,
  trialMinDays,
  type ProjectStatus,
  type StageKind,
  type StageResult,
  type StageState,
} from '../../contracts/projects'

// Pure rules of the "三同时" stages of a construction project (建设项目安全设施三同时), per
// /work/shared/domain/safety-standards.md: design review 设计审查 → construction 施工 → trial run 试生产 → acceptance
// 竣工验收, each with its document and dates. A stage starts only after the previous one is completed (安全设施设计未经
// 审查同意不得开工建设; trial run after construction is finished; acceptance after the trial run), so no stage can
// complete before the previous one. The trial operation lasts 30 days to 1 year: shorter is refused, longer
// without acceptance is an overdue alarm. Acceptance needs the documents of the three earlier stages. The park
// applies the trial window to every project (it is the rule for 危险化学品建设项目, the park's usual case).

/** What the rules look at of one stage (as it will be stored). */
export interface StageFacts {
  stage: StageKind
  actual_start: string | null
  actual_end: string | null
  document_id: string | null
  authority: string | null
  result: StageResult | null
}

/** A refused change: 400 (inconsistent input, names the field) or 409 (not now, stable id). */
export interface Refusal {
  status: 400 | 409
  id: string
  field?: string
  message: string
}

/** pending: not started; completed: ended with a passing result; otherwise in progress (a failed one is redone). */
export function stageState(s: Pick<StageFacts, 'actual_start' | 'actual_end' | 'result'>): StageState {
  if (!s.actual_start) return 'pending'
  if (s.actual_end && (s.result === 'passed' || s.result === 'passed_with_conditions')) return 'completed'
  return 'in_progress'
}

const zh = (k: StageKind) => `${stageNames[k].zh} (${stageNames[k].en.toLowerCase()})`
const bad = (field: string, message: string): Refusal => ({
  status: 400,
  id: 'validation',
  field,
  message: `${field}: ${message}`,
})

/** Days of a trial run from its start to its end, or to `today` while it runs. */
export function trialDays(
  trial: Pick<StageFacts, 'actual_start' | 'actual_end'>,
  today: string,
): number | null {
  if (!trial.actual_start) return null
  return dayDiff(trial.actual_start, trial.actual_end ?? today)
}

/** The trial run started more than one year ago and the project is not accepted. */
export function trialOverdue(stages: readonly StageFacts[], today: string): boolean {
  const trial = stages.find((s) => s.stage === 'trial_run')
  const acceptance = stages.find((s) => s.stage === 'acceptance')
  if (!trial?.actual_start) return false
  if (acceptance && stageState(acceptance) === 'completed') return false
  return addMonths(trial.actual_start, trialMaxMonths) < today
}

/**
 * Whether stage `next.stage` may be stored as `next` (its previous value `before`), given the project's four stages
 * as they are now (`stages`, in order). `today` is the park day. null: allowed.
 */
export function stageRefusal(
  stages: readonly StageFacts[],
  before: StageFacts,
  next: StageFacts & { planned_start?: string | null; planned_end?: string | null },
  today: string,
): Refusal | null {
  const k = stageKinds.indexOf(next.stage)
  for (const f of ['actual_start', 'actual_end'] as const)
    if (next[f] && next[f]! > today) return bad(f, `${next[f]} is in the future`)
  if (next.actual_end && !next.actual_start) return bad('actual_start', 'a stage ends only after it started')
  if (next.actual_end && next.actual_start && next.actual_end < next.actual_start)
    return bad('actual_end', 'must not be before actual_start')
  if (next.result && !next.actual_end) return bad('actual_end', 'a result needs the day the stage ended')
  if (next.actual_end && !next.result) return bad('result', 'an ended stage needs its result')
  if (
    next.result &&
    next.result !== 'failed' &&
    (next.stage === 'design_review' || next.stage === 'acceptance') &&
    !next.authority
  )
    return bad('authority', `${zh(next.stage)} needs the reviewing authority`)
  if (next.stage === 'trial_run' && next.planned_start && next.planned_end) {
    const days = dayDiff(next.planned_start, next.planned_end)
    if (days < trialMinDays)
      return bad('planned_end', `a trial run is planned for at least ${trialMinDays} days`)
    if (next.planned_end > addMonths(next.planned_start, trialMaxMonths))
      return bad('planned_end', 'a trial run is planned for at most one year')
  }

  const timing =
    before.actual_start !== next.actual_start ||
    before.actual_end !== next.actual_end ||
    before.result !== next.result
  if (timing) {
    // a later stage has started: this one's dates and result are settled
    const later = stages.slice(k + 1).find((s) => stageState(s) !== 'pending')
    if (later)
      return {
        status: 409,
        id: 'project.stage_locked',
        message: `${zh(later.stage)} has started; ${zh(next.stage)} can no longer change its dates or result`,
      }
  }
  if (next.actual_start && k > 0) {
    const prev = stages[k - 1]!
    if (stageState(prev) !== 'completed')
      return {
        status: 409,
        id: 'project.stage_order',
        message: `${zh(prev.stage)} must be completed before ${zh(next.stage)} starts`,
      }
    if (prev.actual_end && next.actual_start < prev.actual_end)
      return bad('actual_start', `before ${zh(prev.stage)} ended (${prev.actual_end})`)
  }
  const completing = stageState(next) === 'completed' && stageState(before) !== 'completed'
  if (completing && next.stage === 'trial_run') {
    const days = trialDays(next, today)!
    if (days < trialMinDays)
      return {
        status: 409,
        id: 'project.trial_run_too_short',
        message: `the trial run lasted ${days} days; it lasts at least ${trialMinDays} days before acceptance`,
      }
  }
  if (completing && next.stage === 'acceptance') {
    const missing = stages.slice(0, 3).filter((s) => !s.document_id)
    if (missing.length)
      return {
        status: 409,
        id: 'project.documents_missing',
        message: `acceptance needs the documents of ${missing.map((s) => zh(s.stage)).join(', ')}`,
      }
  }
  return null
}

/** The project's status after its stages: suspended stays until resumed. */
export function projectStatus(
  stages: readonly Pick<StageFacts, 'stage' | 'actual_start' | 'actual_end' | 'result'>[],
  suspended: boolean,
): ProjectStatus {
  if (suspended) return 'suspended'
  const acceptance = stages.find((s) => s.stage === 'acceptance')
  if (acceptance && stageState(acceptance) === 'completed') return 'completed'
  return stages.some((s) => s.actual_start) ? 'in_progress' : 'planned'
}

/** The first stage not completed (null: all four done). */
export function currentStage(
  stages: readonly Pick<StageFacts, 'stage' | 'actual_start' | 'actual_end' | 'result'>[],
): StageKind | null {
  return stages.find((s) => stageState(s) !== 'completed')?.stage ?? null
}

export const projectRule = 'project_trial_overdue'
export const projectSource = (id: string) => `project:${id}`

export interface ProjectCondition {
  source_id: string
  rule: string
  priority: AlarmPriority
  enterprise_id: string
  message: string
  props: Record<string, unknown>
}

/** The overdue trial runs (试生产超期): started over a year ago, no acceptance yet; suspended projects included. */
export function projectConditions(
  projects: readonly { id: string; enterprise_id: string; name: string; stages: readonly StageFacts[] }[],
  today: string,
): ProjectCondition[] {
  const out: ProjectCondition[] = []
  for (const p of projects) {
    if (!trialOverdue(p.stages, today)) continue
    const trial = p.stages.find((s) => s.stage === 'trial_run')!
    out.push({
      source_id: projectSource(p.id),
      rule: projectRule,
      priority: 'high',
      enterprise_id: p.enterprise_id,
      message: `试生产超过一年未竣工验收 / trial run over one year without acceptance (since ${trial.actual_start}): ${p.name}`,
      props: {
        project_id: p.id,
        trial_start: trial.actual_start,
        trial_days: trialDays(trial, today),
      },
    })
  }
  return out
}
