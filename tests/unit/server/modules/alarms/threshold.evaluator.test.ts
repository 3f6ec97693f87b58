import { describe, expect, it } from 'vitest'
import type { SensorThresholds } from '../../../../../server/contracts/alarms'
import { SensorEvaluator, type AlarmSignal } from '../../../../../server/modules/alarms/threshold.evaluator'
import { resolveThresholds, type ResolvedThresholds } from '../../../../../server/modules/alarms/thresholds'

function config(t: SensorThresholds, kind = 'hj212_channel', measure = 'wastewater'): ResolvedThresholds {
  const r = resolveThresholds({ kind, measure, thresholds: t })
  if ('error' in r) throw new Error(r.error)
  return r
}
/** [seconds, value, flag?] → signals as `type:rule@seconds` */
type Step = [number, number | null, string?]
function run(ev: SensorEvaluator, steps: Step[]): string[] {
  const out: string[] = []
  for (const [s, value, flag] of steps)
    out.push(...ev.onReading({ t: s * 1000, value, flag: flag ?? 'N', receivedAt: s * 1000 }).map(fmt))
  return out
}
const fmt = (s: AlarmSignal) => `${s.type}:${s.rule}@${s.t / 1000}`

describe('threshold evaluator', () => {
  const limits = { low_low: 2, low: 4, high: 8, high_high: 10, deadband: 0.5 }
  it.each<[string, SensorThresholds, Step[], string[]]>([
    [
      'raises H at the set point and returns below the deadband',
      limits,
      [
        [1, 7.9],
        [2, 8],
        [3, 7.6],
        [4, 7.4],
      ],
      ['raise:h@2', 'rtn:h@4'],
    ],
    [
      'HH comes with H and leaves before it',
      limits,
      [
        [1, 11],
        [2, 9],
        [3, 7],
      ],
      ['raise:hh@1', 'raise:h@1', 'rtn:hh@2', 'rtn:h@3'],
    ],
    [
      'L and LL on a falling value',
      limits,
      [
        [1, 5],
        [2, 3.9],
        [3, 1.5],
        [4, 2.6],
        [5, 4.6],
      ],
      ['raise:l@2', 'raise:ll@3', 'rtn:ll@4', 'rtn:l@5'],
    ],
    [
      'a value chattering inside the deadband raises once',
      limits,
      [
        [1, 8.1],
        [2, 7.8],
        [3, 8.2],
        [4, 7.7],
        [5, 8.3],
        [6, 7.4],
      ],
      ['raise:h@1', 'rtn:h@6'],
    ],
    [
      'no deadband: chatter raises each time',
      { high: 8, deadband: 0 },
      [
        [1, 8],
        [2, 7.99],
        [3, 8],
      ],
      ['raise:h@1', 'rtn:h@2', 'raise:h@3'],
    ],
    [
      'deadband in % of the limit',
      { high: 100, deadband_pct: 10 },
      [
        [1, 100],
        [2, 91],
        [3, 89.9],
      ],
      ['raise:h@1', 'rtn:h@3'],
    ],
    [
      'on-delay: the condition must hold for it',
      { high: 8, on_delay_s: 10 },
      [
        [0, 9],
        [5, 9],
        [9, 9],
        [10, 9],
      ],
      ['raise:h@10'],
    ],
    [
      'on-delay: a dip restarts the clock',
      { high: 8, on_delay_s: 10 },
      [
        [0, 9],
        [5, 7],
        [6, 9],
        [15, 9],
        [16, 9],
      ],
      ['raise:h@16'],
    ],
    [
      'off-delay: must stay normal for it',
      { high: 8, off_delay_s: 10, deadband: 0 },
      [
        [0, 9],
        [1, 7],
        [5, 9],
        [6, 7],
        [15, 7],
        [16, 7],
      ],
      ['raise:h@0', 'rtn:h@16'],
    ],
    [
      'replayed and older readings change nothing',
      limits,
      [
        [5, 9],
        [5, 9],
        [3, 1],
        [4, 7],
      ],
      ['raise:h@5'],
    ],
    [
      'null values are skipped',
      limits,
      [
        [1, 9],
        [2, null],
        [3, 7],
      ],
      ['raise:h@1', 'rtn:h@3'],
    ],
  ])('%s', (_name, t, steps, expected) => {
    expect(run(new SensorEvaluator(config(t)), steps)).toEqual(expected)
  })

  describe('rate of change (gas)', () => {
    const roc = { rate_per_min: 10, rate_window_s: 60, high: 1000 }
    it.each<[string, Step[], string[]]>([
      [
        'a steady 12 units/min rise alarms once half a window is seen',
        [
          [0, 0],
          [10, 2],
          [20, 4],
          [30, 6],
          [40, 8],
          [90, 18],
        ],
        ['raise:roc@30'],
      ],
      [
        'a slow rise does not',
        [
          [0, 0],
          [30, 4],
          [60, 8],
          [90, 12],
        ],
        [],
      ],
      [
        'it returns to normal when the rise stops',
        [
          [0, 0],
          [30, 6],
          [60, 12],
          [90, 12],
          [120, 12],
        ],
        ['raise:roc@30', 'rtn:roc@90'],
      ],
      [
        'a falling value never alarms',
        [
          [0, 100],
          [30, 50],
          [60, 0],
        ],
        [],
      ],
      [
        'two close samples alone never extrapolate',
        [
          [0, 0],
          [1, 5],
        ],
        [],
      ],
    ])('%s', (_name, steps, expected) => {
      expect(run(new SensorEvaluator(config(roc, 'gas_detector', 'combustible')), steps)).toEqual(expected)
    })
  })

  describe('HJ 212 data flags', () => {
    it.each<[string, Step[], string[]]>([
      [
        'D raises a fault alarm, N ends it',
        [
          [1, 5, 'D'],
          [2, 5, 'D'],
          [3, 5],
        ],
        ['raise:flag_fault@1', 'rtn:flag_fault@3'],
      ],
      [
        'B raises a comms alarm',
        [
          [1, 5, 'B'],
          [2, 5, 'N'],
        ],
        ['raise:flag_comms@1', 'rtn:flag_comms@2'],
      ],
      ['a faulty value is not checked against limits', [[1, 50, 'D']], ['raise:flag_fault@1']],
      [
        'M suppresses threshold alarms: no new ones while flagged',
        [
          [1, 50, 'M'],
          [2, 50, 'C'],
          [3, 5],
        ],
        [],
      ],
      [
        'an active alarm is suppressed by M and resumes after',
        [
          [1, 9],
          [2, 50, 'M'],
          [3, 50, 'M'],
          [4, 9],
        ],
        ['raise:h@1', 'suppress:h@2', 'unsuppress:h@4'],
      ],
      [
        'back to normal during calibration: rtn first, then unsuppress',
        [
          [1, 9],
          [2, 9, 'C'],
          [3, 5],
        ],
        ['raise:h@1', 'suppress:h@2', 'rtn:h@3', 'unsuppress:h@3'],
      ],
      ['lowercase flags count', [[1, 5, 'd']], ['raise:flag_fault@1']],
    ])('%s', (_name, steps, expected) => {
      expect(run(new SensorEvaluator(config({ high: 8, deadband: 0 })), steps)).toEqual(expected)
    })
  })

  describe('device silence', () => {
    it('raises once after the timeout (server clock) and returns on the next reading', () => {
      const ev = new SensorEvaluator(config({ high: 8, silence_timeout_s: 60 }))
      expect(ev.onTick(0)).toEqual([]) // never heard from: nothing to miss
      ev.onReading({ t: 0, value: 1, flag: 'N', receivedAt: 1_000 })
      expect(ev.onTick(60_999)).toEqual([])
      expect(ev.onTick(61_000).map(fmt)).toEqual(['raise:silent@61'])
      expect(ev.onTick(500_000)).toEqual([])
      const back = ev.onReading({ t: 5_000, value: 1, flag: 'N', receivedAt: 600_000 })
      expect(back.map(fmt)).toEqual(['rtn:silent@600'])
    })

    it('has no silence rule without a timeout', () => {
      const ev = new SensorEvaluator(config({ high: 8 }))
      ev.onReading({ t: 0, value: 1, flag: 'N', receivedAt: 0 })
      expect(ev.onTick(1e9)).toEqual([])
    })
  })

  it('evaluates only its series (real-time data by default)', () => {
    const ev = new SensorEvaluator(config({ high: 8 }))
    expect(ev.onReading({ t: 1000, value: 9, flag: 'N', kind: 'hour', receivedAt: 0 })).toEqual([])
    expect(ev.onReading({ t: 1000, value: 9, flag: 'N', kind: 'rtd', receivedAt: 0 }).map(fmt)).toEqual([
      'raise:h@1',
    ])
  })

  it('restores a snapshot, so a failed commit is evaluated again', () => {
    const ev = new SensorEvaluator(config({ high: 8 }))
    const before = ev.snapshot()
    expect(run(ev, [[1, 9]])).toEqual(['raise:h@1'])
    ev.restore(before)
    expect(run(ev, [[1, 9]])).toEqual(['raise:h@1'])
  })

  it('rebuilt from open alarms, it returns them to normal', () => {
    const ev = new SensorEvaluator(config({ high: 8, deadband: 0 }))
    ev.markActive('h')
    ev.markActive('silent')
    expect(run(ev, [[1, 7]])).toEqual(['rtn:silent@1', 'rtn:h@1'])
    const sup = new SensorEvaluator(config({ high: 8, deadband: 0 }))
    sup.markActive('h', true)
    expect(run(sup, [[1, 9]])).toEqual(['unsuppress:h@1'])
  })

  it('carries the value, limit and direction of a raise', () => {
    const ev = new SensorEvaluator(config({ low: 19.5, high: 23.5 }, 'gas_detector', 'O2'))
    expect(ev.onReading({ t: 0, value: 18, flag: null, receivedAt: 0 })).toEqual([
      { type: 'raise', rule: 'l', t: 0, value: 18, limit: 19.5, direction: 'low' },
    ])
  })
})
