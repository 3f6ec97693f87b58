import { describe, expect, it } from 'vitest'
import { GateTraffic, type GateEventWire } from '../../../../../sensors/simulators/gates/gate-traffic'
import { startGateSimulator } from '../../../../../sensors/simulators/gates/run-gates'
import { createManualClock } from '../../../../../sensors/simulators/clock'

const parkGates = [
  { id: 'G-DED', gate_class: 'dedicated', lanes: 2 },
  { id: 'G-GEN', gate_class: 'general', lanes: 4 },
  { id: 'G-UNA', gate_class: 'unattended', lanes: 1 },
  { id: 'G-EMG', gate_class: 'emergency', lanes: 2 },
]
const secondGates = [
  { id: 'E01-G2', enterprise_id: 'E01' },
  { id: 'E02-G2', enterprise_id: 'E02' },
]
const start = Date.parse('2026-11-29T00:00:00Z')
const hours = (h: number) => h * 3_600_000

function run(seed: number, untilMs: number, stepMs = 60_000): GateEventWire[] {
  const traffic = new GateTraffic({ parkGates, secondGates, seed, startMs: start })
  const out: GateEventWire[] = []
  for (let t = start; t <= untilMs; t += stepMs) out.push(...traffic.due(t))
  return out
}

describe('simulated gate traffic', () => {
  it('is the same for a seed, and another seed differs', () => {
    expect(run(7, start + hours(1))).toEqual(run(7, start + hours(1)))
    expect(run(8, start + hours(1))).not.toEqual(run(7, start + hours(1)))
  })

  it('hands out events once, in time order, none in the future', () => {
    const traffic = new GateTraffic({ parkGates, secondGates, seed: 1, startMs: start })
    let last = 0
    for (let t = start; t <= start + hours(2); t += 45_000) {
      const due = traffic.due(t)
      for (const e of due) {
        expect(e.t).toBeLessThanOrEqual(t)
        expect(e.t).toBeGreaterThanOrEqual(last)
        last = e.t
      }
    }
  })

  it('each vehicle enters and leaves through general or unattended gates; a visit passes one second gate in, then out', () => {
    // long enough that every vehicle of the first 3 h has left
    const events = run(3, start + hours(5))
    const byPlate = new Map<string, GateEventWire[]>()
    for (const e of events) byPlate.set(e.plate, [...(byPlate.get(e.plate) ?? []), e])
    const early = [...byPlate.values()].filter((list) => list[0]!.t < start + hours(3))
    // about one arrival every 40 s
    expect(early.length).toBeGreaterThan(180)
    expect(early.length).toBeLessThan(360)
    let visits = 0
    for (const list of early) {
      expect(list[0]).toMatchObject({ direction: 'in' })
      expect(['G-GEN', 'G-UNA']).toContain(list[0]!.gate)
      expect(list.at(-1)).toMatchObject({ direction: 'out' })
      expect(['G-GEN', 'G-UNA']).toContain(list.at(-1)!.gate)
      const second = list.filter((e) => e.gate.endsWith('-G2'))
      if (second.length) {
        visits++
        expect(second.map((e) => e.direction)).toEqual(['in', 'out'])
        expect(second[0]!.gate).toBe(second[1]!.gate)
      }
      expect(list.length).toBe(second.length ? 4 : 2)
      expect(list.every((e) => Number.isInteger(e.lane) && e.lane >= 1)).toBe(true)
      expect(list.every((e) => e.photo_ref === 'demo:plate-blue.jpg')).toBe(true)
    }
    expect(visits / early.length).toBeGreaterThan(0.4)
    expect(visits / early.length).toBeLessThan(0.8)
    expect(events.some((e) => e.gate === 'G-DED' || e.gate === 'G-EMG')).toBe(false)
  })

  it('keeps what the platform did not take and sends it again', async () => {
    const clock = createManualClock(start)
    const batches: GateEventWire[][] = []
    let fail = true
    const sim = startGateSimulator({
      parkGates,
      secondGates: [],
      seed: 5,
      clock,
      tickMs: 5,
      send: async (events) => {
        if (fail) throw new Error('platform away')
        batches.push([...events])
      },
    })
    clock.advance(hours(1))
    await new Promise((r) => setTimeout(r, 50))
    expect(sim.sent()).toBe(0)
    fail = false
    await new Promise((r) => setTimeout(r, 50))
    await sim.stop()
    const sent = batches.flat()
    expect(sent.length).toBe(sim.sent())
    expect(sent.length).toBeGreaterThan(40)
    expect(new Set(sent.map((e) => `${e.plate}/${e.direction}`)).size).toBe(sent.length)
  })
})
