// The simulated weather station: a deterministic function of seed and time with the season's prevailing wind, a
// slow veer, daytime winds and temperatures, cloud cover in oktas, every message valid for the platform's receiver;
// and its runner: one observation a period from the start, kept while the platform is away and sent in order.
import { describe, expect, it } from 'vitest'
import { weatherMessage } from '../../../../../server/modules/incidents/weather-station'
import { createManualClock } from '../../../../../sensors/simulators/clock'
import { startWeatherSimulator } from '../../../../../sensors/simulators/weather/run-weather'
import {
  WeatherTransportError,
  type WeatherTransport,
} from '../../../../../sensors/simulators/weather/transports'
import {
  createWeatherModel,
  valueNoise,
  type WeatherSample,
} from '../../../../../sensors/simulators/weather/weather-model'

const HOUR = 3_600_000
const day0 = Date.UTC(2026, 5, 1) - 8 * HOUR // 2026-06-01 00:00 China Standard Time
const change = (a: number, b: number) => {
  const d = Math.abs((((a - b) % 360) + 360) % 360)
  return d > 180 ? 360 - d : d
}
/** vector-mean wind direction (from), degrees */
const meanFrom = (xs: WeatherSample[]) => {
  const e = xs.reduce((s, x) => s + Math.sin((x.wind_from_deg * Math.PI) / 180), 0)
  const n = xs.reduce((s, x) => s + Math.cos((x.wind_from_deg * Math.PI) / 180), 0)
  return ((Math.atan2(e, n) * 180) / Math.PI + 360) % 360
}
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length

describe('weather model', () => {
  it('is a function of seed and time only', () => {
    const a = createWeatherModel({ seed: 3 })
    const b = createWeatherModel({ seed: 3 })
    const ts = [day0, day0 + 17 * 60_000, day0 + 5 * HOUR + 1234]
    expect(ts.map((t) => a.at(t))).toEqual(
      [...ts]
        .reverse()
        .map((t) => b.at(t))
        .reverse(),
    )
    expect(createWeatherModel({ seed: 4 }).at(day0)).not.toEqual(a.at(day0))
    const n = valueNoise(1, 'x', 12_345, 1000)
    expect(n).toBeGreaterThanOrEqual(-1)
    expect(n).toBeLessThanOrEqual(1)
  })

  it('reports what the platform accepts: m/s, degrees from, °C, oktas', () => {
    const m = createWeatherModel({ seed: 1 })
    for (let t = day0; t < day0 + 72 * HOUR; t += 10 * 60_000) {
      const o = m.at(t)
      const msg = { t: new Date(t).toISOString(), ...o }
      expect(weatherMessage.safeParse(msg).success, JSON.stringify(msg)).toBe(true)
      expect(Number.isInteger(o.wind_from_deg) && o.wind_from_deg < 360).toBe(true)
      expect(Number.isInteger(o.cloud_cover_oktas)).toBe(true)
      expect(o.wind_speed_ms).toBeGreaterThan(0.3)
      expect(o.wind_speed_ms).toBeLessThan(15)
    }
  })

  it('blows from the season’s prevailing direction: N–NW in winter, SE in summer', () => {
    const sample = (start: number) => {
      const out: WeatherSample[] = []
      for (let s = 1; s <= 40; s++) {
        // the direction does not depend on the averaging: 1 s samples are quicker
        const m = createWeatherModel({ seed: s, averagingS: 1 })
        for (let h = 0; h < 24 * 10; h += 6) out.push(m.at(start + h * HOUR))
      }
      return out
    }
    expect(change(meanFrom(sample(Date.UTC(2026, 0, 5))), 340)).toBeLessThan(30)
    expect(change(meanFrom(sample(Date.UTC(2026, 6, 5))), 135)).toBeLessThan(30)
    // an explicit prevailing wind wins
    const west = createWeatherModel({ seed: 2, prevailingFromDeg: 270, averagingS: 1 })
    const days = Array.from({ length: 200 }, (_, i) => west.at(day0 + i * 3 * HOUR))
    expect(change(meanFrom(days), 270)).toBeLessThan(30)
  })

  it('veers slowly, shifting 15° or more several times a day, never jumping', () => {
    const m = createWeatherModel({ seed: 20261128 })
    let prev = m.at(day0)
    let ref = prev.wind_from_deg
    let shifts = 0
    for (let k = 1; k < 24 * 60; k++) {
      const o = m.at(day0 + k * 60_000)
      expect(change(o.wind_from_deg, prev.wind_from_deg)).toBeLessThan(20)
      expect(Math.abs(o.wind_speed_ms - prev.wind_speed_ms)).toBeLessThan(1.5)
      if (change(o.wind_from_deg, ref) >= 15) {
        shifts++
        ref = o.wind_from_deg
      }
      prev = o
    }
    expect(shifts).toBeGreaterThanOrEqual(3)
    expect(shifts).toBeLessThan(60)
  })

  it('is warmer and windier in the afternoon than before dawn, and gusty second by second', () => {
    const m = createWeatherModel({ seed: 8 })
    const at = (hour: number) =>
      Array.from({ length: 30 }, (_, d) => m.at(day0 + d * 24 * HOUR + hour * HOUR))
    const [dawn, afternoon] = [at(5), at(14)]
    expect(mean(afternoon.map((x) => x.temp_c)) - mean(dawn.map((x) => x.temp_c))).toBeGreaterThan(3)
    expect(mean(afternoon.map((x) => x.wind_speed_ms))).toBeGreaterThan(
      mean(dawn.map((x) => x.wind_speed_ms)) + 1,
    )
    // June around Nantong
    expect(mean([...dawn, ...afternoon].map((x) => x.temp_c))).toBeGreaterThan(20)
    expect(mean([...dawn, ...afternoon].map((x) => x.temp_c))).toBeLessThan(30)
    // the 1 s wind swings with the gusts over ten minutes; the 2 min mean the station reports hardly moves
    const range = (averagingS: number) => {
      const w = createWeatherModel({ seed: 8, averagingS })
      const xs = Array.from({ length: 600 }, (_, k) => w.at(day0 + 14 * HOUR + k * 1000).wind_speed_ms)
      return Math.max(...xs) - Math.min(...xs)
    }
    expect(range(1)).toBeGreaterThan(2)
    expect(range(120)).toBeLessThan(1)
  })
})

