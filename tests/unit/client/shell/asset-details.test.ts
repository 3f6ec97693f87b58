import { afterEach, describe, expect, it } from 'vitest'
import type { AssetDetail } from '../../../../server/contracts'
import { assetView, enterpriseView, tagView } from '../../../../client/shell/asset-details'
import { setLocale, t } from '../../../../client/shell/i18n/i18n'
import { buildingB01, enterpriseE01, monitorMP1, parkFixture, tankT01 } from '../park-data.fixture'

const text = (view: ReturnType<typeof assetView>) =>
  [
    view.title,
    view.subtitle,
    ...view.rows.map((r) => `${t(r.label)} ${r.value}`),
    ...view.sections.flatMap((s) => s.items),
  ].join('\n')

afterEach(() => setLocale('zh-CN'))

describe('assetView', () => {
  it('shows a tank with chemical (zh + en), CAS, inventory as stored, capacity, type and size', () => {
    const view = assetView(tankT01, null, parkFixture())
    const all = text(view)
    expect(all).toContain('氯 / Chlorine')
    expect(all).toContain('7782-50-5')
    expect(all).toContain('1234.5') // no digit grouping: the ledger's number
    expect(all).toContain('99 m³')
    expect(all).toContain('卧式储罐')
    expect(all).toContain('长度 14 m') // a horizontal tank's height_m is its length
    expect(all).toContain('江海氯碱化工有限公司')
    expect(view.rows.find((r) => r.label === 'panel.inventory')?.hot).toBe(true)
  })

  it('adds sensors and zones from GET /assets/:id', () => {
    const detail: AssetDetail = {
      asset: tankT01,
      enterprise: {
        id: 'E01',
        name: '江海氯碱化工有限公司',
        name_en: 'Jianghai Chlor-Alkali',
        industry: '氯碱',
        risk: 'red',
      },
      sensors: [{ id: 'GD-1', kind: 'gas_detector', name: '氯气探测器', unit: 'ppm', props: {} }],
      zones: [
        {
          id: 'Z01',
          name: '氯罐区管控区',
          name_en: 'Chlorine Tank Farm Control Zone',
          zone_type: 'tank_farm',
        },
      ],
    }
    setLocale('en')
    const view = assetView(tankT01, detail, parkFixture())
    expect(view.sections.map((s) => s.label)).toEqual(['panel.sensors', 'panel.zones'])
    expect(text(view)).toContain('氯气探测器 (ppm)')
    expect(text(view)).toContain('Chlorine Tank Farm Control Zone')
    expect(text(view)).toContain('Jianghai Chlor-Alkali')
  })

  it('describes buildings and monitoring points by their own fields', () => {
    expect(text(assetView(buildingB01, null, parkFixture()))).toContain('办公楼')
    const monitor = text(assetView(monitorMP1, null, parkFixture()))
    expect(monitor).toContain('废水')
    expect(monitor).toContain('320682JHE01W001SN4422157')
  })
})

describe('enterpriseView and tagView', () => {
  it('sums the enterprise tanks and names its risk grade', () => {
    const view = enterpriseView(enterpriseE01, parkFixture())
    const all = view.rows.map((r) => r.value).join('|')
    expect(all).toContain('重大风险')
    expect(all).toContain('1 / 1')
    expect(all).toContain('1234.5 吨')
    expect(view.sections[0]?.items).toContain('氯化')
  })

  it('shows a tag with its speed, or that it has no fix yet', () => {
    const moving = tagView(
      {
        id: 'CARD-0001',
        kind: 'hazmat_vehicle',
        label: '苏K·1G931',
        enterprise_id: 'E01',
        last: {
          tag_id: 'CARD-0001',
          t: '2026-01-01T08:00:00Z',
          lon: 120.95,
          lat: 31.95,
          speed_kmh: 27.1,
          heading_deg: 90,
          source: 'sim',
        },
      },
      parkFixture(),
    )
    expect(moving.kind).toBe('危化品车辆')
    expect(moving.rows.map((r) => r.value)).toContain('27.1 km/h')
    const still = tagView({ id: 'X', kind: null, label: 'X', enterprise_id: null, last: null }, null)
    expect(still.rows.map((r) => r.value)).toContain(t('panel.noFix'))
  })
})
