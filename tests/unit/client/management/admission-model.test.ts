import { describe, expect, it } from 'vitest'
import {
  parsePoint,
  parseProcesses,
  parseProducts,
  representativePoint,
  sortApplications,
} from '../../../../client/centers/management/admission/admission.model'
import type { AdmissionSummary } from '../../../../server/contracts/admission'

describe('admission form model', () => {
  it('reads product lines with their quantities, naming the bad lines', () => {
    expect(parseProducts('氯 50\n甲苯,300\n\n乙酸乙酯：120 t\nLPG 12.5吨')).toEqual({
      value: [
        { name: '氯', q_t: 50 },
        { name: '甲苯', q_t: 300 },
        { name: '乙酸乙酯', q_t: 120 },
        { name: 'LPG', q_t: 12.5 },
      ],
      errors: [],
    })
    expect(parseProducts('氯\n甲苯 三百').errors).toEqual(['1: 氯', '2: 甲苯 三百'])
    // a name ending in digits keeps them: the quantity is the last number
    expect(parseProducts('1,3-丁二烯 20').value).toEqual([{ name: '1,3-丁二烯', q_t: 20 }])
  })

  it('splits processes and reads coordinates', () => {
    expect(parseProcesses('氯化、 聚合,氯化\n加氢；')).toEqual(['氯化', '聚合', '加氢'])
    expect(parsePoint('120.95', '31.95')).toEqual([120.95, 31.95])
    expect(parsePoint('', '31.95')).toBeNull()
    expect(parsePoint('200', '31')).toBeNull()
    expect(parsePoint('abc', '31')).toBeNull()
  })

  it('places a point on a park object', () => {
    expect(representativePoint({ type: 'Point', coordinates: [1, 2] })).toEqual([1, 2])
    // the unit square's centroid, whichever way the ring runs
    const sq = [
      [0, 0],
      [2, 0],
      [2, 2],
      [0, 2],
      [0, 0],
    ]
    expect(representativePoint({ type: 'Polygon', coordinates: [sq] })).toEqual([1, 1])
    expect(representativePoint({ type: 'Polygon', coordinates: [[...sq].reverse()] })).toEqual([1, 1])
    // the largest part of a multipolygon
    const small = [
      [10, 10],
      [11, 10],
      [11, 11],
      [10, 11],
      [10, 10],
    ]
    expect(representativePoint({ type: 'MultiPolygon', coordinates: [[small], [sq]] })).toEqual([1, 1])
    expect(
      representativePoint({
        type: 'LineString',
        coordinates: [
          [0, 0],
          [4, 2],
        ],
      }),
    ).toEqual([2, 1])
  })

  it('sorts applications newest first, refusals first on a day', () => {
    const a = (name: string, verdict: AdmissionSummary['verdict'], day: string) =>
      ({ name, verdict, created_at: `${day}T01:00:00.000Z` }) as AdmissionSummary
    expect(
      sortApplications([
        a('old', 'refuse', '2026-01-01'),
        a('p', 'pass', '2026-02-01'),
        a('r', 'refuse', '2026-02-01'),
        a('c', 'conditional', '2026-02-01'),
      ]).map((x) => x.name),
    ).toEqual(['r', 'c', 'p', 'old'])
  })
})
