import { describe, expect, it } from 'vitest'
import { decodePacket, type Hj212Packet } from '../../../../../sensors/protocols/hj212'
import { createPrng } from '../../../../../sensors/simulators/prng'
import { CollectorAgent, type SimCollector } from '../../../../../sensors/simulators/hj212/collector-agent'
import { PROFILES } from '../../../../../sensors/simulators/hj212/profiles'

const water: SimCollector = { mn: '320682JHE01W001SN4422157', pw: '1a2b3c', measure: 'wastewater' }
// 2026-11-28 10:00:20 CST
const start = Date.UTC(2026, 10, 28, 2, 0, 20)

function decoded(frame: string): Hj212Packet {
  const r = decodePacket(frame)
  if (!r.ok) throw new Error(`${r.reason}: ${r.detail}`)
  return r.packet
}

describe('CollectorAgent', () => {
  it('sends real-time data at once, as a valid HJ 212-2017 upload asking for an answer', () => {
    const agent = new CollectorAgent(water, createPrng(1), start)
    const [rtd, ...rest] = agent.due(start)
    expect(rest).toEqual([])
    const p = decoded(rtd!.frame) // CRC checked by the decoder
    expect(p).toMatchObject({ cn: 2011, st: 32, mn: water.mn, pw: water.pw, qn: rtd!.qn })
    expect(p.flag).toMatchObject({ value: 5, version: 1, ackWanted: true })
    expect(p.cp.dataTime).toBe('20261128100020')
    expect(p.cp.values.map((v) => v.code)).toEqual(PROFILES.wastewater.map((x) => x.code))
    expect(p.cp.values.every((v) => v.field === 'Rtd' && v.value !== null && v.flag)).toBe(true)
  })

  it('keeps the real-time interval, and sends minute data on the minute and hour data on the hour', () => {
    const agent = new CollectorAgent(water, createPrng(1), start, { rtdIntervalMs: 30_000 })
    agent.due(start)
    expect(agent.due(start + 29_000)).toEqual([])
    expect(agent.due(start + 30_000).map((f) => f.cn)).toEqual([2011])
    // 10:01:00: minute data of 10:00–10:01 (DataTime = start of the interval)
    const [minute] = agent.due(start + 40_000)
    const p = decoded(minute!.frame)
    expect(p.cn).toBe(2051)
    expect(p.cp.dataTime).toBe('20261128100000')
    expect(new Set(p.cp.values.map((v) => v.field))).toEqual(new Set(['Min', 'Avg', 'Max', 'Cou']))
    // 11:00:00: hour data of 10:00–11:00 (and real-time and minute data due as well)
    const atHour = agent.due(Date.UTC(2026, 10, 28, 3, 0, 0))
    expect(atHour.map((f) => f.cn)).toEqual([2011, 2051, 2061])
    expect(decoded(atHour[2]!.frame).cp.dataTime).toBe('20261128100000')
  })

  it('gives every upload its own QN, even several in one millisecond', () => {
    const agent = new CollectorAgent(water, createPrng(1), start, { minuteMs: 1000, rtdIntervalMs: 1000 })
    const qns = [...agent.due(start + 1000), ...agent.due(start + 2000)].map((f) => f.qn)
    expect(qns).toHaveLength(4)
    expect(new Set(qns).size).toBe(4)
    expect([...qns].sort()).toEqual(qns)
  })

  it('resumes after a long pause instead of replaying a backlog', () => {
    const agent = new CollectorAgent(water, createPrng(1), start)
    agent.due(start)
    expect(agent.due(start + 86_400_000).map((f) => f.cn)).toEqual([2011, 2051, 2061])
    expect(agent.due(start + 86_400_000 + 1000)).toEqual([])
  })

  it('is deterministic for a seed and refuses periods that are not whole seconds', () => {
    const frames = (seed: number) => new CollectorAgent(water, createPrng(seed), start).due(start)[0]!.frame
    expect(frames(4)).toBe(frames(4))
    expect(frames(4)).not.toBe(frames(5))
    expect(() => new CollectorAgent(water, createPrng(1), start, { minuteMs: 1500 })).toThrow(RangeError)
  })
})
