// Two-month report periods in Asia/Shanghai: ids, bounds as Shanghai midnights, parsing, the period of an instant
// at the edges (UTC evening of the last day is already the next period in Shanghai), and the running window.
import { describe, expect, it } from 'vitest'
import {
  biMonth,
  nextPeriod,
  parsePeriod,
  periodOf,
  periodWindow,
  previousPeriod,
  recentPeriods,
} from '../../../../../server/contracts/reports'

describe('bi-monthly periods', () => {
  it('spans two calendar months from Shanghai midnight to Shanghai midnight', () => {
    const p = biMonth(2026, 3)
    expect(p).toMatchObject({
      id: '2026-B3',
      first_month: 5,
      from_day: '2026-05-01',
      to_day: '2026-07-01',
      from: '2026-04-30T16:00:00.000Z',
      to: '2026-06-30T16:00:00.000Z',
      label: '2026年5—6月',
      label_en: 'May–Jun 2026',
    })
    expect(biMonth(2026, 6)).toMatchObject({
      from_day: '2026-11-01',
      to_day: '2027-01-01',
      label: '2026年11—12月',
    })
    expect(biMonth(2026, 1).from).toBe('2025-12-31T16:00:00.000Z')
  })

  it('parses YYYY-Bn and YYYY-MM (the period containing the month), nothing else', () => {
    expect(parsePeriod('2026-B3')?.id).toBe('2026-B3')
    expect(parsePeriod('2026-05')?.id).toBe('2026-B3')
    expect(parsePeriod('2026-06')?.id).toBe('2026-B3')
    expect(parsePeriod('2026-12')?.id).toBe('2026-B6')
    expect(parsePeriod('2026-01')?.id).toBe('2026-B1')
    for (const bad of [
      '2026-B0',
      '2026-B7',
      '2026-13',
      '2026-00',
      '26-B1',
      '2026-5',
      '1999-B1',
      '2026-B3.pdf',
      '',
    ])
      expect(parsePeriod(bad)).toBeNull()
  })

  it('finds the period of an instant in Shanghai time', () => {
    // 2026-04-30 15:59:59 UTC is 23:59:59 on 30 April in Shanghai: still Mar–Apr
    expect(periodOf(Date.parse('2026-04-30T15:59:59Z')).id).toBe('2026-B2')
    // one second later it is 1 May in Shanghai
    expect(periodOf(Date.parse('2026-04-30T16:00:00Z')).id).toBe('2026-B3')
    // New Year's Eve 16:00 UTC is already January in Shanghai
    expect(periodOf(Date.parse('2026-12-31T16:00:00Z')).id).toBe('2027-B1')
    expect(periodOf(Date.parse('2026-12-31T15:59:59Z')).id).toBe('2026-B6')
  })

  it('steps across year ends', () => {
    expect(previousPeriod(biMonth(2026, 1)).id).toBe('2025-B6')
    expect(nextPeriod(biMonth(2026, 6)).id).toBe('2027-B1')
    expect(recentPeriods(Date.parse('2026-03-10T00:00:00Z'), 3).map((p) => p.id)).toEqual([
      '2026-B2',
      '2026-B1',
      '2025-B6',
    ])
  })

  it('looks up to now while the period runs, to its end after it, and not at all before it', () => {
    const p = biMonth(2026, 6)
    expect(periodWindow(p, Date.parse('2026-10-31T15:59:59Z'))).toBeNull()
    expect(periodWindow(p, Date.parse('2026-11-01T16:00:00Z'))).toEqual({
      until: '2026-11-01T16:00:00.000Z',
      hours: 24,
      partial: true,
    })
    const done = periodWindow(p, Date.parse('2027-02-01T00:00:00Z'))!
    expect(done).toEqual({ until: '2026-12-31T16:00:00.000Z', hours: 61 * 24, partial: false })
  })
})
