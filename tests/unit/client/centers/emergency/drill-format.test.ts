import { afterEach, describe, expect, it } from 'vitest'
import type { DrillState, DrillStepState } from '../../../../../server/contracts/drills'
import type { DrillRunView } from '../../../../../client/api/drills.api'
import { drillReportUrl } from '../../../../../client/api/drills.api'
import {
  actionKinds,
  actionLabel,
  drillClock,
  durationText,
  firedCount,
  hookState,
  nextKeyframe,
  openSteps,
  personClass,
  playerState,
  scenarioText,
  stepStatusText,
  td,
  tourFlightS,
} from '../../../../../client/centers/emergency/drill-model'
import { setLocale } from '../../../../../client/shell/i18n/i18n'
import { loadDrillScripts } from '../../../../../scenes/drills'

const step = (over: Partial<DrillStepState>): DrillStepState => ({
  i: 0,
  kind: 'release',
  actor: 'system',
  at_s: 0,
  expected_by_s: null,
  status: 'pending',
  effect_s: null,
  action_t_s: null,
  lateness_s: null,
  ...over,
})

const view = (over: {
  status?: 'running' | 'paused' | 'ended'
  paused?: boolean
  state?: Partial<DrillState>
}) =>
  ({
    run: {
      id: 'r1',
      drill_id: 'chlorine-leak',
      status: over.status ?? 'running',
      speed: 20,
      paused: over.paused ?? false,
      started_by: 'admin',
      started_at: '2026-03-11T08:00:00Z',
      ended_at: null,
      actions: [],
    },
    state: {
      t_s: 95,
      duration_s: 1800,
      finished: false,
      phase: 0,
      weather: { wind_speed_ms: 3, wind_from_deg: 120, stability: 'D' },
      zone_state: 'spreading',
      front_m: 285,
      steps: [
        step({ i: 0, status: 'fired', effect_s: 0 }),
        step({ i: 1, kind: 'detector_alarm', at_s: 20, status: 'fired' }),
        step({
          i: 2,
          kind: 'alarm_notify',
          actor: 'operator',
          at_s: 20,
          expected_by_s: 80,
          status: 'on_time',
        }),
        step({
          i: 3,
          kind: 'declare_incident',
          actor: 'operator',
          at_s: 60,
          expected_by_s: 150,
          status: 'late',
        }),
        step({ i: 4, kind: 'evacuate', actor: 'operator', at_s: 90, expected_by_s: 180, status: 'due' }),
        step({ i: 5, kind: 'wind_shift', at_s: 300 }),
      ],
      people: [
        ['p1', 120.95, 31.93, 'evacuating'],
        ['p2', 120.95, 31.93, 'mustered'],
      ],
      headcount: { total: 2, mustered: 1, casualties: 0, by_muster: { M1: 1 }, not_mustered: ['p1'] },
      exposure: { red: 0, orange: 0, yellow: 0 },
      camera: { lon: 120.95, lat: 31.93, height_m: 300, heading_deg: 0, pitch_deg: -30 },
      evacuation_started_s: 90,
      ...over.state,
    },
  }) as DrillRunView

afterEach(() => setLocale('zh-CN'))

