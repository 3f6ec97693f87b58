// The pure 三同时 stage rules with worked examples: stage state, order, the trial-run window (30 days – 1 year),
// the documents acceptance needs, a settled stage locked, the project's status and the overdue trial-run alarm.
import { describe, expect, it } from 'vitest'
import type { StageKind } from '../../../../../server/contracts/projects'
import {
  currentStage,
  projectConditions,
  projectStatus,
  stageRefusal,
  stageState,
  trialDays,
  trialOverdue,
  type StageFacts,
} from '../../../../../server/modules/projects/project-rules'

const today = '2026-03-01'
const blank = (stage: StageKind): StageFacts => ({
  stage,
  actual_start: null,
  actual_end: null,
  document_id: null,
  authority: null,
  result: null,
})
const done = (
  stage: StageKind,
  start: string,
  end: string,
  doc: string | null = `DOC-${stage}`,
): StageFacts => ({
  stage,
  actual_start: start,
  actual_end: end,
  document_id: doc,
  authority: '南通市应急管理局',
  result: 'passed',
})
const project = (...s: StageFacts[]): StageFacts[] =>
  (['design_review', 'construction', 'trial_run', 'acceptance'] as const).map(
    (k) => s.find((x) => x.stage === k) ?? blank(k),
  )

describe('stageState', () => {
  it('is pending before the start, completed when ended with a passing result, else in progress', () => {
    expect(stageState(blank('construction'))).toBe('pending')
    expect(stageState({ ...blank('construction'), actual_start: '2026-01-01' })).toBe('in_progress')
    expect(stageState({ ...done('construction', '2026-01-01', '2026-02-01'), result: 'failed' })).toBe(
      'in_progress',
    )
    expect(
      stageState({ ...done('construction', '2026-01-01', '2026-02-01'), result: 'passed_with_conditions' }),
    ).toBe('completed')
  })
})

describe('stageRefusal', () => {
  it('refuses a stage that starts before the previous one is completed (409) or before it ended (400)', () => {
    const p = project({ ...blank('design_review'), actual_start: '2026-01-01' })
    const r = stageRefusal(p, p[1]!, { ...p[1]!, actual_start: '2026-02-01' }, today)
    expect(r).toMatchObject({ status: 409, id: 'project.stage_order' })
    expect(r!.message).toContain('设计审查')
    const q = project(done('design_review', '2026-01-01', '2026-01-20'))
    expect(stageRefusal(q, q[1]!, { ...q[1]!, actual_start: '2026-01-10' }, today)).toMatchObject({
      status: 400,
      field: 'actual_start',
    })
    expect(stageRefusal(q, q[1]!, { ...q[1]!, actual_start: '2026-01-20' }, today)).toBeNull()
  })

  it('checks the dates and result of one stage', () => {
    const p = project()
    const dr = p[0]!
    expect(stageRefusal(p, dr, { ...dr, actual_start: '2026-03-02' }, today)!.field).toBe('actual_start')
    expect(stageRefusal(p, dr, { ...dr, actual_end: '2026-02-01' }, today)!.field).toBe('actual_start')
    expect(stageRefusal(p, dr, { ...dr, actual_start: '2026-02-01', result: 'passed' }, today)!.field).toBe(
      'actual_end',
    )
    expect(
      stageRefusal(p, dr, { ...dr, actual_start: '2026-02-01', actual_end: '2026-02-10' }, today)!.field,
    ).toBe('result')
    // a passed design review names its authority; a failed one need not
    const ended = { ...dr, actual_start: '2026-02-01', actual_end: '2026-02-10' }
    expect(stageRefusal(p, dr, { ...ended, result: 'passed' }, today)!.field).toBe('authority')
    expect(stageRefusal(p, dr, { ...ended, result: 'failed' }, today)).toBeNull()
    expect(stageRefusal(p, dr, { ...ended, result: 'passed', authority: '市应急局' }, today)).toBeNull()
  })

  it('keeps the trial run between 30 days and one year', () => {
    const p = project(
      done('design_review', '2025-01-01', '2025-01-20'),
      done('construction', '2025-02-01', '2025-10-01'),
    )
    const t = p[2]!
    const run = (start: string, end: string) =>
      stageRefusal(p, t, { ...t, actual_start: start, actual_end: end, result: 'passed' }, today)
    // 29 days: refused; 30 days: allowed
    expect(run('2026-01-01', '2026-01-30')).toMatchObject({ status: 409, id: 'project.trial_run_too_short' })
    expect(run('2026-01-01', '2026-01-31')).toBeNull()
    // the planned window too: 2026-01-01 → 2027-01-01 is one year exactly, a day more is refused
    const plan = (start: string, end: string) =>
      stageRefusal(p, t, { ...t, planned_start: start, planned_end: end }, today)
    expect(plan('2026-01-01', '2027-01-01')).toBeNull()
    expect(plan('2026-01-01', '2027-01-02')).toMatchObject({ status: 400, field: 'planned_end' })
    expect(plan('2026-01-01', '2026-01-20')).toMatchObject({ status: 400, field: 'planned_end' })
  })

  it('lets acceptance complete only with the documents of the three earlier stages', () => {
    const p = project(
      done('design_review', '2025-01-01', '2025-01-20'),
      done('construction', '2025-02-01', '2025-10-01', null),
      done('trial_run', '2025-10-10', '2026-01-10', null),
    )
    const a = p[3]!
    const next = {
      ...a,
      actual_start: '2026-02-01',
      actual_end: '2026-02-10',
      result: 'passed' as const,
      authority: '园区',
    }
    const r = stageRefusal(p, a, next, today)
    expect(r).toMatchObject({ status: 409, id: 'project.documents_missing' })
    expect(r!.message).toContain('施工')
    expect(r!.message).toContain('试生产')
    expect(r!.message).not.toContain('设计审查')
    const withDocs = p.map((s) => ({ ...s, document_id: s.stage === 'acceptance' ? null : `DOC-${s.stage}` }))
    expect(stageRefusal(withDocs, withDocs[3]!, next, today)).toBeNull()
  })

  it('locks the dates and result of a stage once a later one started, not its document or note', () => {
    const p = project(done('design_review', '2025-01-01', '2025-01-20'), {
      ...blank('construction'),
      actual_start: '2025-02-01',
    })
    const dr = p[0]!
    expect(stageRefusal(p, dr, { ...dr, actual_end: '2025-01-25' }, today)).toMatchObject({
      status: 409,
      id: 'project.stage_locked',
    })
    expect(stageRefusal(p, dr, { ...dr, document_id: 'DOC-NEW' }, today)).toBeNull()
  })
})

