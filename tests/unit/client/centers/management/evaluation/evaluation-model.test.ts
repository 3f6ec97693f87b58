// The evaluation tab's view-model: points with one decimal, band ranges, element bars (placeholders marked),
// typed scores, the year and period pickers.
import { describe, expect, it } from 'vitest'
import { defaultGradeBands } from '../../../../../../server/contracts/evaluation'
import {
  bandRanges,
  elementBars,
  parseScore,
  percent,
  periodChoices,
  pts,
  signed,
  yearChoices,
} from '../../../../../../client/centers/management/evaluation/evaluation.model'

describe('evaluation view-model', () => {
  it('shows points with one decimal and signed changes', () => {
    expect(pts(84.9)).toBe('84.9')
    expect(pts(60)).toBe('60.0')
    expect(signed(1.5)).toBe('+1.5')
    expect(signed(-2)).toBe('-2.0')
    expect(signed(0)).toBe('0.0')
    expect(percent(0.8734)).toBe('87.3%')
    expect(percent(null)).toBe('—')
  })

  it('gives each band its range of totals', () => {
    expect(bandRanges([...defaultGradeBands].reverse()).map((b) => [b.grade, b.range])).toEqual([
      ['A', '0.0 ≤ x < 60.0'],
      ['B', '60.0 ≤ x < 70.0'],
      ['C', '70.0 ≤ x < 85.0'],
      ['D', 'x ≥ 85.0'],
    ])
  })

  it('draws element bars as a share of the element, placeholders amber and marked', () => {
    const bars = elementBars(
      [
        {
          element_id: 'EL01',
          seq: 1,
          name: '设立',
          confirmed: true,
          max_points: 10,
          score: 8.5,
          scored: 3,
          items: 3,
        },
        {
          element_id: 'EL03',
          seq: 3,
          name: '安全准入（占位）',
          confirmed: false,
          max_points: 12,
          score: 6,
          scored: 2,
          items: 2,
        },
      ],
      '占位',
    )
    expect(bars).toEqual([
      { name: '设立', value: 0.85, text: '8.5 / 10.0', colour: '#3b82f6' },
      { name: '安全准入（占位） · 占位', value: 0.5, text: '6.0 / 12.0', colour: '#f59e0b' },
    ])
  })

  it('reads a typed score: empty clears, one decimal within the maximum, anything else is refused', () => {
    expect(parseScore('', 8)).toBeNull()
    expect(parseScore(' 5.9 ', 8)).toBe(5.9)
    expect(parseScore('8', 8)).toBe(8)
    for (const bad of ['8.1', '5.95', '-1', 'abc', '1e1', '.5']) expect(parseScore(bad, 8)).toBeUndefined()
  })

  it('offers this year and every evaluated year, newest first', () => {
    expect(yearChoices([{ year: 2025 }, { year: 2026 }], 2026)).toEqual([2026, 2025])
    expect(yearChoices([{ year: 2025 }], 2027)).toEqual([2027, 2025])
  })

  it('offers the running two-month period and the ones before it', () => {
    const p = periodChoices(Date.parse('2026-11-29T08:00:00Z'), 4)
    expect(p.map((x) => x.id)).toEqual(['2026-B6', '2026-B5', '2026-B4', '2026-B3'])
    expect(p[0]!.label).toBe('2026年11—12月')
  })
})
