import { describe, expect, it } from 'vitest'
import { describeSignal } from '../../../../../server/modules/alarms/messages'
import { resolveThresholds } from '../../../../../server/modules/alarms/thresholds'

const limitsOf = (r: ReturnType<typeof resolveThresholds>) =>
  'error' in r ? r.error : r.limits.map((l) => [l.rule, l.value])

describe('sensor thresholds', () => {
  it.each([
    // GB/T 50493-2019 §5.5.2: combustible 1st ≤ 25 %LEL, 2nd ≤ 50 %LEL
    [
      'combustible',
      [
        ['hh', 50],
        ['h', 25],
      ],
    ],
    // oxygen low 19.5 %, high 23.5 %
    [
      'O2',
      [
        ['h', 23.5],
        ['l', 19.5],
      ],
    ],
    // toxic 1st ≤ 100 % OEL, 2nd ≤ 200 % OEL
    [
      'Cl2',
      [
        ['hh', 0.68],
        ['h', 0.34],
      ],
    ],
    [
      'NH3',
      [
        ['hh', 84],
        ['h', 42],
      ],
    ],
    ['unknown-gas', []],
  ])('gas detector %s gets the GB/T 50493 set points', (measure, limits) => {
    expect(limitsOf(resolveThresholds({ kind: 'gas_detector', measure, thresholds: {} }))).toEqual(limits)
  })

  it('limits stored on the sensor replace the defaults', () => {
    const r = resolveThresholds({ kind: 'gas_detector', measure: 'combustible', thresholds: { high: 20 } })
    expect(limitsOf(r)).toEqual([['h', 20]])
  })

  it('reads the environment channels’ low/high (GB 18918 pH 6–9) with a 5 % deadband', () => {
    const r = resolveThresholds({
      kind: 'hj212_channel',
      measure: 'wastewater',
      thresholds: { low: 6, high: 9, source: 'x' },
    })
    if ('error' in r) throw new Error(r.error)
    expect(r.limits).toEqual([
      { rule: 'h', value: 9, direction: 'high', deadband: 0.45 },
      { rule: 'l', value: 6, direction: 'low', deadband: 0.3 },
    ])
    expect(r).toMatchObject({ onDelayMs: 0, offDelayMs: 0, rate: null, silenceMs: null, series: 'rtd' })
  })

  it('converts times to ms and applies a silence default only when none is set', () => {
    const r = resolveThresholds(
      { kind: 'x', measure: 'y', thresholds: { on_delay_s: 5, rate_per_min: 3 } },
      90_000,
    )
    expect(r).toMatchObject({ onDelayMs: 5000, rate: { perMin: 3, windowMs: 60_000 }, silenceMs: 90_000 })
    const own = resolveThresholds({ kind: 'x', measure: 'y', thresholds: { silence_timeout_s: 30 } }, 90_000)
    expect(own).toMatchObject({ silenceMs: 30_000 })
  })

  it('names the bad field of thresholds that do not fit', () => {
    expect(resolveThresholds({ kind: 'x', measure: 'y', thresholds: { high: 'ten' } })).toEqual({
      error: expect.stringMatching(/^thresholds\.high: /),
    })
    expect(resolveThresholds({ kind: 'x', measure: 'y', thresholds: { priorities: { h: 'loud' } } })).toEqual(
      {
        error: expect.stringMatching(/^thresholds\.priorities\.h/),
      },
    )
  })
})

describe('alarm text', () => {
  const info = { name: '1#罐区可燃气体探测器', unit: '%LEL' }
  it.each([
    [
      { rule: 'hh', value: 55, limit: 50, direction: 'high' as const },
      '1#罐区可燃气体探测器: 高高报 HH 55 %LEL ≥ 50 %LEL',
    ],
    [
      { rule: 'l', value: 18.2, limit: 19.5, direction: 'low' as const },
      '1#罐区可燃气体探测器: 低报 L 18.2 %LEL ≤ 19.5 %LEL',
    ],
    [
      { rule: 'silent', value: null, limit: null, direction: 'high' as const },
      '1#罐区可燃气体探测器: 设备无数据 device silent',
    ],
  ])('%j', (s, text) => {
    expect(describeSignal(info, { type: 'raise', t: 0, ...s })).toBe(text)
  })
})
