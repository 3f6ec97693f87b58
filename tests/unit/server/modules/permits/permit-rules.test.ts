// The special-work rules (GB 30871-2022) as worked examples: hot-work grades from location facts, the night /
// rest-day / holiday upgrade (park local time, the 2026 calendar), validity limits, height grades, gas pass checks,
// the start conditions and the lifecycle's transition table.
import { describe, expect, it } from 'vitest'
import { permitSettingsDefaults as s, type CalendarDay } from '../../../../../server/contracts/permits'
import {
  allowedActions,
  baseHotWorkGrade,
  checkAction,
  computeGrade,
  daysTouched,
  gasCheck,
  heightGrade,
  requiredSignatures,
  restDayName,
  startViolation,
  touchesNight,
  windowViolation,
} from '../../../../../server/modules/permits/permit-rules'

// a slice of the 2026 calendar as migration 0023 seeds it
const calendar = new Map<string, CalendarDay>(
  [
    ['2026-10-01', 'holiday', '国庆节'],
    ['2026-10-02', 'holiday', '国庆节'],
    ['2026-10-10', 'workday', '国庆节调休'],
    ['2026-09-20', 'workday', '国庆节调休'],
  ].map(([day, kind, name]) => [day!, { day: day!, kind: kind as 'holiday' | 'workday', name: name! }]),
)
/** park local time (UTC+8) as an instant */
const at = (local: string) => Date.parse(`${local}+08:00`)

describe('hot-work grade from location facts', () => {
  it('特级 inside a major-hazard flammable dike, or on running equipment in a hazard area', () => {
    expect(baseHotWorkGrade({ flammable_major_hazard_dike: true }).grade).toBe('special')
    expect(baseHotWorkGrade({ fire_explosion_area: true, running_equipment: true }).grade).toBe('special')
  })
  it('一级 in a hazard area or on a pipe rack; 二级 otherwise', () => {
    expect(baseHotWorkGrade({ fire_explosion_area: true }).grade).toBe('first')
    expect(baseHotWorkGrade({ pipe_rack: true }).grade).toBe('first')
    // running equipment outside a hazard area is not 特级
    expect(baseHotWorkGrade({ running_equipment: true }).grade).toBe('second')
    expect(baseHotWorkGrade({}).grade).toBe('second')
  })
})

describe('night and rest days (Asia/Shanghai)', () => {
  it('a window inside 08:00–18:00 local touches no night; one past 18:00 or before 08:00 does', () => {
    expect(touchesNight(at('2026-11-25T08:00:00'), at('2026-11-25T18:00:00'), s)).toBe(false)
    expect(touchesNight(at('2026-11-25T17:00:00'), at('2026-11-25T18:30:00'), s)).toBe(true)
    expect(touchesNight(at('2026-11-25T07:30:00'), at('2026-11-25T09:00:00'), s)).toBe(true)
    // 02:00 UTC is 10:00 in the park: day time, although 02:00 would be night in UTC
    expect(touchesNight(Date.parse('2026-11-25T02:00:00Z'), Date.parse('2026-11-25T06:00:00Z'), s)).toBe(
      false,
    )
  })
  it('weekends are rest days unless made up; public holidays are rest days', () => {
    expect(restDayName('2026-11-28', calendar)?.en).toBe('2026-11-28 Saturday')
    expect(restDayName('2026-11-25', calendar)).toBeNull()
    expect(restDayName('2026-10-01', calendar)?.zh).toBe('2026-10-01 国庆节')
    // 2026-10-10 is a Saturday worked in lieu of the National Day holiday
    expect(restDayName('2026-10-10', calendar)).toBeNull()
    expect(restDayName('2026-09-20', calendar)).toBeNull()
  })
  it('days touched by a window, end exclusive', () => {
    expect(daysTouched(at('2026-11-27T16:00:00'), at('2026-11-28T00:00:00'))).toEqual(['2026-11-27'])
    expect(daysTouched(at('2026-11-27T16:00:00'), at('2026-11-28T00:00:01'))).toEqual([
      '2026-11-27',
      '2026-11-28',
    ])
  })
})

