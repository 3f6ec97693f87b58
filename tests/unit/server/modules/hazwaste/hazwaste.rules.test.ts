import { describe, expect, it } from 'vitest'
import {
  addYears,
  daysBetween,
  hazwasteConditions,
  nextManifestStatus,
  parkDay,
  parkDayStart,
  storageState,
} from '../../../../../server/modules/hazwaste/hazwaste.rules'
import { newStreamBody } from '../../../../../server/contracts/hazwaste'

describe('park days (China Standard Time, UTC+8)', () => {
  it.each([
    ['2026-11-20T15:59:59.999Z', '2026-11-20'],
    ['2026-11-20T16:00:00.000Z', '2026-11-21'],
    ['2026-12-31T16:00:00.000Z', '2027-01-01'],
  ])('%s is park day %s', (iso, day) => {
    expect(parkDay(Date.parse(iso))).toBe(day)
  })
  it('starts a day at 00:00 CST', () => {
    expect(new Date(parkDayStart('2026-11-21')).toISOString()).toBe('2026-11-20T16:00:00.000Z')
  })
  it('counts whole days across a leap day', () => {
    expect(daysBetween('2028-02-28', '2028-03-01')).toBe(2)
  })
  it.each([
    ['2026-03-15', '2027-03-15'],
    ['2028-02-29', '2029-02-28'],
    ['2027-02-28', '2028-02-28'],
  ])('one year after %s is %s', (day, next) => {
    expect(addYears(day, 1)).toBe(next)
  })
})

describe('the one-year storage rule with a 30-day warning', () => {
  it.each([
    [null, '2026-11-20', 'ok'],
    ['2025-12-21', '2026-11-20', 'ok'], // 31 days left
    ['2025-12-20', '2026-11-20', 'near_1y'], // 30 days left
    ['2025-11-20', '2026-11-20', 'near_1y'], // exactly one year: still allowed
    ['2025-11-19', '2026-11-20', 'over_1y'],
  ])('a batch from %s on %s is %s', (oldest, today, state) => {
    expect(storageState(oldest, today)).toBe(state)
  })
})

describe('transfer manifest (转移联单) status order', () => {
  it.each([
    ['created', 'ship', 'shipped'],
    ['shipped', 'receive', 'received'],
    ['created', 'cancel', 'cancelled'],
  ] as const)('%s --%s--> %s', (from, action, to) => {
    expect(nextManifestStatus(from, action)).toEqual({ to })
  })
  it.each([
    ['created', 'receive'],
    ['shipped', 'ship'],
    ['shipped', 'cancel'],
    ['received', 'ship'],
    ['received', 'cancel'],
    ['cancelled', 'ship'],
  ] as const)('refuses %s --%s-->', (from, action) => {
    expect(nextManifestStatus(from, action)).toEqual({ refused: expect.stringContaining(`is ${from}`) })
  })
})

describe('alarm conditions', () => {
  const facility = { facility_id: 'F1', enterprise_id: 'E01', name: '库', permitted_limit_t: 10 }
  const position = (oldest: string | null) => ({
    stream_id: 'S1',
    facility_id: 'F1',
    enterprise_id: 'E01',
    waste_code: '900-249-08',
    name: '废矿物油',
    facility_name: '库',
    oldest_batch_day: oldest,
  })
  it('holds the limit itself, exceeds above it (compared to the kg)', () => {
    expect(hazwasteConditions([{ ...facility, stock_t: 10.0000001 }], [], '2026-11-20')).toEqual([])
    const [c] = hazwasteConditions([{ ...facility, stock_t: 10.001 }], [], '2026-11-20')
    expect(c).toMatchObject({
      source_id: 'hazwaste:F1',
      rule: 'hazwaste.over_limit',
      priority: 'high',
      enterprise_id: 'E01',
    })
  })
  it('warns low 30 days ahead and alarms high after a year, per stream and facility', () => {
    expect(hazwasteConditions([], [position('2025-12-20')], '2026-11-20')).toEqual([
      expect.objectContaining({
        source_id: 'hazwaste:F1:S1',
        rule: 'hazwaste.storage_near_1y',
        priority: 'low',
        props: expect.objectContaining({ deadline: '2026-12-20', age_days: 335 }),
      }),
    ])
    expect(hazwasteConditions([], [position('2025-11-19')], '2026-11-20')).toEqual([
      expect.objectContaining({ rule: 'hazwaste.storage_over_1y', priority: 'high' }),
    ])
    expect(hazwasteConditions([], [position(null)], '2026-11-20')).toEqual([])
  })
})

describe('stream body', () => {
  const body = {
    hw_category: 'HW08',
    waste_code: '900-249-08',
    name: '废矿物油',
    hazards: ['T', 'I'],
    form: 'liquid',
  }
  it('accepts a consistent category and code', () => {
    expect(newStreamBody.safeParse(body).success).toBe(true)
  })
  it.each([
    [{ waste_code: '900-249-09' }, 'waste_code'],
    [{ hazards: ['T', 'T'] }, 'hazards'],
    [{ form: 'paste' }, 'form'],
    [{ name: '  ' }, 'name'],
  ])('refuses %j at %s', (patch, field) => {
    const r = newStreamBody.safeParse({ ...body, ...patch })
    expect(r.success).toBe(false)
    expect(r.error!.issues[0]!.path.join('.')).toBe(field)
  })
})
