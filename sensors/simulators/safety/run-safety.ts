import type { ParkData } from '../../../geodata/types'
import type { WireFlag, WireReading } from '../../protocols/safety'
import { systemClock, type Clock } from '../clock'
import { createPrng, hashSeed, type Prng } from '../prng'
import { leakEnvelope, leakEpisode, leakExposure, planLeak, type LeakOptions, type LeakPlan } from './leak'
import { parkSafetySensors, type SimSensor } from './park-safety-sensors'
import { TransportError, type SafetyTransport } from './transports'
import { gasModel, processModel, tankModel, TankState, type ValueModel } from './values'

/** Chance per reading that an episode starts, and how many readings it lasts. */
export interface FaultRates {
  /** F: the transmitter reports a fault, no value */
  fault: number
  /** B: the gateway lost the sensor, no value */
  comms: number
  /** M: maintenance (threshold alarms suppressed) */
  maintenance: number
  /** C: calibration (threshold alarms suppressed) */
  calibration: number
}
const faultDefaults: FaultRates = { fault: 4e-6, comms: 4e-6, maintenance: 1e-6, calibration: 1e-6 }
const episodeLength: Record<Exclude<WireFlag, 'N'>, [number, number]> = {
  F: [6, 24],
  B: [3, 12],
  M: [24, 120],
  C: [12, 36],
}

export interface SafetySimulatorOptions {
  park: ParkData
  transport: SafetyTransport
  seed?: number
  clock?: Clock
  /** each sensor reports once per period, batched per gateway (enterprise); default 5 s */
  periodMs?: number
  /** how often the schedule is checked; default 1 s; 0: no timer (call tick()) */
  tickMs?: number
  /** the scripted leak; false: none */
  leak?: LeakOptions | false
  faults?: Partial<FaultRates>
  /** batches a gateway keeps while the platform is unreachable (oldest dropped); default 60 (5 min) */
  maxBuffered?: number
}

export interface SafetySimStats {
  batches: number
  readings: number
  sent: number
  retries: number
  dropped: number
  buffered: number
}

export interface SafetySimulator {
  sensors: SimSensor[]
  gateways: string[]
  /** where and when the scripted leak happens; null without one */
  leak: LeakPlan | null
  /** runs the schedule now (the timer calls it every tickMs) */
  tick(): void
  /** resolves when no batch is being sent */
  idle(): Promise<void>
  stats(): SafetySimStats
  stop(): Promise<void>
}

interface Unit {
  sensor: SimSensor
  model: ValueModel
  faults: Prng
  episode: { flag: Exclude<WireFlag, 'N'>; left: number } | null
  /** leak turbulence */
  gusts: Prng
}

interface Gateway {
  id: string
  units: Unit[]
  nextAt: number
  outbox: WireReading[][]
  sending: Promise<void> | null
}

const HOUR = 3_600_000
// gateways in the park send China Standard Time with its offset
const cstIso = (ms: number) => new Date(ms + 8 * HOUR).toISOString().replace('Z', '+08:00')
const roundLel = (v: number) => Math.round(v * 10) / 10

/**
 * Simulated safety sensors of the whole park — every gas detector, tank transmitter and key process
 * parameter — reporting every periodMs per gateway (one per enterprise) through a transport. Values are
 * deterministic from the seed and the clock: noise, slow drift, tanks filling and emptying, occasional
 * fault / comms / maintenance / calibration episodes, and a scripted leak at a flammable-liquid tank that
 * takes nearby combustible detectors through the 25 %LEL and 50 %LEL alarms and back, again and again.
 */
