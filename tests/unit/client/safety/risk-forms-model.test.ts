// The 双重预防 create forms: the facilities a risk unit may hold, the position a risk point takes from a facility
// (a tank's point, a tank farm's centroid), and the typed values as request bodies or the first problem.
import { describe, expect, it } from 'vitest'
import type { AssetFeature } from '../../../../server/contracts/park'
import {
  assetPosition,
  pointBody,
  unitAssetChoices,
  unitBody,
} from '../../../../client/centers/safety/dual-prevention/risk-form-model'

const asset = (id: string, kind: string, enterprise: string | null, geometry: AssetFeature['geometry']) =>
  ({
    type: 'Feature',
    id,
    geometry,
    properties: { kind, name: id, name_en: null, enterprise_id: enterprise, height_m: null, props: {} },
  }) as AssetFeature

const square: AssetFeature['geometry'] = {
  type: 'Polygon',
  coordinates: [
    [
      [120, 31],
      [120.002, 31],
      [120.002, 31.002],
      [120, 31.002],
      [120, 31],
    ],
  ],
}

describe('risk register forms', () => {
  const assets = [
    asset('B-E01-1', 'building', 'E01', square),
    asset('T-E01-01', 'tank', 'E01', { type: 'Point', coordinates: [120.0011111111, 31.0022222222] }),
    asset('TF-E01', 'tank_farm', 'E01', square),
    asset('GD-E01-1', 'gas_detector', 'E01', { type: 'Point', coordinates: [120, 31] }),
    asset('T-E02-01', 'tank', 'E02', { type: 'Point', coordinates: [120.1, 31.1] }),
  ]

  it("lists the enterprise's own facilities, tank farms first, no detectors or other enterprises' assets", () => {
    expect(unitAssetChoices(assets, 'E01').map((a) => a.id)).toEqual(['TF-E01', 'T-E01-01', 'B-E01-1'])
    expect(unitAssetChoices(assets, 'E03')).toEqual([])
  })

  it('takes a point from a point asset and the centroid of a polygon, to 6 decimals', () => {
    expect(assetPosition(assets[1])).toEqual([120.001111, 31.002222])
    expect(assetPosition(assets[2])).toEqual([120.001, 31.001])
    expect(assetPosition(undefined)).toBeNull()
  })

  it('builds a unit: park accounts name the enterprise, enterprise accounts leave it to the server', () => {
    const v = {
      enterprise_id: 'E01',
      name: ' 液氯罐区 ',
      name_en: '',
      unit_type: 'tank_farm',
      responsible: '王工',
      note: '',
      asset_ids: ['TF-E01'],
    }
    expect(unitBody(v, null)).toEqual({
      ok: true,
      body: {
        enterprise_id: 'E01',
        name: '液氯罐区',
        name_en: null,
        unit_type: 'tank_farm',
        responsible: '王工',
        note: null,
        asset_ids: ['TF-E01'],
      },
    })
    const own = unitBody({ ...v, enterprise_id: '' }, 'E01')
    expect(own.ok && 'enterprise_id' in own.body).toBe(false)
    expect(unitBody({ ...v, enterprise_id: '' }, null)).toMatchObject({ ok: false, field: 'enterprise_id' })
  })

  it('builds a point with its typed position, naming a missing unit or a coordinate that is no number', () => {
    const v = {
      unit_id: 'RU-1',
      name: '氯气泄漏',
      name_en: '',
      hazard: '液氯储罐泄漏',
      accident: '中毒',
      measures: '泄漏检测报警',
      asset_id: 'T-E01-01',
      lon: '120.001111',
      lat: ' 31.002222 ',
    }
    expect(pointBody(v)).toEqual({
      ok: true,
      body: {
        unit_id: 'RU-1',
        name: '氯气泄漏',
        name_en: null,
        hazard: '液氯储罐泄漏',
        accident: '中毒',
        measures: '泄漏检测报警',
        asset_id: 'T-E01-01',
        lon: 120.001111,
        lat: 31.002222,
      },
    })
    expect(pointBody({ ...v, asset_id: '' })).toMatchObject({ ok: true, body: { asset_id: null } })
    expect(pointBody({ ...v, unit_id: '' })).toMatchObject({ ok: false, field: 'unit_id' })
    expect(pointBody({ ...v, lon: '' })).toMatchObject({ ok: false, field: 'lon' })
    expect(pointBody({ ...v, lat: 'north' })).toMatchObject({ ok: false, field: 'lat' })
  })
})
