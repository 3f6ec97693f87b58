import { describe, expect, it } from 'vitest'
import {
  cardTopic,
  decodeCardBatch,
  decodeGateEvent,
  gateTopic,
  normalisePlate,
  parseCardPayload,
  parseCardTopic,
  parseGateTopic,
} from '../../../../../sensors/protocols/cards'

const now = Date.parse('2026-11-28T08:00:00Z')
const policy = { now }
const ok = { card: 'CARD-0001', t: '2026-11-28T15:59:00+08:00', lon: 121.1, lat: 31.9 }

describe('card feed decoding', () => {
  it('decodes a batch item by item with reason codes', () => {
    const r = decodeCardBatch(
      {
        positions: [
          { ...ok, battery: 55, sos: true, floor: 2 },
          { ...ok, t: 'yesterday' },
          { ...ok, lon: 200 },
          { ...ok, lon: 0, lat: 0 },
          { ...ok, battery: 120 },
          { ...ok, t: now + 3_600_000 },
          { ...ok, t: now - 30 * 86_400_000 },
          { t: now, lon: 1, lat: 1 },
          { ...ok, card: 'bad/id' },
        ],
      },
      policy,
    )
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.items).toHaveLength(1)
    expect(r.items[0]!.value).toMatchObject({
      card: 'CARD-0001',
      t: '2026-11-28T07:59:00.000Z',
      battery: 55,
      sos: true,
      floor: 2,
    })
    expect(r.rejected.map((x) => [x.index, x.reason])).toEqual([
      [1, 'bad_time'],
      [2, 'bad_position'],
      [3, 'bad_position'],
      [4, 'bad_battery'],
      [5, 'future_time'],
      [6, 'too_old'],
      [7, 'schema'],
      [8, 'schema'],
    ])
  })

  it('refuses whole messages that are not a batch under "positions"', () => {
    expect(decodeCardBatch({ readings: [ok] }, policy)).toMatchObject({ ok: false, reason: 'schema' })
    expect(decodeCardBatch({ positions: Array(501).fill(ok) }, policy)).toMatchObject({
      ok: false,
      reason: 'too_large',
    })
    expect(parseCardPayload(Buffer.from('{nope'), policy)).toMatchObject({ ok: false, reason: 'bad_json' })
    expect(parseCardPayload(Buffer.alloc(300_000, 32), policy)).toMatchObject({
      ok: false,
      reason: 'too_large',
    })
  })

  it('parses topics', () => {
    expect(parseCardTopic('cpt', cardTopic('cpt', 'GW-1'))).toBe('GW-1')
    expect(parseCardTopic('cpt', 'cpt/v1/cards/GW-1/status')).toBeNull()
    expect(parseGateTopic('cpt/x', gateTopic('cpt/x', 'G1'))).toBe('G1')
    expect(parseGateTopic('cpt', 'cpt/v1/gateways/G1/events')).toBeNull()
  })
})

describe('gate events', () => {
  const ev = { plate: '苏E·12345', lane: 2, direction: 'in', t: now }
  it('takes the gate from the topic and checks it matches', () => {
    const r = decodeGateEvent(ev, policy, 'GATE-1')
    expect(r).toMatchObject({
      ok: true,
      event: { gate: 'GATE-1', lane: '2', direction: 'in', photo_ref: null },
    })
    expect(decodeGateEvent({ ...ev, gate: 'GATE-2' }, policy, 'GATE-1')).toMatchObject({
      ok: false,
      reason: 'schema',
    })
    expect(decodeGateEvent({ ...ev, direction: 'up' }, policy, 'GATE-1')).toMatchObject({
      ok: false,
      reason: 'schema',
    })
    expect(decodeGateEvent({ ...ev, t: 'x' }, policy, 'GATE-1')).toMatchObject({
      ok: false,
      reason: 'bad_time',
    })
  })
  it('normalises plates', () => {
    expect(normalisePlate('苏e·12345（黄）')).toBe('苏E12345')
    expect(normalisePlate('苏E 12345')).toBe('苏E12345')
  })
})
