// Split messages (JT/T 808-2019 §4.4 消息头 分包): parts carry consecutive serials and pkgTotal/pkgNo.
import { describe, expect, it } from 'vitest'
import {
  decodeBody,
  decodeFrame,
  encodeBatch,
  encodeFrame,
  Jt808Reassembler,
  MsgId,
  type Jt808Header,
  type Jt808Version,
} from '../../../../../sensors/protocols/jt808'
import { PHONE_2013, PHONE_2019 } from './helpers'

const batch = encodeBatch({
  items: Array.from({ length: 5 }, (_, i) => ({
    lat: 31 + i / 100,
    lon: 121,
    time: new Date(Date.UTC(2024, 5, 1, 0, i)),
  })),
})

/** Splits `body` into `total` parts as a terminal would, returning the decoded fragments. */
function fragments(
  body: Buffer,
  total: number,
  firstSerial = 100,
  version: Jt808Version = 2013,
  phone = PHONE_2013,
) {
  const size = Math.ceil(body.length / total)
  return Array.from({ length: total }, (_, i) => {
    const part = body.subarray(i * size, (i + 1) * size)
    const split = { total, index: i + 1 }
    const res = decodeFrame(
      encodeFrame({ msgId: MsgId.batch, phone, serial: firstSerial + i, version, split }, part),
    )
    if (!res.ok || res.message.kind !== 'fragment') throw new Error('expected a fragment')
    return { header: res.message.header, raw: res.message.body.raw }
  })
}

function pushAll(r: Jt808Reassembler, parts: { header: Jt808Header; raw: Buffer }[]) {
  return parts.map((p) => r.push(p.header, p.raw))
}

describe('Jt808Reassembler', () => {
  it('decodes a fragment with its split fields', () => {
    const [first] = fragments(batch, 3)
    expect(first!.header.split).toEqual({ total: 3, index: 1 })
  })

  it.each([
    ['in order', [0, 1, 2]],
    ['out of order', [2, 0, 1]],
  ])('assembles 3 parts %s into a decodable body', (_name, order) => {
    const parts = fragments(batch, 3, 65534, 2019, PHONE_2019) // serials wrap past 65535
    const r = new Jt808Reassembler()
    const results = pushAll(
      r,
      order.map((i) => parts[i]!),
    )
    expect(results.slice(0, 2).map((x) => x.status)).toEqual(['pending', 'pending'])
    const done = results[2]!
    if (done.status !== 'complete') throw new Error(done.status)
    expect(done.body).toEqual(batch)
    expect(done.header).toMatchObject({ serial: 65534, split: null, bodyLength: batch.length, version: 2019 })
    const decoded = decodeBody(done.header, done.body)
    expect(decoded.ok && decoded.message.kind === 'batch' && decoded.message.body.items).toHaveLength(5)
    expect(r.pendingSets).toBe(0)
    expect(r.pendingBytes).toBe(0)
  })

  it('ignores a duplicate part', () => {
    const parts = fragments(batch, 3)
    const r = new Jt808Reassembler()
    const results = pushAll(r, [parts[0]!, parts[0]!, parts[1]!, parts[2]!])
    expect(results.map((x) => x.status)).toEqual(['pending', 'duplicate', 'pending', 'complete'])
    expect(r.stats).toMatchObject({ duplicates: 1, completed: 1 })
  })

  it('keeps sets of different terminals apart', () => {
    const a = fragments(batch, 2, 10, 2013, '013900000001')
    const b = fragments(batch, 2, 10, 2013, '013900000002')
    const r = new Jt808Reassembler()
    expect(pushAll(r, [a[0]!, b[0]!, a[1]!, b[1]!]).map((x) => x.status)).toEqual([
      'pending',
      'pending',
      'complete',
      'complete',
    ])
  })

  it('drops an incomplete set after the timeout', () => {
    let now = 0
    const r = new Jt808Reassembler({ timeoutMs: 1000, now: () => now })
    const parts = fragments(batch, 3)
    pushAll(r, parts.slice(0, 2))
    now = 1500
    expect(r.sweep()).toBe(1)
    expect(r.stats.expired).toBe(1)
    // the late part starts a new set instead of completing the dropped one
    expect(r.push(parts[2]!.header, parts[2]!.raw)).toMatchObject({ status: 'pending', received: 1 })
  })

  it('caps sets and bytes, evicting the oldest', () => {
    const r = new Jt808Reassembler({ maxSets: 2, maxBytes: 200 })
    for (let s = 0; s < 5; s++) pushAll(r, fragments(batch, 3, 1000 + s * 10).slice(0, 1))
    expect(r.pendingSets).toBe(2)
    expect(r.stats.evicted).toBe(3)
    expect(r.pendingBytes).toBeLessThanOrEqual(200)
    const big = new Jt808Reassembler({ maxBytes: 100 })
    const res = pushAll(big, fragments(batch, 3))
    expect(res.some((x) => x.status === 'rejected')).toBe(true)
    expect(big.pendingBytes).toBeLessThanOrEqual(100)
  })

  it.each([
    ['not split', { split: null }],
    ['index 0', { split: { total: 3, index: 0 } }],
    ['index past total', { split: { total: 3, index: 4 } }],
    ['too many parts', { split: { total: 10_000, index: 1 } }],
  ])('rejects %s', (_name, patch) => {
    const [part] = fragments(batch, 3)
    const r = new Jt808Reassembler()
    expect(r.push({ ...part!.header, ...patch }, part!.raw).status).toBe('rejected')
  })

  it('rejects a part whose total disagrees with its set', () => {
    const parts = fragments(batch, 3)
    const r = new Jt808Reassembler()
    r.push(parts[0]!.header, parts[0]!.raw)
    const liar = { ...parts[1]!.header, split: { total: 4, index: 2 } }
    expect(r.push(liar, parts[1]!.raw).status).toBe('rejected')
  })
})
