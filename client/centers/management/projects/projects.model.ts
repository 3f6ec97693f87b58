import {
  stageKinds,
  stageResults,
  type Project,
  type StageBody,
  type StageKind,
  type StageResult,
  type StageState,
} from '../../../../server/contracts/projects'

// Pure helpers of the 项目三同时 views (unit-tested): the stage progress bar, colours, ordering and the stage form's
// body.

export const stageColour: Record<StageState, string> = {
  completed: '#52c41a',
  in_progress: '#00e5ff',
  pending: '#3a4a5c',
}
export const overdueColour = '#ff4d4f'

export interface Segment {
  stage: StageKind
  state: StageState
  colour: string
  /** the running trial run of an overdue project */
  overdue: boolean
}

/** The four segments of a project's progress bar, in stage order. */
export function stageSegments(p: Pick<Project, 'stages' | 'trial_overdue'>): Segment[] {
  return stageKinds.map((k) => {
    const s = p.stages.find((x) => x.stage === k)
    const state = s?.state ?? 'pending'
    const overdue = k === 'trial_run' && p.trial_overdue
    return { stage: k, state, overdue, colour: overdue ? overdueColour : stageColour[state] }
  })
}

/** The list colour of a project: overdue red, suspended grey, accepted green, in progress cyan, planned slate. */
export function projectColour(p: Pick<Project, 'status' | 'trial_overdue'>): string {
  if (p.trial_overdue) return overdueColour
  return { suspended: '#8c9bab', completed: '#52c41a', in_progress: '#00e5ff', planned: '#5b7a99' }[p.status]
}

const statusRank = { in_progress: 1, planned: 2, suspended: 3, completed: 4 } as const

/** Overdue trial runs first, then in progress (latest stage first), planned, suspended, accepted; ties by id. */
export function sortProjects<T extends Pick<Project, 'id' | 'status' | 'trial_overdue' | 'completed_stages'>>(
  list: readonly T[],
): T[] {
  return [...list].sort(
    (a, b) =>
      Number(b.trial_overdue) - Number(a.trial_overdue) ||
      statusRank[a.status] - statusRank[b.status] ||
      b.completed_stages - a.completed_stages ||
      a.id.localeCompare(b.id),
  )
}

/** The stage form's strings as the PUT body: an empty field clears the value (null). */
export function stageBodyFrom(values: Partial<Record<keyof StageBody, string>>): StageBody {
  const v = (k: keyof StageBody) => {
    const s = values[k]?.trim()
    return s ? s : null
  }
  const result = v('result')
  return {
    planned_start: v('planned_start'),
    planned_end: v('planned_end'),
    actual_start: v('actual_start'),
    actual_end: v('actual_end'),
    document_id: v('document_id'),
    authority: v('authority'),
    result: result && (stageResults as readonly string[]).includes(result) ? (result as StageResult) : null,
    note: v('note'),
  }
}
