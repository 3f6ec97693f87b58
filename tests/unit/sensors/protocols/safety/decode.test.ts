import { describe, expect, it } from 'vitest'
import {
  dataFlagOf,
  decodeBatch,
  decodeSensorMessage,
  encodeBatch,
  encodeSensorMessage,
  parsePayload,
  type SafetyRejectReason,
} from '../../../../../sensors/protocols/safety'

const NOW = Date.parse('2026-11-28T00:00:00Z')
const policy = { now: NOW }
const bytes = (text: string) => new TextEncoder().encode(text)
const json = (payload: Uint8Array | string) => {
  const r = parsePayload(payload, policy)
  if (!r.ok) throw new Error(r.message)
  return r.json
}

describe('one reading (<prefix>/v1/sensors/<id>/data)', () => {
  it('accepts ISO with an offset, Z, and epoch ms, and normalises t to UTC', () => {
    for (const t of ['2026-11-28T07:59:55+08:00', '2026-11-27T23:59:55Z', NOW - 5000]) {
      expect(decodeSensorMessage('GD-E01-11', { t, v: 3.5 }, policy)).toEqual({
        ok: true,
        reading: { sensor: 'GD-E01-11', t: '2026-11-27T23:59:55.000Z', tMs: NOW - 5000, v: 3.5, flag: 'N' },
      })
    }
  })

  it('keeps the flag, allows null with a flag other than N, and ignores unknown fields and seq', () => {
    const r = decodeSensorMessage('T-E01-01.PT', { t: NOW, v: null, flag: 'F', seq: 7, rssi: -71 }, policy)
    expect(r).toMatchObject({ ok: true, reading: { v: null, flag: 'F' } })
    expect(decodeSensorMessage('x', { t: NOW, v: 0, flag: 'M' }, policy)).toMatchObject({ ok: true })
  })

  it('accepts up to 10 min ahead and 7 days back', () => {
    expect(decodeSensorMessage('x', { t: NOW + 600_000, v: 1 }, policy).ok).toBe(true)
    expect(decodeSensorMessage('x', { t: NOW - 7 * 86_400_000, v: 1 }, policy).ok).toBe(true)
  })

  const invalid: [string, unknown, SafetyRejectReason][] = [
    ['not an object', [1, 2], 'schema'],
    ['a string', 'hello', 'schema'],
    ['null', null, 'schema'],
    ['no t', { v: 1 }, 'bad_time'],
    ['no v', { t: NOW }, 'bad_value'],
    ['t without a zone', { t: '2026-11-28T08:00:00', v: 1 }, 'bad_time'],
    ['t as a date only', { t: '2026-11-28', v: 1 }, 'bad_time'],
    ['t in another format', { t: '28/11/2026 08:00', v: 1 }, 'bad_time'],
    ['t as HJ 212 DataTime', { t: '20261128080000', v: 1 }, 'bad_time'],
    ['t month 13', { t: '2026-13-28T08:00:00Z', v: 1 }, 'bad_time'],
    ['t fractional ms', { t: NOW + 0.5, v: 1 }, 'bad_time'],
    ['t negative', { t: -1, v: 1 }, 'bad_time'],
    ['t boolean', { t: true, v: 1 }, 'bad_time'],
    ['t an hour ahead', { t: NOW + 3_600_000, v: 1 }, 'future_time'],
    ['t in year 9999', { t: '9999-12-31T00:00:00Z', v: 1 }, 'future_time'],
    ['t 8 days old', { t: NOW - 8 * 86_400_000, v: 1 }, 'too_old'],
    ['t in epoch seconds', { t: Math.floor(NOW / 1000), v: 1 }, 'too_old'],
    ['v a numeric string', { t: NOW, v: '3.5' }, 'bad_value'],
    ['v boolean', { t: NOW, v: false }, 'bad_value'],
    ['v an object', { t: NOW, v: { value: 1 } }, 'bad_value'],
    ['v null with flag N', { t: NOW, v: null }, 'bad_value'],
    ['v null with an explicit N', { t: NOW, v: null, flag: 'N' }, 'bad_value'],
    ['unknown flag', { t: NOW, v: 1, flag: 'D' }, 'schema'],
    ['lower-case flag', { t: NOW, v: 1, flag: 'f' }, 'schema'],
    ['flag a number', { t: NOW, v: 1, flag: 0 }, 'schema'],
    ['negative seq', { t: NOW, v: 1, seq: -1 }, 'schema'],
    ['fractional seq', { t: NOW, v: 1, seq: 1.5 }, 'schema'],
  ]
  it.each(invalid)('refuses %s as %s', (_name, body, reason) => {
    const r = decodeSensorMessage('GD-E01-11', body, policy)
    expect(r).toMatchObject({ ok: false, reason })
    if (!r.ok) expect(r.message.length).toBeGreaterThan(3)
  })

  it('refuses a value that JSON overflows to Infinity', () => {
    expect(decodeSensorMessage('x', json('{"t": 1795824000000, "v": 1e400}'), policy)).toMatchObject({
      ok: false,
      reason: 'bad_value',
    })
  })
})

