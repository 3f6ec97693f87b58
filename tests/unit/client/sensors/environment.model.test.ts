import { afterEach, describe, expect, it } from 'vitest'
import type { Collector, SensorSummary } from '../../../../server/contracts'
import type { ComplianceReport, OutletCompliance } from '../../../../server/contracts/compliance'
import {
  complianceSummary,
  environmentModel,
  outletCompleteness,
  outletExceedMinutes,
} from '../../../../client/centers/environment/environment.model'
import { SensorsStore } from '../../../../client/live/sensors.store'
import { setLocale } from '../../../../client/shell/i18n/i18n'
import { parkFixture } from '../park-data.fixture'

const mn = '320682JHE01W001SN4422157'
const now = Date.parse('2026-11-28T08:00:00Z')
const fresh = new Date(now - 10_000).toISOString()

function channel(code: string, name: string, unit: string | null, limits: Partial<Record<string, number>>) {
  const effective = {
    low_low: null,
    low: null,
    high: null,
    high_high: null,
    ...limits,
    source: 'sensor' as const,
  }
  return {
    id: `${mn}.${code}`,
    kind: 'hj212_channel',
    name,
    name_en: null,
    measure: 'wastewater',
    unit,
    enterprise_id: 'E01',
    asset_id: 'B-E01-10',
    device_id: 'MP-E01-1',
    mn,
    code,
    thresholds: limits,
    effective,
    location: null,
  } satisfies SensorSummary
}

function store(): SensorsStore {
  const s = new SensorsStore()
  s.applyList([
    channel('w00000', 'DW001 污水流量', 'L/s', {}),
    channel('w01001', 'DW001 pH值', null, { low: 6, high: 9 }),
    channel('w01018', 'DW001 化学需氧量', 'mg/L', { high: 50 }),
    channel('w21003', 'DW001 氨氮', 'mg/L', { high: 5 }),
  ])
  s.applyCollectors([{ mn, online: true, rtd_interval_s: 30, channels: [] } as unknown as Collector])
  s.applyLatest(
    {
      server_time: new Date(now).toISOString(),
      values: {
        [`${mn}.w01018`]: { sensor_id: `${mn}.w01018`, t: fresh, value: 62.5, flag: 'N', kind: 'rtd' },
        [`${mn}.w01001`]: { sensor_id: `${mn}.w01001`, t: fresh, value: 7.2, flag: 'N', kind: 'rtd' },
        [`${mn}.w21003`]: { sensor_id: `${mn}.w21003`, t: fresh, value: 1.1, flag: 'M', kind: 'rtd' },
      },
    },
    now,
  )
  return s
}

const outlet = (o: Partial<OutletCompliance> & Pick<OutletCompliance, 'mn'>): OutletCompliance => ({
  name: o.mn,
  name_en: null,
  measure: 'wastewater',
  enterprise_id: 'E01',
  expected_minutes: 480,
  received_minutes: 480,
  completeness_pct: 100,
  source: 'min',
  exceedance_minutes: 0,
  channels_exceeding: 0,
  channels: [],
  ...o,
})
const day: ComplianceReport = {
  day: '2026-11-28',
  from: '2026-11-27T16:00:00.000Z',
  to: '2026-11-28T00:00:00.000Z',
  expected_minutes: 480,
  outlets: [
    outlet({
      mn,
      received_minutes: 456,
      completeness_pct: 95,
      exceedance_minutes: 12,
      channels_exceeding: 1,
    }),
    outlet({ mn: 'OTHER' }),
  ],
  overall: {
    outlets: 2,
    expected_minutes: 960,
    received_minutes: 936,
    completeness_pct: 97.5,
    exceedance_minutes: 12,
    outlets_exceeding: 1,
  },
}

afterEach(() => setLocale('zh-CN'))

describe('environment view model', () => {
  it('lists each outlet with its channels in display order, values against limits, exceedances marked', () => {
    const model = environmentModel(parkFixture(), store(), null, now)
    expect(model.outlets).toHaveLength(1)
    const o = model.outlets[0]!
    expect(o).toMatchObject({
      id: 'MP-E01-1',
      mn,
      online: true,
      state: 'warn',
      enterprise: '江海氯碱化工有限公司',
    })
    expect(o.channels.map((c) => [c.label, c.value, c.limit, c.state, c.exceeding])).toEqual([
      ['COD', 62.5, 50, 'warn', true],
      ['氨氮', 1.1, 5, 'maintenance', false],
      ['pH', 7.2, 9, 'normal', false],
      ['流量', null, null, 'no_data', false],
    ])
    expect(model).toMatchObject({ online: 1, offline: 0, exceeding: 1, compliance: null })
    setLocale('en')
    expect(environmentModel(parkFixture(), store(), null, now).outlets[0]!.channels[1]!.label).toBe('NH3-N')
  })

  it('goes stale when the collector stopped sending', () => {
    const model = environmentModel(parkFixture(), store(), null, now + 5 * 60_000)
    expect(model.outlets[0]!.channels[0]!.state).toBe('stale')
    expect(model.exceeding).toBe(0)
  })

  it("joins today's compliance per outlet and sums it over the park", () => {
    const model = environmentModel(parkFixture(), store(), day, now)
    expect(model.outlets[0]!.compliance?.mn).toBe(mn)
    expect(outletCompleteness(model.outlets[0]!.compliance!)).toBe(95)
    expect(outletExceedMinutes(model.outlets[0]!.compliance!)).toBe(12)
    expect(complianceSummary(day)).toEqual({
      completenessPct: 97.5,
      exceedMinutes: 12,
      compliant: 1,
      outlets: 2,
    })
    expect(model.compliance).toEqual(complianceSummary(day))
    expect(complianceSummary(null)).toBeNull()
  })
})