describe('computeGrade and the validity limit', () => {
  const hot = (facts: object, from: string, to: string) =>
    computeGrade({ work_type: 'hot_work', facts, from: at(from), to: at(to) }, calendar, s)

  it('二级 on a weekday in daytime: valid up to 72 h, so an 8 h window is allowed', () => {
    const g = hot({}, '2026-11-25T09:00:00', '2026-11-25T17:00:00')
    expect(g).toMatchObject({ grade: 'second', max_hours: 72, window_hours: 8 })
    expect(windowViolation(g as never, 'hot_work')).toBeNull()
  })
  it('二级 raised to 一级 by the night: 8 h at most, a 10 h window is refused naming window_to', () => {
    const g = hot({}, '2026-11-25T10:00:00', '2026-11-25T20:00:00')
    expect(g).toMatchObject({ grade: 'first', max_hours: 8, window_hours: 10 })
    const v = windowViolation(g as never, 'hot_work')
    expect(v?.field).toBe('window_to')
    expect(v?.message).toContain('at most 8 h')
    expect(v?.message).toContain('night')
  })
  it('一级 on a Saturday becomes 特级; 特级 stays 特级 on a holiday', () => {
    expect(hot({ pipe_rack: true }, '2026-11-28T09:00:00', '2026-11-28T12:00:00')).toMatchObject({
      grade: 'special',
      max_hours: 8,
    })
    const g = hot({ flammable_major_hazard_dike: true }, '2026-10-01T09:00:00', '2026-10-01T12:00:00')
    expect(g).toMatchObject({ grade: 'special' })
    expect((g as { reasons: { code: string }[] }).reasons.map((r) => r.code)).toEqual([
      'dike',
      'holiday:2026-10-01',
      'raised',
    ])
  })
  it('a make-up Saturday in daytime is a working day: no upgrade', () => {
    expect(hot({ fire_explosion_area: true }, '2026-10-10T09:00:00', '2026-10-10T16:00:00')).toMatchObject({
      grade: 'first',
    })
  })
  it('a 二级 window of exactly 72 h on weekdays would touch nights, so it is 一级 and refused', () => {
    const g = hot({}, '2026-11-23T08:00:00', '2026-11-26T08:00:00')
    expect(g).toMatchObject({ grade: 'first', window_hours: 72 })
    expect(windowViolation(g as never, 'hot_work')?.field).toBe('window_to')
  })
  it('height work grade by height; below 2 m is refused naming height_m', () => {
    expect([2, 5, 5.1, 15, 15.5, 30, 30.1].map(heightGrade)).toEqual([
      'first',
      'first',
      'second',
      'second',
      'third',
      'third',
      'special',
    ])
    expect(heightGrade(1.9)).toBeNull()
    const g = computeGrade(
      {
        work_type: 'height',
        facts: {},
        height_m: 1.5,
        from: at('2026-11-25T09:00:00'),
        to: at('2026-11-25T10:00:00'),
      },
      calendar,
      s,
    )
    expect(g).toMatchObject({ field: 'height_m' })
    const h = computeGrade(
      {
        work_type: 'height',
        facts: {},
        height_m: 18,
        from: at('2026-11-28T20:00:00'),
        to: at('2026-11-28T22:00:00'),
      },
      calendar,
      s,
    )
    // night and weekend do not change a height grade
    expect(h).toMatchObject({ grade: 'third', max_hours: 72 })
  })
  it('other types carry no grade and the park limit', () => {
    expect(
      computeGrade(
        { work_type: 'lifting', facts: {}, from: at('2026-11-25T09:00:00'), to: at('2026-11-28T10:00:00') },
        calendar,
        s,
      ),
    ).toMatchObject({ grade: null, max_hours: 72, window_hours: 73 })
  })
})

describe('gas pass checks', () => {
  it('flammable: LEL ≥ 4 % → ≤ 0.5 %vol, LEL < 4 % → ≤ 0.2 %vol, marked unconfirmed', () => {
    const methanol = gasCheck(
      { measure: 'flammable', value: 0.4, unit: '%vol', substance: '甲醇', lel_pct: null, limit_value: null },
      false,
      s,
    )
    expect(methanol).toMatchObject({ passed: true, lel_pct: 6, criterion: { max: 0.5, unconfirmed: true } })
    const gasoline = gasCheck(
      { measure: 'flammable', value: 0.3, unit: '%vol', substance: '汽油', lel_pct: null, limit_value: null },
      false,
      s,
    )
    expect(gasoline).toMatchObject({ passed: false, lel_pct: 1.4, criterion: { max: 0.2 } })
    // 10 %LEL of methane (LEL 5 %) is 0.5 %vol: at the limit, passes
    expect(
      gasCheck(
        {
          measure: 'flammable',
          value: 10,
          unit: '%LEL',
          substance: '甲烷',
          lel_pct: null,
          limit_value: null,
        },
        false,
        s,
      ),
    ).toMatchObject({ passed: true })
    // an unknown substance needs its LEL
    expect(
      gasCheck(
        {
          measure: 'flammable',
          value: 0.1,
          unit: '%vol',
          substance: '某溶剂',
          lel_pct: null,
          limit_value: null,
        },
        false,
        s,
      ),
    ).toMatchObject({ field: 'lel_pct' })
  })
  it('oxygen 19.5–21 %, up to 23.5 % only in an oxygen-enriched space', () => {
    const o2 = (v: number, enriched = false) =>
      gasCheck(
        { measure: 'oxygen', value: v, unit: '%vol', substance: '氧气', lel_pct: null, limit_value: null },
        enriched,
        s,
      )
    expect([19.4, 19.5, 21, 21.1].map((v) => (o2(v) as { passed: boolean }).passed)).toEqual([
      false,
      true,
      true,
      false,
    ])
    expect((o2(23, true) as { passed: boolean }).passed).toBe(true)
    expect((o2(23.6, true) as { passed: boolean }).passed).toBe(false)
  })
  it('toxic: at most the limit given with the analysis', () => {
    const h2s = (v: number, limit: number | null) =>
      gasCheck(
        { measure: 'toxic', value: v, unit: 'mg/m3', substance: '硫化氢', lel_pct: null, limit_value: limit },
        false,
        s,
      )
    expect(h2s(8, 10)).toMatchObject({ passed: true })
    expect(h2s(12, 10)).toMatchObject({ passed: false })
    expect(h2s(1, null)).toMatchObject({ field: 'limit_value' })
  })
})