describe('payload bytes', () => {
  const invalid: [string, Uint8Array | string, SafetyRejectReason][] = [
    ['empty', '', 'bad_json'],
    ['truncated JSON', '{"t": 1, "v"', 'bad_json'],
    ['not UTF-8', Uint8Array.of(0x7b, 0xff, 0xfe, 0x7d), 'bad_json'],
    ['NaN literal', '{"t": 1, "v": NaN}', 'bad_json'],
    ['single quotes', "{'t': 1}", 'bad_json'],
    ['over 256 KiB', 'x'.repeat(256 * 1024 + 1), 'too_large'],
  ]
  it.each(invalid)('refuses %s as %s', (_name, payload, reason) => {
    expect(parsePayload(typeof payload === 'string' ? bytes(payload) : payload, policy)).toMatchObject({
      ok: false,
      reason,
    })
  })

  it('honours a smaller payload limit', () => {
    expect(parsePayload('{"readings":[]}', { ...policy, maxPayloadBytes: 4 })).toMatchObject({
      reason: 'too_large',
    })
  })
})

describe('a batch (gateways topic, HTTP body)', () => {
  it('keeps the valid readings and refuses the others one by one, by index', () => {
    const r = decodeBatch(
      {
        readings: [
          { sensor: 'GD-E01-11', t: NOW, v: 3 },
          { sensor: 'GD E01', t: NOW, v: 3 },
          { sensor: 'T-E01-01.LT', t: NOW + 3_600_000, v: 50 },
          'junk',
          { sensor: 'T-E01-01.PT', t: NOW, v: null, flag: 'B' },
          { t: NOW, v: 1 },
          { sensor: 'x'.repeat(101), t: NOW, v: 1 },
        ],
      },
      policy,
    )
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.readings.map((x) => [x.index, x.reading.sensor, x.reading.flag])).toEqual([
      [0, 'GD-E01-11', 'N'],
      [4, 'T-E01-01.PT', 'B'],
    ])
    expect(r.rejected.map((x) => [x.index, x.reason])).toEqual([
      [1, 'schema'],
      [2, 'future_time'],
      [3, 'schema'],
      [5, 'schema'],
      [6, 'schema'],
    ])
    expect(r.rejected[0]!.message).toMatch(/^sensor: /)
  })

  it('accepts an empty batch and exactly 500 readings', () => {
    expect(decodeBatch({ readings: [] }, policy)).toEqual({ ok: true, readings: [], rejected: [] })
    const many = Array.from({ length: 500 }, (_, i) => ({ sensor: 'GD-E01-11', t: NOW - i * 1000, v: 1 }))
    expect(decodeBatch({ readings: many }, policy)).toMatchObject({ ok: true, rejected: [] })
  })

  const invalid: [string, unknown, SafetyRejectReason][] = [
    ['no readings', { data: [] }, 'schema'],
    ['readings not an array', { readings: { sensor: 'x' } }, 'schema'],
    ['an array body', [{ sensor: 'x', t: NOW, v: 1 }], 'schema'],
    ['null', null, 'schema'],
    ['501 readings', { readings: Array.from({ length: 501 }, () => ({})) }, 'too_large'],
  ]
  it.each(invalid)('refuses %s as a whole (%s)', (_name, body, reason) => {
    expect(decodeBatch(body, policy)).toMatchObject({ ok: false, reason })
  })

  it('honours a smaller batch limit', () => {
    expect(decodeBatch({ readings: [{}, {}] }, { ...policy, maxBatch: 1 })).toMatchObject({
      reason: 'too_large',
    })
  })
})

describe('encoding for senders', () => {
  it('round-trips a batch and a single reading, leaving flag N out', () => {
    const readings = [
      { sensor: 'GD-E01-11', t: '2026-11-28T08:00:00+08:00', v: 12.5 },
      { sensor: 'T-E01-01.PT', t: NOW, v: null, flag: 'F' as const },
      { sensor: 'T-E01-01.LT', t: NOW, v: 50, flag: 'N' as const },
    ]
    const text = encodeBatch(readings)
    expect(text).not.toContain('"flag":"N"')
    const r = decodeBatch(json(text), policy)
    expect(
      r.ok && r.readings.map((x) => [x.reading.sensor, x.reading.tMs, x.reading.v, x.reading.flag]),
    ).toEqual([
      ['GD-E01-11', NOW, 12.5, 'N'],
      ['T-E01-01.PT', NOW, null, 'F'],
      ['T-E01-01.LT', NOW, 50, 'N'],
    ])
    const one = encodeSensorMessage({ t: NOW, v: 1, flag: 'C', seq: 3 })
    expect(JSON.parse(one)).toEqual({ t: NOW, v: 1, flag: 'C', seq: 3 })
    expect(decodeSensorMessage('x', json(one), policy)).toMatchObject({ ok: true, reading: { flag: 'C' } })
  })

  it('maps wire flags to the HJ 212 flags the alarm engine evaluates (F fault → D)', () => {
    expect((['N', 'F', 'M', 'C', 'B'] as const).map(dataFlagOf)).toEqual(['N', 'D', 'M', 'C', 'B'])
  })
})
