import { describe, expect, it } from 'vitest'
import {
  canMoveTo,
  entryProblem,
  licenceConditions,
  licenceViolation,
  operationViolation,
  parkLimitWarning,
  peakConcurrency,
  unitOverlaps,
  type WindowRecord,
} from '../../../../../server/modules/safety-basics/basics-rules'
import {
  creditCode,
  licenceStatus,
  newOperationBody,
  processList,
  profileBody,
} from '../../../../../server/contracts/safety-basics'

const rec = (over: Partial<WindowRecord>): WindowRecord => ({
  id: 'A',
  enterprise_id: 'E01',
  kind: 'overhaul',
  unit: 'PVC聚合车间',
  asset_id: null,
  planned_start: '2026-05-01T00:00:00.000Z',
  planned_end: '2026-05-11T00:00:00.000Z',
  status: 'planned',
  ...over,
})

describe('licence status (valid / expiring / expired)', () => {
  it('counts the last valid day as valid and warns within the window, inclusive', () => {
    expect(licenceStatus({ valid_to: '2026-06-30' }, '2026-06-30')).toBe('expiring')
    expect(licenceStatus({ valid_to: '2026-06-30' }, '2026-07-01')).toBe('expired')
    // 90 days ahead: expiring; 91: valid
    expect(licenceStatus({ valid_to: '2026-09-28' }, '2026-06-30')).toBe('expiring')
    expect(licenceStatus({ valid_to: '2026-09-29' }, '2026-06-30')).toBe('valid')
    expect(licenceStatus({ valid_to: '2026-09-29' }, '2026-06-30', 120)).toBe('expiring')
    expect(licenceStatus({ valid_to: '2020-01-01', cancelled: true }, '2026-06-30')).toBe('cancelled')
  })

  it('bounds the validity by kind: 3 years for the safety production licence, 5 for the discharge permit', () => {
    const sp = { kind: 'safety_production' as const, valid_from: '2024-03-01' }
    expect(licenceViolation({ ...sp, valid_to: '2027-03-01' })).toBeNull()
    expect(licenceViolation({ ...sp, valid_to: '2027-03-02' })?.field).toBe('valid_to')
    expect(licenceViolation({ ...sp, valid_to: '2024-03-01' })?.message).toMatch(/after valid_from/)
    expect(
      licenceViolation({ kind: 'pollutant_discharge', valid_from: '2024-03-01', valid_to: '2029-03-01' }),
    ).toBeNull()
  })

  it('raises expiring (low) and expired (high) reminders, none for cancelled or valid licences', () => {
    const base = {
      enterprise_id: 'E05',
      kind: 'safety_production' as const,
      title: null,
      number: 'N1',
      cancelled: false,
    }
    const c = licenceConditions(
      [
        { ...base, id: 'L1', valid_to: '2026-07-15' },
        { ...base, id: 'L2', valid_to: '2026-06-29' },
        { ...base, id: 'L3', valid_to: '2026-06-29', cancelled: true },
        { ...base, id: 'L4', valid_to: '2027-06-29' },
      ],
      '2026-06-30',
      90,
    )
    expect(c.map((x) => [x.source_id, x.rule, x.priority, x.enterprise_id])).toEqual([
      ['licence:L1', 'licence_expiring', 'low', 'E05'],
      ['licence:L2', 'licence_expired', 'high', 'E05'],
    ])
    expect(c[0]!.message).toContain('安全生产许可证 N1')
  })
})

