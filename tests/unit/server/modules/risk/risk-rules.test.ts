import { describe, expect, it } from 'vitest'
import {
  colourOf,
  cOptions,
  dangerLevel,
  defaultBands,
  eOptions,
  highestColour,
  lecBody,
  lecD,
  lOptions,
} from '../../../../../server/contracts/risk'
import { bandsViolation, groupColour, orderBands } from '../../../../../server/modules/risk/risk-rules'
import { hazardOf, seedColour } from '../../../../../server/modules/risk/risk.seed'

const bands = [...defaultBands]

describe('LEC (D = L × E × C) and the usual colour mapping', () => {
  it('has the standard values', () => {
    expect(lOptions.map((o) => o.value)).toEqual([10, 6, 3, 1, 0.5, 0.2, 0.1])
    expect(eOptions.map((o) => o.value)).toEqual([10, 6, 3, 2, 1, 0.5])
    expect(cOptions.map((o) => o.value)).toEqual([100, 40, 15, 7, 3, 1])
  })

  it('computes D exactly for fractional L and E', () => {
    expect(lecD(3, 6, 40)).toBe(720)
    expect(lecD(0.1, 0.5, 1)).toBe(0.05)
    expect(lecD(0.2, 6, 7)).toBe(8.4)
    expect(lecD(0.5, 3, 7)).toBe(10.5)
  })

  it.each([
    // worked examples: the colour holds D strictly above its threshold
    [3, 6, 40, 720, 'red', 'extremely dangerous, stop work'],
    [3, 6, 15, 270, 'orange', 'high, rectify at once'],
    [1, 6, 40, 240, 'orange', 'high, rectify at once'],
    [3, 6, 7, 126, 'yellow', 'significant, needs rectification'],
    [10, 1, 7, 70, 'blue', 'moderate, needs attention'],
    [1, 6, 7, 42, 'blue', 'moderate, needs attention'],
    [1, 3, 3, 9, 'blue', 'low, acceptable'],
  ] as const)('L %s × E %s × C %s = %s → %s', (l, e, c, d, colour, level) => {
    expect(lecD(l, e, c)).toBe(d)
    expect(colourOf(d, bands)).toBe(colour)
    expect(dangerLevel(d).en).toBe(level)
  })

  it('puts the boundaries in the lower band (> 320 red, 160 < D ≤ 320 orange, 70 < D ≤ 160 yellow)', () => {
    expect(colourOf(320, bands)).toBe('orange')
    expect(colourOf(320.01, bands)).toBe('red')
    expect(colourOf(160, bands)).toBe('yellow')
    expect(colourOf(70, bands)).toBe('blue')
    expect(colourOf(70.5, bands)).toBe('yellow')
  })

  it('follows edited bands', () => {
    const strict = bands.map((b) => (b.colour === 'yellow' ? { ...b, d_above: 40 } : b))
    expect(colourOf(42, strict)).toBe('yellow')
    expect(colourOf(42, bands)).toBe('blue')
  })

  it('accepts only the standard values in an assessment body', () => {
    expect(lecBody.safeParse({ l: 3, e: 6, c: 40 }).success).toBe(true)
    const bad = lecBody.safeParse({ l: 4, e: 6, c: 40 })
    expect(bad.success).toBe(false)
    expect(bad.error!.issues[0]!.message).toContain('L: one of 10, 6, 3, 1, 0.5, 0.2, 0.1')
    expect(lecBody.safeParse({ l: 3, e: 6, c: 50 }).success).toBe(false)
    expect(lecBody.safeParse({ l: 3, e: 6 }).success).toBe(false)
  })
})

describe('colour bands the park edits', () => {
  it('accepts the defaults in any order', () => {
    expect(bandsViolation([...bands].reverse())).toBeNull()
    expect(orderBands([...bands].reverse()).map((b) => b.colour)).toEqual(['red', 'orange', 'yellow', 'blue'])
  })

  it('refuses a missing or repeated colour, a non-falling threshold and blue above 0', () => {
    expect(bandsViolation(bands.slice(0, 3))).toEqual({ field: 'bands', message: 'the blue band is missing' })
    expect(bandsViolation([bands[0]!, bands[0]!, bands[2]!, bands[3]!])).toEqual({
      field: 'bands.1.colour',
      message: 'red given twice',
    })
    const flat = bands.map((b) => (b.colour === 'orange' ? { ...b, d_above: 320 } : b))
    expect(bandsViolation(flat)).toEqual({
      field: 'bands.0.d_above',
      message: 'the red threshold (320) must be above the orange one (320)',
    })
    const blue = bands.map((b) => (b.colour === 'blue' ? { ...b, d_above: 5 } : b))
    expect(bandsViolation(blue)).toMatchObject({ field: 'bands.3.d_above' })
  })
})

describe('the four-colour map', () => {
  it('colours a group by its highest assessed point', () => {
    expect(groupColour([42, 270, null, 126], bands)).toEqual({ colour: 'orange', max_d: 270 })
    expect(groupColour([null, null], bands)).toEqual({ colour: null, max_d: null })
    expect(groupColour([], bands)).toEqual({ colour: null, max_d: null })
    expect(highestColour(['blue', null, 'yellow'])).toBe('yellow')
    expect(highestColour([])).toBeNull()
  })

  it('seeds the top point of an enterprise in its registry colour and the rest lower', () => {
    expect([0, 1, 2, 3, 4, 5].map((i) => seedColour('red', i))).toEqual([
      'red',
      'orange',
      'orange',
      'yellow',
      'yellow',
      'blue',
    ])
    expect(seedColour('blue', 0)).toBe('blue')
    expect(seedColour('yellow', 9)).toBe('blue')
    expect(hazardOf('液氯罐区 · 1#液氯储罐').accident).toBe('中毒和窒息')
    expect(hazardOf('氯乙烯罐区 · 1#氯乙烯储罐').accident).toBe('火灾、其他爆炸')
    expect(hazardOf('1#聚合车间').hazard).toContain('重点监管危险化工工艺')
  })
})
