import { describe, expect, it } from 'vitest'
import { transitionBody, type HdStats } from '../../../../server/contracts/hidden-dangers'
import { defaultBands, type RiskPoint } from '../../../../server/contracts/risk'
import {
  bandRanges,
  colourCounts,
  daysLeft,
  hdColour,
  hdHex,
  lecPreview,
  rateText,
  sortPoints,
  statsRows,
  stepBody,
  stepFields,
} from '../../../../client/centers/safety/dual-prevention/dual-model'

const bands = [...defaultBands]
const point = (name: string, d: number | null) =>
  ({
    name,
    current:
      d === null ? null : { d, colour: d > 320 ? 'red' : d > 160 ? 'orange' : d > 70 ? 'yellow' : 'blue' },
  }) as Pick<RiskPoint, 'name' | 'current'>

describe('双重预防 tab model', () => {
  it('previews D, colour and danger level live as the pickers change', () => {
    expect(lecPreview(3, 6, 40, bands)).toEqual({
      d: 720,
      colour: 'red',
      level: { zh: '极其危险，不能继续作业', en: 'extremely dangerous, stop work' },
    })
    expect(lecPreview(10, 1, 7, bands)).toMatchObject({ d: 70, colour: 'blue' })
    expect(lecPreview(0.5, 3, 7, bands)).toMatchObject({
      d: 10.5,
      colour: 'blue',
      level: { en: 'low, acceptable' },
    })
  })

  it('writes the band ranges of the legend from the (edited) thresholds', () => {
    expect(bandRanges(bands)).toEqual([
      ['red', 'D > 320'],
      ['orange', '160 < D ≤ 320'],
      ['yellow', '70 < D ≤ 160'],
      ['blue', 'D ≤ 70'],
    ])
    const edited = bands.map((b) => (b.colour === 'yellow' ? { ...b, d_above: 40.5 } : b))
    expect(bandRanges(edited)[2]).toEqual(['yellow', '40.5 < D ≤ 160'])
  })

  it('counts and orders points by current D, unassessed last', () => {
    const pts = [point('乙', 42), point('甲', null), point('丙', 720), point('丁', 126)]
    expect(colourCounts(pts)).toEqual({ red: 1, orange: 0, yellow: 1, blue: 1, none: 1 })
    expect(sortPoints(pts).map((p) => p.name)).toEqual(['丙', '丁', '乙', '甲'])
  })

  it('colours hidden dangers: overdue red, 重大 orange, closed grey', () => {
    expect(hdColour({ state: 'ordered', overdue: true, grade: 'general' })).toBe(hdHex.overdue)
    expect(hdColour({ state: 'rectifying', overdue: false, grade: 'major' })).toBe(hdHex.major)
    expect(hdColour({ state: 'found', overdue: false, grade: 'general' })).toBe(hdHex.open)
    expect(hdColour({ state: 'closed', overdue: false, grade: 'major' })).toBe(hdHex.closed)
    expect(daysLeft('2026-11-26', '2026-11-29')).toBe(-3)
    expect(rateText(0.75)).toBe('75%')
    expect(rateText(null)).toBe('—')
  })

  it('lists enterprises with records, most overdue first', () => {
    const row = (id: string, open: number, overdue: number, closed: number) => ({
      enterprise_id: id,
      enterprise_name: id,
      open: { general: open, major: 0 },
      closed: { general: closed, major: 0 },
      overdue: { general: overdue, major: 0 },
      listed: 0,
      closed_on_time: 0,
      on_time_rate: null,
    })
    const stats = {
      enterprises: [row('E01', 1, 0, 0), row('E02', 0, 0, 0), row('E03', 1, 1, 0), row('E04', 0, 0, 2)],
    } as HdStats
    expect(statsRows(stats).map((e) => e.enterprise_id)).toEqual(['E03', 'E01', 'E04'])
  })

  it('builds a valid request body for every step from its form', () => {
    const order = stepBody('order', 'general', {
      owner: '张伟',
      deadline: '2026-12-05',
      requirement: '',
      grade: '',
    })
    expect(order).toEqual({ action: 'order', owner: '张伟', deadline: '2026-12-05' })
    expect(transitionBody.safeParse(order).success).toBe(true)
    expect(stepFields('verify', 'general').map(([n]) => n)).toEqual(['note'])
    expect(stepFields('verify', 'major').map(([n]) => n)).toContain('approval_ref')
    const verify = stepBody('verify', 'major', {
      note: '',
      application_ref: '申请1号',
      applied_on: '2026-11-20',
      regulator: '园区应急管理局',
      approval_ref: '批复9号',
      approved_on: '2026-11-25',
    })
    expect(transitionBody.parse(verify)).toMatchObject({ regulator_approval: { approval_ref: '批复9号' } })
    // a 重大 closing without the approval's fields goes without it (the server answers 409 and says why)
    expect(stepBody('verify', 'major', { note: 'ok' })).toEqual({ action: 'verify', note: 'ok' })
    const plan = stepBody('plan', 'major', {
      goal: 'g',
      measures: 'm',
      funds_wan_yuan: '12.5',
      people: 'p',
      deadline: '2026-12-31',
      safety_measures: 's',
      contingency: 'c',
    })
    expect(transitionBody.parse(plan)).toMatchObject({ governance_plan: { funds_wan_yuan: 12.5 } })
    // an empty required field stays empty: the server's 400 names it
    expect(transitionBody.safeParse(stepBody('send_back', 'general', { reason: ' ' })).success).toBe(false)
    expect(transitionBody.safeParse(stepBody('plan', 'major', { goal: 'g' })).success).toBe(false)
  })
})