describe('start-up / shutdown / overhaul records', () => {
  it('checks windows and status consistency', () => {
    const now = Date.parse('2026-05-20T00:00:00Z')
    const ok = {
      planned_start: '2026-05-01T00:00:00Z',
      planned_end: '2026-05-02T00:00:00Z',
      actual_start: null,
      actual_end: null,
      status: 'planned' as const,
    }
    expect(operationViolation(ok, now)).toBeNull()
    expect(operationViolation({ ...ok, planned_end: ok.planned_start }, now)?.field).toBe('planned_end')
    expect(operationViolation({ ...ok, planned_end: '2026-12-01T00:00:00Z' }, now)?.message).toMatch(
      /180 days/,
    )
    expect(operationViolation({ ...ok, status: 'in_progress' }, now)?.field).toBe('actual_start')
    expect(
      operationViolation({ ...ok, status: 'completed', actual_start: '2026-05-01T01:00:00Z' }, now)?.field,
    ).toBe('actual_end')
    expect(operationViolation({ ...ok, actual_start: '2026-06-01T00:00:00Z' }, now)?.message).toMatch(
      /future/,
    )
    expect(
      operationViolation(
        { ...ok, actual_start: '2026-05-02T00:00:00Z', actual_end: '2026-05-01T00:00:00Z' },
        now,
      )?.field,
    ).toBe('actual_end')
  })

  it('allows only forward status steps', () => {
    expect(canMoveTo('planned', 'in_progress')).toBe(true)
    expect(canMoveTo('planned', 'cancelled')).toBe(true)
    expect(canMoveTo('in_progress', 'completed')).toBe(true)
    expect(canMoveTo('in_progress', 'planned')).toBe(false)
    expect(canMoveTo('completed', 'in_progress')).toBe(false)
    expect(canMoveTo('cancelled', 'planned')).toBe(false)
  })

  it('warns about overlapping records of the same unit (name or building), not about other units or enterprises', () => {
    const r = rec({})
    const others = [
      rec({
        id: 'B',
        kind: 'startup',
        unit: ' pvc聚合车间 ',
        planned_start: '2026-05-10T00:00:00.000Z',
        planned_end: '2026-05-12T00:00:00.000Z',
      }),
      rec({ id: 'C', unit: '电解车间' }),
      rec({ id: 'D', enterprise_id: 'E02' }),
      rec({ id: 'E', planned_start: '2026-05-11T00:00:00.000Z', planned_end: '2026-05-12T00:00:00.000Z' }),
      rec({ id: 'F', status: 'cancelled' }),
      rec({ id: 'G', unit: '聚合一线', asset_id: 'B-E01-09' }),
    ]
    expect(unitOverlaps(r, others)).toEqual([
      {
        kind: 'unit_overlap',
        with_id: 'B',
        with_kind: 'startup',
        from: '2026-05-10T00:00:00.000Z',
        to: '2026-05-11T00:00:00.000Z',
      },
    ])
    expect(
      unitOverlaps({ ...r, asset_id: 'B-E01-09' }, others).map((w) => w.kind === 'unit_overlap' && w.with_id),
    ).toEqual(['G', 'B'])
    expect(unitOverlaps({ ...r, status: 'completed' }, others)).toEqual([])
  })

  it('finds the peak of simultaneous windows (half-open) within a range', () => {
    const w = (s: string, e: string) => ({
      planned_start: `2026-05-${s}T00:00:00.000Z`,
      planned_end: `2026-05-${e}T00:00:00.000Z`,
    })
    const windows = [w('01', '10'), w('05', '15'), w('08', '09'), w('10', '20'), w('12', '13')]
    // 8th: 01–10, 05–15, 08–09 → 3; at the 10th the first ends as the fourth starts
    expect(peakConcurrency(windows, '2026-05-01T00:00:00.000Z', '2026-05-31T00:00:00.000Z')).toEqual({
      peak: 3,
      at: '2026-05-08T00:00:00.000Z',
    })
    expect(peakConcurrency(windows, '2026-05-16T00:00:00.000Z', '2026-05-31T00:00:00.000Z')).toEqual({
      peak: 1,
      at: '2026-05-16T00:00:00.000Z',
    })
    expect(peakConcurrency([], '2026-05-01T00:00:00Z', '2026-05-02T00:00:00Z')).toEqual({ peak: 0, at: null })
    // the park limit applies to active overhauls only
    const r = rec({ planned_start: '2026-05-07T00:00:00.000Z', planned_end: '2026-05-09T00:00:00.000Z' })
    expect(parkLimitWarning(r, windows, 2)).toEqual({
      kind: 'park_limit',
      peak: 3,
      limit: 2,
      at: '2026-05-08T00:00:00.000Z',
    })
    expect(parkLimitWarning(r, windows, 3)).toBeNull()
    expect(parkLimitWarning({ ...r, kind: 'startup' }, windows, 1)).toBeNull()
  })

  it('validates the request body', () => {
    const body = {
      kind: 'overhaul',
      unit: 'x',
      planned_start: '2026-05-01T08:00:00+08:00',
      planned_end: '2026-05-02T08:00:00+08:00',
      responsible_person: 'a',
      safety_measures: ['m'],
    }
    expect(newOperationBody.safeParse(body).success).toBe(true)
    expect(newOperationBody.safeParse({ ...body, planned_start: '2026-05-01 08:00' }).success).toBe(false)
    expect(newOperationBody.safeParse({ ...body, safety_measures: [] }).success).toBe(false)
  })
})

