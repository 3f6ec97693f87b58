import { describe, expect, it } from 'vitest'
import { verdictOf, type AdmissionItem } from '../../../../../server/contracts/admission'
import { assess, type CatalogueEntry } from '../../../../../server/modules/hazards/hazard-grading'
import {
  catalogueHits,
  distanceItem,
  locationItem,
  majorHazardItem,
  matchProcesses,
  plannedUseItem,
  policyItem,
  processItem,
  type CatalogueRow,
  type SupervisedProcess,
} from '../../../../../server/modules/admission/admission-rules'

const catalogue: CatalogueRow[] = [
  {
    id: 'HG',
    kind: 'process',
    name: '汞法烧碱',
    aliases: ['水银法烧碱'],
    level: 'eliminated',
    basis: '目录 淘汰类 一、石化化工 1',
    example: false,
  },
  {
    id: 'PVC',
    kind: 'process',
    name: '电石法聚氯乙烯',
    aliases: [],
    level: 'restricted',
    basis: '限制类',
    example: false,
  },
  {
    id: 'DDT',
    kind: 'product',
    name: '滴滴涕',
    aliases: ['DDT'],
    level: 'eliminated',
    basis: '淘汰类',
    example: false,
  },
]
const supervised: SupervisedProcess[] = [
  { name: '电解(氯碱)', name_en: 'Chlor-alkali electrolysis', code: 'ELEC' },
  { name: '氯化', name_en: 'Chlorination', code: 'CHLO' },
  { name: '氧化', name_en: 'Oxidation', code: 'OXID' },
  { name: '过氧化', name_en: 'Peroxidation', code: 'PERO' },
  { name: '光气及光气化', name_en: 'Phosgenation', code: 'PHOS' },
  { name: '加氢', name_en: 'Hydrogenation', code: 'HYDR' },
]
const settings = {
  min_distance_m: 100,
  distance_is_placeholder: true,
  chemical_uses: ['chemical' as const],
  conditional_uses: ['reserved' as const, 'storage_logistics' as const],
}