describe('drill player formatting', () => {
  it('writes drill time as t+mm:ss', () => {
    expect(drillClock(0)).toBe('t+00:00')
    expect(drillClock(65.9)).toBe('t+01:05')
    expect(drillClock(1800)).toBe('t+30:00')
    expect(drillClock(-3)).toBe('t+00:00')
  })

  it('writes durations in seconds, then minutes and seconds, and — for none', () => {
    expect(durationText(null)).toBe('—')
    expect(durationText(42.4)).toBe('42 s')
    expect(durationText(185, 'zh-CN')).toBe('3 分 5 秒')
    expect(durationText(185, 'en')).toBe('3 min 5 s')
  })

  it('tells the player state from the run', () => {
    expect(playerState(null)).toBe('idle')
    expect(playerState(view({}))).toBe('playing')
    expect(playerState(view({ paused: true, status: 'paused' }))).toBe('paused')
    expect(playerState(view({ state: { finished: true } }))).toBe('paused')
    expect(playerState(view({ status: 'ended', paused: true }))).toBe('ended')
  })

  it('counts fired steps and open operator steps; the test hook summarises the run', () => {
    const v = view({})
    expect(firedCount(v)).toBe(4)
    expect(openSteps(v, 'evacuate').map((s) => s.i)).toEqual([4])
    expect(openSteps(v, 'alarm_notify')).toEqual([])
    expect(hookState({ view: v, evaluation: null })).toEqual({
      runId: 'r1',
      drillId: 'chlorine-leak',
      state: 'playing',
      t_s: 95,
      speed: 20,
      finished: false,
      fired: 4,
      people: 2,
      atMuster: 1,
      evaluated: false,
      score: null,
    })
    expect(hookState({ view: null, evaluation: null })).toMatchObject({
      state: 'idle',
      runId: null,
      fired: 0,
    })
  })

  it('colours people: working before the order, walking, at muster, casualty, missing after the order', () => {
    expect(personClass('working', false)).toBe('working')
    expect(personClass('working', true)).toBe('missing')
    expect(personClass('waiting', true)).toBe('missing')
    expect(personClass('evacuating', true)).toBe('walking')
    expect(personClass('mustered', true)).toBe('muster')
    expect(personClass('casualty', true)).toBe('casualty')
  })

  it('offers the operator actions each shipped drill expects, in the order of its steps', () => {
    const kinds = Object.fromEntries(loadDrillScripts().map((s) => [s.id, actionKinds(s)]))
    expect(kinds['chlorine-leak']).toEqual(['alarm_notify', 'declare_incident', 'evacuate', 'headcount'])
    expect(kinds['lpg-vce']).toEqual(['alarm_notify', 'evacuate', 'declare_incident', 'headcount'])
    expect(kinds['solvent-pool-fire']).toHaveLength(4)
    expect(actionLabel('alarm_notify')).toBe('确认报警')
    expect(actionLabel('evacuate')).toBe('下达疏散')
    expect(actionLabel('evacuate', 'en')).toBe('Order evacuation')
    expect(actionLabel('unknown_kind')).toBe('unknown_kind')
    expect(stepStatusText('late')).toBe('延迟')
    expect(stepStatusText('missed', 'en')).toBe('missed')
  })

  it('describes a drill in the list in the current language', () => {
    const d = {
      scenario: { asset_id: 'T-E01-01', chemical_id: 'chlorine', kind: 'toxic' as const },
      duration_s: 1800,
      participants: 16,
    }
    expect(scenarioText(d)).toBe('有毒气体泄漏 · T-E01-01 · 30 分钟 · 16 人')
    setLocale('en')
    expect(scenarioText(d)).toBe('Toxic release · T-E01-01 · 30 min · 16 people')
    expect(td('failed', { m: 'boom' })).toBe('Failed: boom')
  })

  it('heads the camera tour for the next keyframe over a bounded flight', () => {
    const frames = [{ t_s: 0 }, { t_s: 60 }, { t_s: 300 }, { t_s: 1800 }]
    expect(nextKeyframe(frames, 0)).toBe(1)
    expect(nextKeyframe(frames, 59)).toBe(1)
    expect(nextKeyframe(frames, 60)).toBe(2)
    expect(nextKeyframe(frames, 1800)).toBe(3)
    expect(tourFlightS(60, 0, 20)).toBe(3)
    expect(tourFlightS(300, 60, 1)).toBe(8)
    expect(tourFlightS(60, 59.9, 20)).toBe(1)
  })

  it('links the report formats under the API', () => {
    expect(drillReportUrl('r 1', 'md')).toBe('/api/v1/drills/runs/r%201/report?format=md')
  })
})
