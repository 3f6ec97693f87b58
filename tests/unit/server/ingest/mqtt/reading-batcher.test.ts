import { describe, expect, it, vi } from 'vitest'
import type { SafetyReading } from '../../../../../sensors/protocols/safety'
import { ReadingBatcher } from '../../../../../server/ingest/mqtt/reading-batcher'
import type {
  SensorReadingsService,
  StoreOutcome,
} from '../../../../../server/modules/sensors/sensor-readings.service'
import { createLogger } from '../../../../../server/platform/logger'

const log = createLogger('silent')
const reading = (sensor: string, tMs = 0): SafetyReading => ({
  sensor,
  t: new Date(tMs).toISOString(),
  tMs,
  v: 1,
  flag: 'N',
})

/** A service whose store() answers with `outcome` (refusing sensors named `bad*`) after `fail` failures. */
function fakeService(fail = 0) {
  const calls: SafetyReading[][] = []
  const store = vi.fn(async (readings: readonly SafetyReading[]): Promise<StoreOutcome> => {
    calls.push([...readings])
    if (calls.length <= fail) throw new Error('database down')
    const rejected = readings.flatMap((r, index) =>
      r.sensor.startsWith('bad') ? [{ index, reason: 'unknown_sensor' as const, message: r.sensor }] : [],
    )
    return { stored: readings.length - rejected.length, duplicates: 0, rejected }
  })
  return { service: { store } as unknown as SensorReadingsService, calls }
}

describe('MQTT reading batcher', () => {
  it('stores the readings of messages arriving within the window in one call, refusals back to each message', async () => {
    const { service, calls } = fakeService()
    const b = new ReadingBatcher(service, log, { windowMs: 20 })
    const [a, c, d] = await Promise.all([
      b.add([reading('GD-1'), reading('bad-1')]),
      b.add([reading('bad-2'), reading('GD-2'), reading('bad-3')]),
      b.add([reading('GD-3')]),
    ])
    expect(calls).toHaveLength(1)
    expect(calls[0]!.map((r) => r.sensor)).toEqual(['GD-1', 'bad-1', 'bad-2', 'GD-2', 'bad-3', 'GD-3'])
    expect(a.map((r) => [r.index, r.message])).toEqual([[1, 'bad-1']])
    expect(c.map((r) => [r.index, r.message])).toEqual([
      [0, 'bad-2'],
      [2, 'bad-3'],
    ])
    expect(d).toEqual([])
    expect(b.stats).toMatchObject({ batches: 1, stored: 3 })
    await b.stop()
  })

  it('stores at once when a batch reaches its size limit, and batches one after another', async () => {
    const { service, calls } = fakeService()
    const b = new ReadingBatcher(service, log, { windowMs: 60_000, maxReadings: 3 })
    await Promise.all([b.add([reading('A'), reading('B')]), b.add([reading('C')])])
    expect(calls).toHaveLength(1)
    const later = b.add([reading('D')])
    await b.stop()
    await later
    expect(calls.map((c) => c.length)).toEqual([3, 1])
  })

  it('stores at once when a batch reaches its message limit', async () => {
    const { service, calls } = fakeService()
    const b = new ReadingBatcher(service, log, { windowMs: 60_000, maxMessages: 2 })
    await Promise.all([b.add([reading('A')]), b.add([reading('B')])])
    expect(calls).toHaveLength(1)
    await b.stop()
  })

  it('retries a failed store until it succeeds', async () => {
    const { service, calls } = fakeService(2)
    const b = new ReadingBatcher(service, log, { windowMs: 1, retryMs: 5 })
    expect(await b.add([reading('A')])).toEqual([])
    expect(calls).toHaveLength(3)
    expect(b.stats).toMatchObject({ failures: 2, batches: 1 })
    await b.stop()
  })

  it('abandons a batch that still fails when it stops (not answered: the broker delivers it again)', async () => {
    const { service } = fakeService(Number.POSITIVE_INFINITY)
    const b = new ReadingBatcher(service, log, { windowMs: 1, retryMs: 10_000, stopGraceMs: 20 })
    const pending = b.add([reading('A')])
    pending.catch(() => undefined)
    await new Promise((r) => setTimeout(r, 10))
    const t0 = Date.now()
    await b.stop()
    expect(Date.now() - t0).toBeLessThan(2_000)
    await expect(pending).rejects.toThrow(/stopped/)
    await expect(b.add([reading('B')])).rejects.toThrow(/stopped/)
  })

  it('answers an empty message at once', async () => {
    const { service, calls } = fakeService()
    const b = new ReadingBatcher(service, log)
    expect(await b.add([])).toEqual([])
    expect(calls).toEqual([])
    await b.stop()
  })
})
