// Pure helpers of the 项目三同时 tab: the four-segment progress bar (overdue trial run in red), list colours and
// order, and the stage form's body (an empty field clears).
import { describe, expect, it } from 'vitest'
import type { Project, ProjectStage, StageKind, StageState } from '../../../../server/contracts/projects'
import {
  overdueColour,
  projectColour,
  sortProjects,
  stageBodyFrom,
  stageColour,
  stageSegments,
} from '../../../../client/centers/management/projects/projects.model'

const st = (stage: StageKind, state: StageState): ProjectStage => ({
  stage,
  seq: 1,
  state,
  planned_start: null,
  planned_end: null,
  actual_start: null,
  actual_end: null,
  document_id: null,
  document: null,
  authority: null,
  result: null,
  note: null,
  updated_by: null,
  updated_at: '2026-03-01T00:00:00.000Z',
})

describe('stageSegments', () => {
  it('colours the four stages in order; an overdue trial run is red', () => {
    const p = {
      trial_overdue: false,
      stages: [
        st('design_review', 'completed'),
        st('construction', 'completed'),
        st('trial_run', 'in_progress'),
        st('acceptance', 'pending'),
      ],
    }
    expect(stageSegments(p).map((s) => [s.stage, s.colour])).toEqual([
      ['design_review', stageColour.completed],
      ['construction', stageColour.completed],
      ['trial_run', stageColour.in_progress],
      ['acceptance', stageColour.pending],
    ])
    const late = stageSegments({ ...p, trial_overdue: true })
    expect(late[2]).toMatchObject({ stage: 'trial_run', overdue: true, colour: overdueColour })
    expect(late.filter((s) => s.overdue)).toHaveLength(1)
    // stages missing from an answer count as pending
    expect(stageSegments({ trial_overdue: false, stages: [] }).every((s) => s.state === 'pending')).toBe(true)
  })
})

describe('project colour and order', () => {
  const p = (id: string, status: Project['status'], completed: number, overdue = false) => ({
    id,
    status,
    completed_stages: completed,
    trial_overdue: overdue,
  })
  it('puts overdue trial runs first, then the furthest in progress, planned, suspended, accepted', () => {
    const sorted = sortProjects([
      p('A', 'completed', 4),
      p('B', 'planned', 0),
      p('C', 'in_progress', 1),
      p('D', 'in_progress', 2, true),
      p('E', 'in_progress', 3),
      p('F', 'suspended', 1),
    ])
    expect(sorted.map((x) => x.id)).toEqual(['D', 'E', 'C', 'B', 'F', 'A'])
    expect(projectColour(p('D', 'in_progress', 2, true))).toBe(overdueColour)
    expect(projectColour(p('A', 'completed', 4))).toBe('#52c41a')
  })
})

describe('stageBodyFrom', () => {
  it('sends every field, empty ones as null, and only known results', () => {
    expect(
      stageBodyFrom({
        actual_start: '2026-01-01',
        actual_end: ' ',
        result: 'passed',
        authority: ' 市应急局 ',
      }),
    ).toEqual({
      planned_start: null,
      planned_end: null,
      actual_start: '2026-01-01',
      actual_end: null,
      document_id: null,
      authority: '市应急局',
      result: 'passed',
      note: null,
    })
    expect(stageBodyFrom({ result: 'maybe' }).result).toBeNull()
  })
})