describe('admission checklist rules', () => {
  it('(a) matches the catalogue on normalised names, eliminated fails and restricted is conditional', () => {
    expect(catalogueHits(catalogue, 'process', '汞法 烧碱工艺').map((e) => e.id)).toEqual(['HG'])
    expect(catalogueHits(catalogue, 'process', '水银法烧碱').map((e) => e.id)).toEqual(['HG'])
    expect(catalogueHits(catalogue, 'product', 'ddt 原药').map((e) => e.id)).toEqual(['DDT'])
    // a product name is not checked against the process entries
    expect(catalogueHits(catalogue, 'product', '汞法烧碱')).toEqual([])
    const fail = policyItem(['烧碱'], ['汞法烧碱'], catalogue)
    expect(fail.outcome).toBe('fail')
    expect(fail.reasons[0]!.zh).toBe('工艺「汞法烧碱」属淘汰类：汞法烧碱，依据：目录 淘汰类 一、石化化工 1')
    expect(policyItem([], ['电石法聚氯乙烯（改造）'], catalogue).outcome).toBe('conditional')
    const pass = policyItem(['乙酸乙酯'], ['酯化'], catalogue)
    expect(pass.outcome).toBe('pass')
    expect(pass.reasons).toHaveLength(1)
    // a catalogue of examples only says so
    const examples = catalogue.map((e) => ({ ...e, example: true }))
    expect(policyItem(['乙酸乙酯'], [], examples).reasons.at(-1)!.zh).toContain('示例')
  })

  it('(b) inside passes, outside and partly outside fail, no boundary is manual', () => {
    expect(
      locationItem({ has_boundary: true, inside: true, intersects: true, distance_outside_m: null }).outcome,
    ).toBe('pass')
    const out = locationItem({
      has_boundary: true,
      inside: false,
      intersects: false,
      distance_outside_m: 1234.4,
    })
    expect(out.outcome).toBe('fail')
    expect(out.reasons[0]!.zh).toBe('选址位于园区边界外（距边界 1234 m）')
    expect(
      locationItem({ has_boundary: true, inside: false, intersects: true, distance_outside_m: 0 }).reasons[0]!
        .zh,
    ).toBe('选址部分超出园区边界')
    expect(
      locationItem({ has_boundary: false, inside: false, intersects: false, distance_outside_m: null })
        .outcome,
    ).toBe('manual')
  })

  it("(b') planned use: chemical passes, reserved is conditional, others fail; a parcel counts as chemical land", () => {
    const z = (planned_use: 'chemical' | 'reserved' | 'green_buffer') => ({
      id: planned_use,
      name: planned_use,
      planned_use,
    })
    expect(plannedUseItem([z('chemical')], null, settings).outcome).toBe('pass')
    expect(plannedUseItem([z('chemical'), z('reserved')], null, settings).outcome).toBe('conditional')
    const bad = plannedUseItem([z('chemical'), z('green_buffer')], null, settings)
    expect(bad.outcome).toBe('fail')
    expect(bad.reasons[1]!.zh).toBe('位于「green_buffer」（绿化隔离带），不允许化工生产')
    expect(plannedUseItem([], { id: 'E01', name: '江海氯碱' }, settings).outcome).toBe('pass')
    expect(plannedUseItem([], null, settings).outcome).toBe('manual')
  })

  it('(c) any target closer than the minimum fails, naming it; a placeholder minimum is said so', () => {
    const targets = [
      { kind: 'office' as const, id: 'B-E07-01', name: '综合办公楼', enterprise_id: 'E07', distance_m: 85.2 },
      { kind: 'muster_point' as const, id: 'M1', name: '1号集合点', enterprise_id: null, distance_m: 240 },
      { kind: 'boundary' as const, id: 'PARK', name: '园区', enterprise_id: null, distance_m: 100 },
    ]
    const r = distanceItem(targets, settings)
    expect(r.outcome).toBe('fail')
    expect(r.reasons[0]!.zh).toBe('距办公楼「综合办公楼」（E07） 85 m，小于最小安全距离 100 m')
    expect(r.reasons).toHaveLength(2)
    expect(r.reasons[1]!.zh).toContain('占位默认值')
    // exactly at the minimum passes
    const ok = distanceItem(targets.slice(1), { ...settings, distance_is_placeholder: false })
    expect(ok.outcome).toBe('pass')
    expect(ok.reasons.map((x) => x.en)).toEqual([
      'nearest muster point "1号集合点" at 240 m (≥ 100 m)',
      'nearest park boundary "园区" at 100 m (≥ 100 m)',
    ])
    expect(distanceItem([], settings).outcome).toBe('manual')
  })

  it('(d) grades the inventory with GB 18218 (worked example: SO2 200 t, 60 people → R 30, 三级)', () => {
    const so2: CatalogueEntry = {
      id: 'SO2',
      name: '二氧化硫',
      name_en: 'Sulphur dioxide',
      cas: '7446-09-5',
      aliases: [],
      q_t: 20,
      beta: 2,
      basis: 'named',
      unconfirmed: false,
    }
    const a = assess([{ chemical: so2, q_t: 200, source: 'application' }], 60)
    const item = majorHazardItem(a, [], { people: 60, declared: true, buildings: null })
    expect(item.outcome).toBe('conditional')
    expect(item.reasons[0]!.zh).toBe(
      '构成三级重大危险源：S = 10，R = 30（α = 1.5）；须辨识备案、落实包保责任并接入在线监测预警',
    )
    const small = assess([{ chemical: so2, q_t: 2, source: 'application' }], 0)
    expect(majorHazardItem(small, [], { people: 0, declared: false, buildings: 0 }).outcome).toBe('pass')
    expect(
      majorHazardItem(small, [{ name: 'XY-7', message: 'not in the catalogue' }], {
        people: 0,
        declared: true,
        buildings: null,
      }).outcome,
    ).toBe('manual')
    expect(majorHazardItem(null, [], { people: 0, declared: true, buildings: null }).outcome).toBe('manual')
  })

  it('(e) finds the supervised processes, the longer name winning (过氧化 is not 氧化)', () => {
    expect(matchProcesses(supervised, '苯环氯化').map((p) => p.code)).toEqual(['CHLO'])
    expect(matchProcesses(supervised, '过氧化氢法').map((p) => p.code)).toEqual(['PERO'])
    expect(matchProcesses(supervised, '空气氧化').map((p) => p.code)).toEqual(['OXID'])
    expect(matchProcesses(supervised, '离子膜电解').map((p) => p.code)).toEqual(['ELEC'])
    expect(matchProcesses(supervised, '光气化反应').map((p) => p.code)).toEqual(['PHOS'])
    expect(matchProcesses(supervised, 'catalytic hydrogenation').map((p) => p.code)).toEqual(['HYDR'])
    expect(matchProcesses(supervised, '精馏')).toEqual([])
    const r = processItem(['苯环氯化', '精馏'], supervised)
    expect(r.outcome).toBe('conditional')
    expect(r.reasons[0]!.zh).toContain('氯化')
    expect(processItem(['精馏'], supervised).outcome).toBe('pass')
    expect(processItem([], supervised).outcome).toBe('pass')
  })

  it('derives the verdict: any fail refuses, conditional or manual is conditional, decisions count', () => {
    const i = (outcome: AdmissionItem['outcome'], decision: AdmissionItem['decision'] = null) => ({
      outcome,
      decision,
    })
    expect(verdictOf([i('pass'), i('pass')])).toBe('pass')
    expect(verdictOf([i('pass'), i('manual')])).toBe('conditional')
    expect(verdictOf([i('conditional'), i('fail')])).toBe('refuse')
    const decided = {
      outcome: 'pass' as const,
      note: '人工核查符合',
      by: 'admin',
      at: '2026-01-01T00:00:00.000Z',
    }
    expect(verdictOf([i('pass'), i('manual', decided)])).toBe('pass')
    expect(verdictOf([i('fail', { ...decided, outcome: 'conditional' })])).toBe('conditional')
  })
})
