import { afterEach, describe, expect, it } from 'vitest'
import type { OperationRecord } from '../../../../server/contracts/safety-basics'
import {
  calendarBars,
  canWrite,
  daysText,
  engineersOf,
  engineersText,
  headline,
  instantOf,
  intOf,
  localOf,
  parkTime,
  qualificationsOf,
  rankByRisk,
  sortLicences,
  warningText,
} from '../../../../client/centers/safety/basics/basics-model'
import { setLocale } from '../../../../client/shell/i18n/i18n'

const op = (over: Partial<OperationRecord>): OperationRecord => ({
  id: 'OPR-1',
  enterprise_id: 'E01',
  kind: 'overhaul',
  unit: 'PVC聚合车间',
  asset_id: null,
  planned_start: '2026-05-01T00:00:00.000Z',
  planned_end: '2026-05-11T00:00:00.000Z',
  actual_start: null,
  actual_end: null,
  responsible_person: '王建国',
  responsible_phone: null,
  safety_measures: ['m'],
  status: 'planned',
  note: null,
  warnings: [],
  created_by: null,
  updated_by: null,
  updated_at: '2026-04-01T00:00:00.000Z',
  ...over,
})

describe('safety basics tab model', () => {
  afterEach(() => setLocale('zh-CN'))

  it('ranks enterprises red → blue, then by id', () => {
    const rows = rankByRisk([
      { id: 'E09', risk: 'blue' as const },
      { id: 'E02', risk: 'red' as const },
      { id: 'E05', risk: 'orange' as const },
      { id: 'E01', risk: 'red' as const },
    ])
    expect(rows.map((r) => r.id)).toEqual(['E01', 'E02', 'E05', 'E09'])
  })

  it('puts expired licences first, then the soonest expiring, and says how many days', () => {
    const rows = sortLicences([
      { id: 'a', status: 'valid' as const, days_left: 400 },
      { id: 'b', status: 'expiring' as const, days_left: 60 },
      { id: 'c', status: 'expired' as const, days_left: -10 },
      { id: 'd', status: 'expiring' as const, days_left: 20 },
      { id: 'e', status: 'cancelled' as const, days_left: -900 },
      { id: 'f', status: 'expired' as const, days_left: -35 },
    ])
    expect(rows.map((r) => r.id)).toEqual(['f', 'c', 'd', 'b', 'a', 'e'])
    expect(daysText({ status: 'expired', days_left: -35 })).toBe('过期 35 天')
    setLocale('en')
    expect(daysText({ status: 'expiring', days_left: 20 })).toBe('20 days left')
  })

  it('converts park-local times and instants both ways', () => {
    expect(instantOf('2026-05-01T08:30')).toBe('2026-05-01T08:30:00+08:00')
    expect(instantOf('')).toBeNull()
    expect(parkTime('2026-05-01T00:30:00.000Z')).toBe('2026-05-01 08:30')
    expect(localOf('2026-04-30T18:00:00.000Z')).toBe('2026-05-01T02:00')
  })

  it('places calendar bars proportionally, clipped to the range, cancelled ones left out', () => {
    const bars = calendarBars(
      [
        op({
          id: 'late',
          planned_start: '2026-05-06T00:00:00.000Z',
          planned_end: '2026-05-16T00:00:00.000Z',
        }),
        op({
          id: 'early',
          planned_start: '2026-04-26T00:00:00.000Z',
          planned_end: '2026-05-03T00:00:00.000Z',
          warnings: [{ kind: 'park_limit', peak: 4, limit: 3, at: '2026-05-01T00:00:00.000Z' }],
        }),
        op({ id: 'gone', status: 'cancelled' }),
        op({
          id: 'outside',
          planned_start: '2026-07-01T00:00:00.000Z',
          planned_end: '2026-07-02T00:00:00.000Z',
        }),
      ],
      '2026-05-01T00:00:00.000Z',
      '2026-05-11T00:00:00.000Z',
    )
    expect(bars.map((b) => [b.id, b.left, b.width, b.conflict])).toEqual([
      ['early', 0, 20, true],
      ['late', 50, 50, false],
    ])
  })

  it('writes warnings as text', () => {
    expect(
      warningText({
        kind: 'unit_overlap',
        with_id: 'OPR-E01-SU',
        with_kind: 'startup',
        from: '2026-05-08T00:00:00.000Z',
        to: '2026-05-09T12:00:00.000Z',
      }),
    ).toBe('与 OPR-E01-SU（开车）在同一装置时间重叠 2026-05-08 08:00–2026-05-09 20:00')
    setLocale('en')
    expect(warningText({ kind: 'park_limit', peak: 4, limit: 3, at: '2026-05-01T00:00:00.000Z' })).toBe(
      '4 overhauls at once in the park, over the limit of 3 (2026-05-01 08:00)',
    )
  })

  it('reads engineers and qualifications from lines (Chinese or ASCII commas) and writes them back', () => {
    const e = engineersOf('陈静,0320001,2027-05-01,化工安全\n\n 王磊，0320002，2028-01-31 ')
    expect(e).toEqual([
      { name: '陈静', certificate_no: '0320001', expires_on: '2027-05-01', specialty: '化工安全' },
      { name: '王磊', certificate_no: '0320002', expires_on: '2028-01-31', specialty: null },
    ])
    expect(engineersText(e)).toBe('陈静,0320001,2027-05-01,化工安全\n王磊,0320002,2028-01-31')
    expect(qualificationsOf('建筑施工安全生产许可证,JZ-1,2027-01-01')).toEqual([
      { name: '建筑施工安全生产许可证', number: 'JZ-1', expires_on: '2027-01-01' },
    ])
  })

  it('passes numbers through and leaves anything else for the server to refuse', () => {
    expect(intOf(' 12 ')).toBe(12)
    expect(intOf('')).toBeNull()
    expect(intOf('1.5')).toBe('1.5')
  })

  it('lets park admins write everything and enterprise accounts their own', () => {
    expect(canWrite({ role: 'park_admin', enterprise_id: null }, 'E03')).toBe(true)
    expect(canWrite({ role: 'enterprise_user', enterprise_id: 'E01' }, 'E01')).toBe(true)
    expect(canWrite({ role: 'enterprise_user', enterprise_id: 'E01' }, 'E03')).toBe(false)
    expect(canWrite({ role: 'operator', enterprise_id: null }, 'E01')).toBe(false)
    expect(canWrite({ role: 'screen', enterprise_id: null })).toBe(false)
    expect(canWrite(null)).toBe(false)
  })

  it('counts licences due and records in conflict', () => {
    expect(
      headline(
        [{ status: 'expired' }, { status: 'expiring' }, { status: 'valid' }, { status: 'cancelled' }],
        [op({ warnings: [] }), op({ warnings: [{ kind: 'park_limit', peak: 4, limit: 3, at: 'x' }] })],
      ),
    ).toEqual({ due: 2, conflicts: 1 })
  })
})
