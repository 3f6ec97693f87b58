import { readPark } from '../../../../../geodata/read'
import type { WireReading } from '../../../../../sensors/protocols/safety'
import { createManualClock } from '../../../../../sensors/simulators/clock'
import {
  startSafetySimulator,
  type SafetySimulatorOptions,
} from '../../../../../sensors/simulators/safety/run-safety'
import type { SafetyTransport } from '../../../../../sensors/simulators/safety/transports'

export const park = readPark()
export const START = Date.UTC(2026, 10, 28, 0, 0, 0)

/** A transport that keeps what it is sent; `fail` decides per call whether to throw instead. */
export function captureTransport(fail: (call: number) => Error | null = () => null) {
  const batches: { gateway: string; readings: WireReading[] }[] = []
  let calls = 0
  const transport: SafetyTransport = {
    name: 'capture',
    async send(gateway, readings) {
      const err = fail(calls++)
      if (err) throw err
      batches.push({ gateway, readings: [...readings] })
    },
    close: async () => undefined,
  }
  return { transport, batches }
}

/** A simulator on a manual clock, stepped second by second for `seconds`, every send awaited. */
export async function runFor(
  seconds: number,
  opts: Partial<SafetySimulatorOptions> = {},
  transport = captureTransport(),
) {
  const clock = createManualClock(START)
  const sim = startSafetySimulator({
    park,
    seed: 7,
    clock,
    tickMs: 0,
    transport: transport.transport,
    ...opts,
  })
  for (let i = 0; i < seconds; i++) {
    clock.advance(1000)
    sim.tick()
    await sim.idle()
  }
  await sim.stop()
  return { sim, batches: transport.batches }
}

/** Readings per sensor in time order. */
export function series(batches: { readings: WireReading[] }[]) {
  const out = new Map<string, WireReading[]>()
  for (const b of batches) for (const r of b.readings) out.set(r.sensor, [...(out.get(r.sensor) ?? []), r])
  return out
}

export const msOf = (r: WireReading) => (typeof r.t === 'number' ? r.t : Date.parse(r.t))