export function startSafetySimulator(o: SafetySimulatorOptions): SafetySimulator {
  const clock = o.clock ?? systemClock
  const seed = o.seed ?? 1
  const periodMs = o.periodMs ?? 5_000
  const rates = { ...faultDefaults, ...o.faults }
  const start = clock.now()
  const sensors = parkSafetySensors(o.park)
  const leak = o.leak === false ? null : planLeak(o.park, sensors, seed, o.leak ?? {})
  const counts = { batches: 0, readings: 0, sent: 0, retries: 0, dropped: 0 }
  let stopped = false

  const tanks = new Map<string, TankState>()
  const modelOf = (s: SimSensor): ValueModel => {
    const rng = createPrng(hashSeed(seed, s.id))
    if (s.kind === 'gas_detector') return gasModel(rng, s.measure)
    if (s.kind === 'process') return processModel(rng, s)
    let tank = tanks.get(s.tank!.id)
    if (!tank)
      tanks.set(s.tank!.id, (tank = new TankState(createPrng(hashSeed(seed, s.tank!.id)), s.tank!, start)))
    return tankModel(rng, s, tank)
  }
  const byGateway = new Map<string, Unit[]>()
  for (const s of sensors) {
    const unit: Unit = {
      sensor: s,
      model: modelOf(s),
      faults: createPrng(hashSeed(seed, s.id, 'faults')),
      gusts: createPrng(hashSeed(seed, s.id, 'gusts')),
      episode: null,
    }
    byGateway.set(s.gateway, [...(byGateway.get(s.gateway) ?? []), unit])
  }
  const gateways: Gateway[] = [...byGateway.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([id, units]) => ({
      id,
      units,
      // gateways spread over the period instead of all sending at once
      nextAt:
        start + 1000 * createPrng(hashSeed(seed, id)).int(0, Math.max(0, Math.ceil(periodMs / 1000) - 1)),
      outbox: [],
      sending: null,
    }))

  function leakLel(u: Unit, tMs: number): number {
    if (!leak) return 0
    const envelope = leakEnvelope(leak, tMs - start)
    const share =
      envelope > 0 ? leakExposure(leak, leakEpisode(leak, tMs - start)).get(u.sensor.id) : undefined
    if (!share) return 0
    return Math.max(0, leak.peakLel * share * envelope * (1 + u.gusts.normal(0, 0.05)))
  }

  function flagOf(u: Unit, leaking: boolean): WireFlag {
    if (u.episode && --u.episode.left <= 0) u.episode = null
    if (!u.episode && !leaking) {
      for (const [flag, p] of [
        ['F', rates.fault],
        ['B', rates.comms],
        ['M', rates.maintenance],
        ['C', rates.calibration],
      ] as const) {
        if (u.faults.next() >= p) continue
        const [min, max] = episodeLength[flag]
        u.episode = { flag, left: u.faults.int(min, max) }
        break
      }
    }
    return u.episode?.flag ?? 'N'
  }

  function sample(u: Unit, tMs: number): WireReading {
    let v = u.model.at(tMs)
    const extra = leakLel(u, tMs)
    if (extra > 0) v = roundLel(Math.min(100, v + extra))
    const flag = flagOf(u, extra > 0)
    const reading: WireReading = {
      sensor: u.sensor.id,
      t: cstIso(tMs),
      v: flag === 'F' || flag === 'B' ? null : v,
    }
    if (flag !== 'N') reading.flag = flag
    return reading
  }

  function pump(g: Gateway): void {
    if (g.sending || !g.outbox.length || stopped) return
    g.sending = (async () => {
      while (g.outbox.length && !stopped) {
        try {
          await o.transport.send(g.id, g.outbox[0]!)
          counts.sent++
          g.outbox.shift()
        } catch (err) {
          if (err instanceof TransportError && !err.retry) {
            counts.dropped++
            g.outbox.shift()
          } else {
            counts.retries++
            return // the next tick tries again
          }
        }
      }
    })().finally(() => (g.sending = null))
  }

  function tick(): void {
    if (stopped) return
    const now = clock.now()
    for (const g of gateways) {
      // after a long pause (a suspended laptop) skip ahead rather than replaying every missed period
      if (now - g.nextAt > 3 * periodMs) g.nextAt += Math.floor((now - g.nextAt) / periodMs - 1) * periodMs
      while (g.nextAt <= now) {
        g.outbox.push(g.units.map((u) => sample(u, Math.round(g.nextAt))))
        counts.batches++
        counts.readings += g.units.length
        if (g.outbox.length > (o.maxBuffered ?? 60)) {
          g.outbox.shift()
          counts.dropped++
        }
        g.nextAt += periodMs
      }
      pump(g)
    }
  }

  const tickMs = o.tickMs ?? 1_000
  const timer = tickMs > 0 ? setInterval(tick, tickMs) : null
  timer?.unref()
  tick()

  const idle = async () => {
    await Promise.all(gateways.map((g) => g.sending))
  }
  return {
    sensors,
    gateways: gateways.map((g) => g.id),
    leak,
    tick,
    idle,
    stats: () => ({ ...counts, buffered: gateways.reduce((n, g) => n + g.outbox.length, 0) }),
    async stop() {
      stopped = true
      if (timer) clearInterval(timer)
      await idle()
      await o.transport.close()
    },
  }
}
