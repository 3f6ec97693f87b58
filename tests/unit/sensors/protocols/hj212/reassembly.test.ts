import { describe, expect, it } from 'vitest'
import {
  decodePacket,
  encodeSplitPackets,
  Hj212Reassembler,
  naturalKey,
  type EncodePacketInput,
  type Hj212Packet,
  type PollutantValueInput,
} from '../../../../../sensors/protocols/hj212'

const CODES = ['w01018', 'w21003', 'w21001', 'w21011', 'w01001', 'w00000', 'w22001', 'w01010']
const VALUES: PollutantValueInput[] = CODES.flatMap((code, i) =>
  (['Min', 'Avg', 'Max', 'Cou'] as const).map((field, j) => ({
    code,
    field,
    value: i * 10 + j + 0.5,
    flag: 'N' as const,
  })),
)

function minuteData(mn: string, qn = '20261128153100123'): EncodePacketInput {
  return {
    qn,
    st: 32,
    cn: 2051,
    pw: '123456',
    mn,
    flag: 5,
    cp: { dataTime: '20261128153000', values: VALUES },
  }
}

function parts(mn: string, qn?: string): Hj212Packet[] {
  return encodeSplitPackets(minuteData(mn, qn), 400).map((frame) => {
    const result = decodePacket(frame)
    if (!result.ok) throw new Error(result.detail)
    return result.packet
  })
}

describe('encodeSplitPackets', () => {
  it('splits a long CP into parts with split Flag, PNUM/PNO and DataTime in each', () => {
    const frames = encodeSplitPackets(minuteData('MN1'), 400)
    const split = parts('MN1')
    expect(frames.length).toBe(3)
    for (const frame of frames) expect(Number(frame.slice(2, 6))).toBeLessThanOrEqual(400)
    expect(split.map((p) => [p.flag.value, p.flag.split, p.pnum, p.pno, p.qn])).toEqual([
      [7, true, 3, 1, '20261128153100123'],
      [7, true, 3, 2, '20261128153100123'],
      [7, true, 3, 3, '20261128153100123'],
    ])
    expect(split.every((p) => p.cp.dataTime === '20261128153000')).toBe(true)
    expect(split.map(naturalKey)).toEqual([
      'MN1|2051|20261128153000|1',
      'MN1|2051|20261128153000|2',
      'MN1|2051|20261128153000|3',
    ])
    // no pollutant's fields are torn across parts
    const codesPerPart = split.map((p) => new Set(p.cp.values.map((v) => v.code)))
    for (const code of CODES) expect(codesPerPart.filter((set) => set.has(code))).toHaveLength(1)
  })

  it('leaves a packet that fits unsplit, and refuses a group that cannot fit', () => {
    expect(encodeSplitPackets(minuteData('MN1'))).toHaveLength(1)
    expect(() => encodeSplitPackets(minuteData('MN1'), 150)).toThrow(RangeError)
    expect(() => encodeSplitPackets({ ...minuteData('MN1'), qn: undefined }, 400)).toThrow(RangeError)
  })
})

describe('Hj212Reassembler', () => {
  const expectMerged = (packet: Hj212Packet): void => {
    expect(packet.cp.values.map(({ code, field, value, flag }) => ({ code, field, value, flag }))).toEqual(
      VALUES,
    )
    expect(packet).toMatchObject({
      mn: 'MN1',
      cn: 2051,
      flag: { split: false, value: 5 },
      cp: { dataTime: '20261128153000' },
    })
    expect(packet.pnum).toBeUndefined()
    expect(naturalKey(packet)).toBe('MN1|2051|20261128153000|')
  }

  it('merges parts arriving in order', () => {
    const r = new Hj212Reassembler()
    const [a, b, c] = parts('MN1') as [Hj212Packet, Hj212Packet, Hj212Packet]
    expect(r.push(a, 0)).toMatchObject({ status: 'pending', received: 1, total: 3 })
    expect(r.push(b, 1)).toMatchObject({ status: 'pending', received: 2 })
    const done = r.push(c, 2)
    if (done.status !== 'complete') throw new Error(done.status)
    expectMerged(done.packet)
    expect(r.size).toBe(0)
  })

  it('merges parts arriving out of order, in PNO order', () => {
    const r = new Hj212Reassembler()
    const [a, b, c] = parts('MN1') as [Hj212Packet, Hj212Packet, Hj212Packet]
    r.push(c, 0)
    r.push(a, 1)
    const done = r.push(b, 2)
    if (done.status !== 'complete') throw new Error(done.status)
    expectMerged(done.packet)
  })

  it('reports a duplicate part and still completes once', () => {
    const r = new Hj212Reassembler()
    const [a, b, c] = parts('MN1') as [Hj212Packet, Hj212Packet, Hj212Packet]
    r.push(a, 0)
    expect(r.push(a, 1).status).toBe('duplicate')
    r.push(b, 2)
    expect(r.push(c, 3).status).toBe('complete')
  })

  it('keeps sets of different devices and QNs apart', () => {
    const r = new Hj212Reassembler()
    const one = parts('MN1')
    const two = parts('MN2')
    const later = parts('MN1', '20261128153200123')
    const outcomes = [0, 1, 2].flatMap((i) => [one[i]!, two[i]!, later[i]!]).map((p) => r.push(p, 0).status)
    expect(outcomes.filter((s) => s === 'complete')).toHaveLength(3)
  })

  it('drops an incomplete set after the timeout', () => {
    const r = new Hj212Reassembler({ timeoutMs: 1000 })
    const [a, b] = parts('MN1') as [Hj212Packet, Hj212Packet]
    r.push(a, 0)
    r.push(b, 500)
    expect(r.expire(999)).toEqual([])
    expect(r.expire(1000)).toEqual([
      { mn: 'MN1', qn: '20261128153100123', cn: 2051, total: 3, received: [1, 2], reason: 'timeout' },
    ])
    expect(r.size).toBe(0)
  })

  it('also expires on push, and caps the number of sets held', () => {
    const r = new Hj212Reassembler({ maxSets: 2, timeoutMs: 1000 })
    const first = (mn: string): Hj212Packet => parts(mn)[0]!
    r.push(first('A'), 0)
    r.push(first('B'), 1)
    const third = r.push(first('C'), 2)
    expect(third.dropped.map((d) => [d.mn, d.reason])).toEqual([['A', 'evicted']])
    expect(r.size).toBe(2)
    expect(r.push(first('D'), 5000).dropped.map((d) => d.reason)).toEqual(['timeout', 'timeout'])
    expect(r.size).toBe(1)
  })

  it('refuses oversized or inconsistent sets, and passes unsplit packets through', () => {
    const r = new Hj212Reassembler({ maxParts: 2 })
    const [a] = parts('MN1') as [Hj212Packet]
    expect(r.push(a, 0)).toMatchObject({ status: 'rejected' })
    const loose = new Hj212Reassembler()
    loose.push(a, 0)
    expect(loose.push({ ...a, pno: 2, pnum: 4 }, 0)).toMatchObject({ status: 'rejected' })
    const whole = decodePacket(encodeSplitPackets(minuteData('MN1'))[0]!)
    if (!whole.ok) throw new Error(whole.detail)
    expect(loose.push(whole.packet, 0)).toMatchObject({ status: 'complete', packet: whole.packet })
  })
})