describe('enterprise records', () => {
  it('accepts credit codes with the right GB 32100 check character only', () => {
    expect(creditCode.safeParse('91350100M000100Y43').success).toBe(true)
    expect(creditCode.safeParse('91350100m000100y43').data).toBe('91350100M000100Y43')
    expect(creditCode.safeParse('91350100M000100Y44').success).toBe(false)
    expect(creditCode.safeParse('91320682MA1XXXXXX0').success).toBe(false)
    expect(creditCode.safeParse('12345').success).toBe(false)
  })

  it('accepts the 18 supervised processes only, each once', () => {
    expect(processList.safeParse(['氯化', '光气及光气化', '电解(氯碱)']).success).toBe(true)
    expect(processList.safeParse(['蒸馏']).success).toBe(false)
    expect(processList.safeParse(['氯化', '氯化']).success).toBe(false)
  })

  it('keeps safety staff within the employees and blank optional fields as null', () => {
    expect(profileBody.safeParse({ safety_staff_count: 5, employees: 4 }).success).toBe(false)
    const r = profileBody.parse({ safety_staff_count: 5, main_responsible: '  ', main_responsible_phone: '' })
    expect(r).toMatchObject({ main_responsible: null, main_responsible_phone: null, safety_engineers: [] })
  })
})

describe('contractor entry approval', () => {
  const contractor = {
    blacklisted: false,
    qualifications: [{ name: 'Q', number: 'N', expires_on: '2026-12-31' }],
  }
  const people = [
    { id: 'P1', name: '赵磊', training_valid_to: '2026-09-30', certificate_expires: null },
    { id: 'P2', name: '孙勇', training_valid_to: '2026-05-31', certificate_expires: null },
    { id: 'P3', name: '钱军', training_valid_to: '2026-12-31', certificate_expires: '2026-06-15' },
  ]
  it('needs a clean contractor, valid qualifications and trained people through the last day', () => {
    expect(entryProblem(contractor, people, { valid_to: '2026-06-10', person_ids: ['P1', 'P3'] })).toBeNull()
    expect(
      entryProblem({ ...contractor, blacklisted: true }, people, {
        valid_to: '2026-06-10',
        person_ids: ['P1'],
      }),
    ).toMatchObject({ status: 409, id: 'contractor.blacklisted' })
    expect(entryProblem(contractor, people, { valid_to: '2027-01-05', person_ids: ['P1'] })).toMatchObject({
      status: 409,
      id: 'contractor.qualification_expired',
    })
    expect(
      entryProblem(contractor, people, { valid_to: '2026-06-10', person_ids: ['P1', 'P2'] }),
    ).toMatchObject({ status: 400, field: 'person_ids.1' })
    expect(entryProblem(contractor, people, { valid_to: '2026-06-20', person_ids: ['P3'] })).toMatchObject({
      status: 400,
      field: 'person_ids.0',
    })
    expect(entryProblem(contractor, people, { valid_to: '2026-06-10', person_ids: ['P9'] })).toMatchObject({
      status: 400,
    })
  })
})
