import { describe, expect, it } from 'vitest'
import {
  addMonths,
  daysBetween,
  dueState,
  newPlanBody,
  nextDrillDue,
  parkDay,
  resourceQuery,
} from '../../../../server/contracts/emergency-plans'

describe('drill due dates', () => {
  it.each([
    ['2026-01-15', 6, '2026-07-15'],
    ['2026-08-31', 6, '2027-02-28'], // clamped to the month end, as PostgreSQL date + interval
    ['2027-08-31', 6, '2028-02-29'],
    ['2026-12-01', 12, '2027-12-01'],
    ['2026-11-30', 3, '2027-02-28'],
    ['2026-03-31', -1, '2026-02-28'],
    ['2025-02-28', 36, '2028-02-28'],
  ])('%s + %i months = %s', (d, n, want) => {
    expect(addMonths(d, n)).toBe(want)
  })

  it('counts from the last drill, else from filing, else has none', () => {
    expect(nextDrillDue('2026-03-01', '2025-01-01', 6)).toBe('2026-09-01')
    expect(nextDrillDue(null, '2025-01-01', 12)).toBe('2026-01-01')
    expect(nextDrillDue(null, null, 12)).toBeNull()
  })

  it('is due within the warning window (inclusive) and overdue the day after', () => {
    expect(dueState('2026-05-31', '2026-05-01', 30)).toBe('due')
    expect(dueState('2026-06-01', '2026-05-01', 30)).toBe('ok')
    expect(dueState('2026-05-01', '2026-05-01', 30)).toBe('due')
    expect(dueState('2026-04-30', '2026-05-01', 30)).toBe('overdue')
    expect(dueState(null, '2026-05-01', 30)).toBe('none')
    expect(daysBetween('2026-05-01', '2026-04-30')).toBe(-1)
  })

  it('takes the park day in China Standard Time', () => {
    expect(parkDay(Date.parse('2026-05-01T15:59:59Z'))).toBe('2026-05-01')
    expect(parkDay(Date.parse('2026-05-01T16:00:00Z'))).toBe('2026-05-02')
  })
})

describe('request schemas', () => {
  it('rejects unknown fields, kinds and impossible days', () => {
    const base = { kind: 'special', domain: 'safety', level: 'park', title: '泄漏专项预案' }
    expect(newPlanBody.safeParse(base).success).toBe(true)
    expect(newPlanBody.safeParse({ ...base, kind: 'general' }).success).toBe(false)
    expect(newPlanBody.safeParse({ ...base, filed_at: '2026-02-30' }).success).toBe(false)
    expect(newPlanBody.safeParse({ ...base, drill_interval_months: 1.5 }).success).toBe(false)
    expect(newPlanBody.safeParse({ ...base, surprise: true }).success).toBe(false)
  })

  it('parses near=lon,lat with a radius, and refuses a radius alone', () => {
    expect(resourceQuery.parse({ near: '120.95,31.95', radius: '500' })).toMatchObject({
      near: { lon: 120.95, lat: 31.95 },
      radius_m: 500,
    })
    expect(resourceQuery.parse({}).near).toBeNull()
    expect(resourceQuery.safeParse({ radius: '500' }).success).toBe(false)
    expect(resourceQuery.safeParse({ near: '181,31' }).success).toBe(false)
    expect(resourceQuery.safeParse({ near: 'east' }).success).toBe(false)
  })
})
