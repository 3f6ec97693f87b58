import { describe, expect, it } from 'vitest'
import { parkSafetySensors } from '../../../../../sensors/simulators/safety/park-safety-sensors'
import { TransportError } from '../../../../../sensors/simulators/safety/transports'
import { captureTransport, msOf, park, runFor, series, START } from './harness'

describe('safety simulator', () => {
  it('simulates every gas detector, three transmitters per tank and the supervised processes’ parameters', () => {
    const sensors = parkSafetySensors(park)
    const kinds = new Map<string, number>()
    for (const s of sensors) kinds.set(s.kind, (kinds.get(s.kind) ?? 0) + 1)
    expect(Object.fromEntries(kinds)).toEqual({
      gas_detector: 149,
      process: expect.any(Number),
      tank_level: 125,
      tank_pressure: 125,
      tank_temperature: 125,
    })
    expect(new Set(sensors.map((s) => s.id)).size).toBe(sensors.length)
    expect(sensors.find((s) => s.id === 'PU-E05-NITR.CW')).toMatchObject({ gateway: 'GW-E05', unit: 'm³/h' })
    for (const s of sensors) expect(s.gateway).toBe(`GW-${s.enterprise_id}`)
  })

  it('reports each sensor once per period, batched per gateway, times in CST with their offset', async () => {
    const { sim, batches } = await runFor(30)
    const all = batches.flatMap((b) => b.readings)
    expect(new Set(batches.map((b) => b.gateway))).toEqual(new Set(sim.gateways))
    for (const b of batches) expect(b.readings.every((r) => r.sensor.length > 0)).toBe(true)
    const perSensor = series(batches)
    expect(perSensor.size).toBe(sim.sensors.length)
    for (const rs of perSensor.values()) {
      expect(rs.length).toBeGreaterThanOrEqual(5)
      expect(rs.length).toBeLessThanOrEqual(7)
      const gaps = rs.slice(1).map((r, i) => msOf(r) - msOf(rs[i]!))
      expect(new Set(gaps)).toEqual(new Set([5000]))
    }
    expect(all[0]!.t).toMatch(/^2026-11-28T08:00:\d\d\.000\+08:00$/)
    expect(sim.stats()).toMatchObject({ sent: batches.length, dropped: 0, buffered: 0 })
  })

  it('is deterministic for a seed, and another seed gives other values', async () => {
    const a = await runFor(60, { seed: 42 })
    const b = await runFor(60, { seed: 42 })
    const c = await runFor(60, { seed: 43 })
    expect(b.batches).toEqual(a.batches)
    const values = (x: typeof a) => x.batches.flatMap((bt) => bt.readings.map((r) => r.v))
    expect(values(c)).not.toEqual(values(a))
  })

  it('keeps the steady state quiet: clean air, tanks inside 15–80 %, no fault flags by default in 10 min', async () => {
    const { sim, batches } = await runFor(600, { leak: false })
    const by = series(batches)
    for (const s of sim.sensors) {
      const vs = by
        .get(s.id)!
        .filter((r) => r.v !== null)
        .map((r) => r.v!)
      if (s.measure === 'combustible') expect(Math.max(...vs)).toBeLessThan(5)
      if (s.kind === 'tank_level') {
        expect(Math.min(...vs)).toBeGreaterThanOrEqual(15)
        expect(Math.max(...vs)).toBeLessThanOrEqual(80)
      }
    }
    // some tanks are filling or emptying within ten minutes
    const moved = [...by.entries()].filter(([id, rs]) => {
      if (!id.endsWith('.LT')) return false
      return Math.abs(rs.at(-1)!.v! - rs[0]!.v!) > 1
    })
    expect(moved.length).toBeGreaterThan(0)
  })

  it('produces fault, comms, maintenance and calibration episodes (F and B without a value)', async () => {
    const { batches } = await runFor(60, {
      leak: false,
      faults: { fault: 0.01, comms: 0.01, maintenance: 0.01, calibration: 0.01 },
    })
    const flagged = batches.flatMap((b) => b.readings).filter((r) => r.flag)
    expect(new Set(flagged.map((r) => r.flag))).toEqual(new Set(['F', 'B', 'M', 'C']))
    for (const r of flagged) expect(r.v === null).toBe(r.flag === 'F' || r.flag === 'B')
  })

  it('buffers batches while the platform is unreachable and sends them in order afterwards', async () => {
    const t = captureTransport((call) => (call < 40 ? new TransportError('down', true) : null))
    const { sim, batches } = await runFor(60, { leak: false }, t)
    expect(sim.stats()).toMatchObject({ dropped: 0, buffered: 0 })
    expect(sim.stats().retries).toBeGreaterThan(0)
    for (const g of sim.gateways) {
      const times = batches.filter((b) => b.gateway === g).map((b) => msOf(b.readings[0]!))
      expect(times).toEqual([...times].sort((x, y) => x - y))
      expect(times.length).toBeGreaterThanOrEqual(12)
    }
  })

  it('drops a batch the platform refuses for good, and the oldest beyond the buffer', async () => {
    const refused = await runFor(
      10,
      { leak: false },
      captureTransport(() => new TransportError('401', false)),
    )
    expect(refused.batches).toEqual([])
    expect(refused.sim.stats().dropped).toBe(refused.sim.stats().batches)
    const full = await runFor(
      60,
      { leak: false, maxBuffered: 2 },
      captureTransport(() => new TransportError('down', true)),
    )
    expect(full.sim.stats().buffered).toBe(2 * full.sim.gateways.length)
    expect(full.sim.stats().dropped).toBe(full.sim.stats().batches - full.sim.stats().buffered)
  })

  it('starts the first batch of every gateway within the first period', async () => {
    const { batches } = await runFor(5)
    const first = Math.min(...batches.map((b) => msOf(b.readings[0]!)))
    expect(first - START).toBeLessThan(5000)
  })
})