describe('start conditions', () => {
  const now = at('2026-11-25T10:00:00')
  const p = {
    work_type: 'hot_work' as const,
    window_from: at('2026-11-25T09:00:00'),
    window_to: at('2026-11-25T16:00:00'),
    filed: true,
    extended_analysis: false,
  }
  const min = 60_000
  it('needs a passing analysis at most 30 min old (60 with a reason); the newest of each point decides', () => {
    expect(startViolation(p, [{ taken_at: now - 20 * min, point: 'A', passed: true }], now, s)).toBeNull()
    expect(startViolation(p, [{ taken_at: now - 45 * min, point: 'A', passed: true }], now, s)?.field).toBe(
      'analyses',
    )
    expect(
      startViolation(
        { ...p, extended_analysis: true },
        [{ taken_at: now - 45 * min, point: 'A', passed: true }],
        now,
        s,
      ),
    ).toBeNull()
    expect(
      startViolation(
        p,
        [
          { taken_at: now - 10 * min, point: 'A', passed: true },
          { taken_at: now - 5 * min, point: 'A', passed: false },
        ],
        now,
        s,
      )?.message,
    ).toContain('did not pass')
    // a failed analysis followed by a passing one at the same point (after ventilation) allows the start
    expect(
      startViolation(
        p,
        [
          { taken_at: now - 20 * min, point: 'A', passed: false },
          { taken_at: now - 5 * min, point: 'A', passed: true },
        ],
        now,
        s,
      ),
    ).toBeNull()
  })
  it('needs the filing and the window', () => {
    expect(
      startViolation({ ...p, filed: false }, [{ taken_at: now - min, point: 'A', passed: true }], now, s)
        ?.field,
    ).toBe('filing_id')
    expect(startViolation(p, [], p.window_from - min, s)?.field).toBe('window_from')
    expect(startViolation(p, [], p.window_to + min, s)?.field).toBe('window_to')
    // height work needs no gas analysis
    expect(startViolation({ ...p, work_type: 'height' }, [], now, s)).toBeNull()
  })
})

describe('lifecycle transition table', () => {
  it('walks draft → applied → approved → in_work → completed → accepted', () => {
    expect(checkAction('draft', 'apply', 'enterprise_user')).toEqual({ to: 'applied' })
    expect(checkAction('applied', 'approve', 'park_admin')).toEqual({ to: 'approved' })
    expect(checkAction('approved', 'start', 'enterprise_user')).toEqual({ to: 'in_work' })
    expect(checkAction('in_work', 'complete', 'enterprise_user')).toEqual({ to: 'completed' })
    expect(checkAction('completed', 'accept', 'enterprise_user')).toEqual({ to: 'accepted' })
  })
  it('refuses illegal transitions and roles', () => {
    expect(checkAction('draft', 'start', 'park_admin')).toMatchObject({ refused: 'status' })
    expect(checkAction('accepted', 'cancel', 'park_admin')).toMatchObject({ refused: 'status' })
    expect(checkAction('cancelled', 'apply', 'park_admin')).toMatchObject({ refused: 'status' })
    expect(checkAction('applied', 'approve', 'operator')).toMatchObject({ refused: 'role' })
    expect(checkAction('in_work', 'cancel', 'screen')).toMatchObject({ refused: 'role' })
  })
  it('lists the buttons per role', () => {
    expect(allowedActions('in_work', 'operator')).toEqual(['cancel'])
    expect(allowedActions('in_work', 'enterprise_user')).toEqual(['complete', 'cancel'])
    expect(allowedActions('applied', 'park_admin')).toEqual(['sign', 'approve', 'cancel'])
    expect(allowedActions('approved', 'screen')).toEqual([])
  })
  it('approval levels by grade', () => {
    expect(requiredSignatures('hot_work', 'special')).toEqual(['unit', 'safety', 'leader'])
    expect(requiredSignatures('hot_work', 'first')).toEqual(['unit', 'safety'])
    expect(requiredSignatures('hot_work', 'second')).toEqual(['unit'])
    expect(requiredSignatures('height', 'third')).toEqual(['unit', 'safety'])
    expect(requiredSignatures('lifting', null)).toEqual(['unit'])
  })
})