describe('project status, current stage and the overdue trial run', () => {
  const accepted = project(
    done('design_review', '2024-01-01', '2024-01-20'),
    done('construction', '2024-02-01', '2024-06-01'),
    done('trial_run', '2024-06-10', '2024-12-10'),
    done('acceptance', '2025-01-01', '2025-01-10'),
  )
  it('follows the stages', () => {
    expect(projectStatus(project(), false)).toBe('planned')
    expect(projectStatus(project({ ...blank('design_review'), actual_start: '2026-01-01' }), false)).toBe(
      'in_progress',
    )
    expect(projectStatus(accepted, false)).toBe('completed')
    expect(projectStatus(accepted, true)).toBe('suspended')
    expect(currentStage(project())).toBe('design_review')
    expect(currentStage(accepted)).toBeNull()
  })

  it('counts trial days and raises one high alarm per trial run over a year without acceptance', () => {
    // trial from 2025-02-28: one year ends 2026-02-28, overdue the day after
    const running = project(
      done('design_review', '2024-01-01', '2024-01-20'),
      done('construction', '2024-02-01', '2025-02-01'),
      { ...blank('trial_run'), actual_start: '2025-02-28' },
    )
    expect(trialDays(running[2]!, today)).toBe(366)
    expect(trialOverdue(running, '2026-02-28')).toBe(false)
    expect(trialOverdue(running, today)).toBe(true)
    expect(trialOverdue(accepted, today)).toBe(false)
    // ended but not accepted: still overdue
    const ended = running.map((s) =>
      s.stage === 'trial_run' ? done('trial_run', '2025-02-28', '2026-02-01') : s,
    )
    expect(trialOverdue(ended, today)).toBe(true)
    const c = projectConditions(
      [
        { id: 'PRJ-A', enterprise_id: 'E01', name: '扩能项目', stages: running },
        { id: 'PRJ-B', enterprise_id: 'E02', name: '已验收项目', stages: accepted },
      ],
      today,
    )
    expect(c).toEqual([
      {
        source_id: 'project:PRJ-A',
        rule: 'project_trial_overdue',
        priority: 'high',
        enterprise_id: 'E01',
        message: expect.stringContaining('试生产超过一年未竣工验收'),
        props: { project_id: 'PRJ-A', trial_start: '2025-02-28', trial_days: 366 },
      },
    ])
  })
})