/** A transport that records what it took, and fails while `down`. */
function fakeTransport() {
  const sent: { station: string; body: Record<string, unknown> }[] = []
  const state = { down: false, refuse: false, closed: false }
  const transport: WeatherTransport = {
    name: 'fake',
    async send(station, payload) {
      if (state.down) throw new WeatherTransportError('away', true)
      if (state.refuse) throw new WeatherTransportError('refused', false)
      sent.push({ station, body: JSON.parse(payload) as Record<string, unknown> })
    },
    close: async () => void (state.closed = true),
  }
  return { transport, sent, state }
}

describe('weather station runner', () => {
  it('reports at once, then every period, in China Standard Time', async () => {
    const clock = createManualClock(day0)
    const { transport, sent, state } = fakeTransport()
    const sim = startWeatherSimulator({
      transport,
      stations: [{ id: 'WS01' }, { id: 'WS02' }],
      seed: 1,
      clock,
      tickMs: 0,
    })
    await sim.idle()
    clock.advance(59_000)
    sim.tick()
    clock.advance(1_000)
    sim.tick()
    await sim.idle()
    expect(sent.map((s) => `${s.station} ${s.body.t as string}`)).toEqual([
      'WS01 2026-06-01T00:00:00.000+08:00',
      'WS02 2026-06-01T00:00:00.000+08:00',
      'WS01 2026-06-01T00:01:00.000+08:00',
      'WS02 2026-06-01T00:01:00.000+08:00',
    ])
    expect(sent[2]!.body).toEqual(sim.observationAt('WS01', day0 + 60_000))
    // two stations of one park: the same weather systems' seed, each its own readings
    expect(sent[0]!.body).not.toEqual({ ...sent[1]!.body })
    await sim.stop()
    expect(state.closed).toBe(true)
  })

  it('keeps observations while the platform is away and sends them in order; drops refused ones', async () => {
    const clock = createManualClock(day0)
    const { transport, sent, state } = fakeTransport()
    state.down = true
    const sim = startWeatherSimulator({
      transport,
      stations: [{ id: 'WS01' }],
      clock,
      tickMs: 0,
      maxBuffered: 3,
    })
    for (let i = 0; i < 4; i++) {
      clock.advance(60_000)
      sim.tick()
      await sim.idle()
    }
    // 5 taken, the oldest 2 dropped for room
    expect(sim.stats()).toMatchObject({ observations: 5, sent: 0, dropped: 2, buffered: 3 })
    state.down = false
    sim.tick()
    await sim.idle()
    expect(sent.map((s) => s.body.t)).toEqual([
      '2026-06-01T00:02:00.000+08:00',
      '2026-06-01T00:03:00.000+08:00',
      '2026-06-01T00:04:00.000+08:00',
    ])
    state.refuse = true
    clock.advance(60_000)
    sim.tick()
    await sim.idle()
    expect(sim.stats()).toMatchObject({ observations: 6, sent: 3, dropped: 3, buffered: 0 })
    await sim.stop()
  })
})
