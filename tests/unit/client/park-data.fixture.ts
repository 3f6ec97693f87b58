// A tiny park for the pure client tests: two enterprises, a tank, a building, a monitor point.
import type { AssetFeature, ParkSummary } from '../../../server/contracts'
import { indexParkData, type EnterpriseFeature, type ParkData } from '../../../client/app/park-data'

const square = (x: number, y: number, d = 0.001): [number, number][] => [
  [x, y],
  [x + d, y],
  [x + d, y + d],
  [x, y + d],
  [x, y],
]

export const enterpriseE01: EnterpriseFeature = {
  type: 'Feature',
  id: 'E01',
  geometry: { type: 'Polygon', coordinates: [square(120.94, 31.94, 0.005)] },
  properties: {
    name: '江海氯碱化工有限公司',
    name_en: 'Jianghai Chlor-Alkali Chemical Co., Ltd.',
    industry: '氯碱',
    industry_en: 'Chlor-alkali',
    risk: 'red',
    credit_code: '91320682MAUAL17M2H',
    processes: ['电解(氯碱)', '氯化'],
  },
}

export const tankT01: AssetFeature = {
  type: 'Feature',
  id: 'T-E01-01',
  geometry: { type: 'Point', coordinates: [120.941, 31.941] },
  properties: {
    kind: 'tank',
    name: '1#氯储罐',
    name_en: 'Chlorine Tank No. 1',
    enterprise_id: 'E01',
    height_m: 3,
    props: {
      tank_type: 'horizontal',
      diameter_m: 3,
      height_m: 14,
      axis_deg: 20,
      chemical: '氯',
      chemical_en: 'Chlorine',
      cas: '7782-50-5',
      capacity_m3: 99,
      inventory_t: 1234.5,
    },
  },
}

export const buildingB01: AssetFeature = {
  type: 'Feature',
  id: 'B-E01-01',
  geometry: { type: 'Polygon', coordinates: [square(120.942, 31.942)] },
  properties: {
    kind: 'building',
    name: '综合办公楼',
    name_en: 'Office Building',
    enterprise_id: 'E01',
    height_m: 22.8,
    props: { use: 'office', floors: 6, height_m: 22.8 },
  },
}

export const monitorMP1: AssetFeature = {
  type: 'Feature',
  id: 'MP-E01-1',
  geometry: { type: 'Point', coordinates: [120.943, 31.943] },
  properties: {
    kind: 'monitor_point',
    name: 'DW001废水总排口',
    name_en: 'DW001 wastewater outlet',
    enterprise_id: 'E01',
    height_m: null,
    props: { measure: 'wastewater', unit: 'mg/L', mn: '320682JHE01W001SN4422157' },
  },
}

export function parkFixture(): ParkData {
  const park: ParkSummary = {
    name: '江海化工园区',
    name_en: 'Jianghai Chemical Industrial Park',
    boundary: {
      type: 'Feature',
      id: 'park',
      geometry: { type: 'Polygon', coordinates: [square(120.93, 31.93, 0.04)] },
      properties: {},
    },
    center: { type: 'Point', coordinates: [120.95, 31.95] },
    area_km2: 9.79,
    enterprise_count: 1,
    building_count: 1,
    tank_count: 1,
    total_inventory_t: 1234.5,
    inventory_by_chemical: [{ chemical: '氯', chemical_en: 'Chlorine', tanks: 1, inventory_t: 1234.5 }],
    enterprises_by_risk: { red: 1, orange: 0, yellow: 0, blue: 0 },
    tag_count: 0,
  }
  return indexParkData({
    park,
    enterprises: { type: 'FeatureCollection', features: [enterpriseE01] },
    assets: { type: 'FeatureCollection', features: [tankT01, buildingB01, monitorMP1] },
    roads: { type: 'FeatureCollection', features: [] },
    zones: { type: 'FeatureCollection', features: [] },
  })
}
