import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Collector, SensorLatestMap, SensorSummary } from '../../../../server/contracts'
import { ApiError } from '../../../../client/api/api-error'
import type { SensorsApi } from '../../../../client/api/sensors.api'
import { pollSensors, SensorsStore } from '../../../../client/live/sensors.store'

const t0 = Date.parse('2026-11-28T08:00:00Z')

const detector: SensorSummary = {
  id: 'GD-E01-01',
  kind: 'gas_detector',
  name: '1#液氯储罐Cl2有毒气体探测器',
  name_en: null,
  measure: 'Cl2',
  unit: 'ppm',
  enterprise_id: 'E01',
  asset_id: 'T-E01-01',
  device_id: 'GD-E01-01',
  mn: null,
  code: null,
  thresholds: {},
  effective: { low_low: null, low: null, high: 0.34, high_high: 0.68, source: 'default' },
  location: null,
}
const level: SensorSummary = {
  ...detector,
  id: 'LT-T-E01-01',
  kind: 'tank_level',
  device_id: null,
  unit: '%',
}

const collector = {
  mn: 'MN1',
  measure: 'wastewater',
  enterprise_id: 'E01',
  asset_id: 'MP-E01-1',
  online: false,
  rtd_interval_s: 30,
  channels: [
    { sensor_id: 'MN1.w01018', code: 'w01018', name: 'COD', unit: 'mg/L', thresholds: { high: 50 } },
  ],
} as unknown as Collector

function fakeApi() {
  const latest = (): SensorLatestMap => ({
    server_time: new Date(Date.now() + 2_000).toISOString(),
    values: {
      'GD-E01-01': {
        sensor_id: 'GD-E01-01',
        t: new Date(Date.now()).toISOString(),
        value: 0.5,
        flag: 'N',
        kind: 'rtd',
      },
    },
  })
  return {
    list: vi.fn(() => Promise.resolve({ sensors: [detector, level] })),
    latest: vi.fn(() => Promise.resolve(latest())),
    collectors: vi.fn(() => Promise.resolve([collector])),
  } as unknown as SensorsApi & Record<'list' | 'latest' | 'collectors', ReturnType<typeof vi.fn>>
}

beforeEach(() => {
  vi.useFakeTimers()
  vi.setSystemTime(t0)
})
afterEach(() => vi.useRealTimers())

describe('pollSensors', () => {
  it('polls /sensors/latest every interval and judges states on the server clock', async () => {
    const store = new SensorsStore()
    const api = fakeApi()
    const stop = pollSensors(store, api, { intervalMs: 5_000 })
    await vi.advanceTimersByTimeAsync(0)
    expect(store.status).toBe('ok')
    expect(store.polls).toBe(1)
    expect(store.skewMs).toBe(2_000)
    expect(store.stateOf('GD-E01-01')).toEqual({ state: 'warn', level: 'h' })
    expect(store.sensorsOf('T-E01-01').map((s) => s.id)).toEqual(['GD-E01-01', 'LT-T-E01-01'])
    expect(store.assetState('T-E01-01')).toBe('warn')
    await vi.advanceTimersByTimeAsync(10_000)
    expect(api.latest).toHaveBeenCalledTimes(3)
    expect(store.polls).toBe(3)
    stop()
    await vi.advanceTimersByTimeAsync(20_000)
    expect(api.latest).toHaveBeenCalledTimes(3)
  })

  it('keeps the last values and says error when a poll fails', async () => {
    const store = new SensorsStore()
    const api = fakeApi()
    const stop = pollSensors(store, api, { intervalMs: 5_000 })
    await vi.advanceTimersByTimeAsync(0)
    api.latest.mockImplementation(() => Promise.reject(new ApiError(500, 'internal', 'boom')))
    await vi.advanceTimersByTimeAsync(5_000)
    expect(store.status).toBe('error')
    expect(store.latest.get('GD-E01-01')?.value).toBe(0.5)
    stop()
  })

  it('never replaces a newer value by an older one', () => {
    const store = new SensorsStore()
    const v = (t: string, value: number) => ({ sensor_id: 'x', t, value, flag: 'N', kind: 'rtd' as const })
    store.applyLatest({ server_time: '', values: { x: v('2026-11-28T08:00:10Z', 2) } })
    store.applyLatest({ server_time: '', values: { x: v('2026-11-28T08:00:05Z', 1) } })
    expect(store.latest.get('x')?.value).toBe(2)
  })
})
