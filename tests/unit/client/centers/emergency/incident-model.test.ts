import { describe, expect, it } from 'vitest'
import type { ZonesResult } from '../../../../../server/contracts/emergency'
import type {
  EvacuationReport,
  IncidentLogEntry,
  InsideEntry,
  MusterReport,
} from '../../../../../server/contracts/incidents'
import type { AssetFeature } from '../../../../../server/contracts/park'
import {
  buildDeclareBody,
  canCommand,
  canReadPeople,
  compassName,
  defaultDeclareForm,
  distanceText,
  drawnRoutes,
  groupInside,
  logLine,
  manualWeather,
  musterColours,
  musterRows,
  tankOptions,
  windPatch,
  windText,
  zoneRows,
} from '../../../../../client/centers/emergency/incident-model'

const entry = (
  tag_id: string,
  level: InsideEntry['level'],
  distance_m: number,
  kind = 'staff',
): InsideEntry => ({
  tag_id,
  label: tag_id,
  kind: kind as InsideEntry['kind'],
  enterprise_id: null,
  level,
  distance_m,
  lon: 0,
  lat: 0,
  t: '2026-01-01T00:00:00Z',
})

describe('incident model: roles', () => {
  it('lets park staff command and the park read the people', () => {
    expect(canCommand('park_admin')).toBe(true)
    expect(canCommand('operator')).toBe(true)
    expect(canCommand('screen')).toBe(false)
    expect(canCommand('enterprise_user')).toBe(false)
    expect(canCommand(null)).toBe(false)
    expect(canReadPeople('screen')).toBe(true)
    expect(canReadPeople('enterprise_user')).toBe(false)
  })
})

describe('incident model: formatting', () => {
  it('writes distances in m below a kilometre, km above', () => {
    expect(distanceText(0)).toBe('0 m')
    expect(distanceText(849.6)).toBe('850 m')
    expect(distanceText(1234)).toBe('1.2 km')
    expect(distanceText(12_600)).toBe('13 km')
    expect(distanceText(Number.NaN)).toBe('—')
  })

  it('names the wind by where it comes from', () => {
    expect(compassName(90, 'zh-CN')).toBe('东')
    expect(compassName(270, 'en')).toBe('W')
    expect(compassName(-45, 'en')).toBe('NW')
    expect(compassName(359, 'en')).toBe('N')
    expect(compassName(22.4, 'zh-CN')).toBe('北')
    expect(compassName(22.6, 'zh-CN')).toBe('东北')
    expect(windText({ wind_from_deg: 90, wind_speed_ms: 3, stability: 'D' }, 'zh-CN')).toBe(
      '东风 90° · 3 m/s · D',
    )
    expect(windText({ wind_from_deg: 270, wind_speed_ms: 2.5 }, 'en')).toBe('from W 270° · 2.5 m/s')
  })

  it('lists the zone levels red → yellow with threshold and reach', () => {
    const level = (lvl: 'red' | 'orange' | 'yellow', reach_m: number, reached = true) => ({
      level: lvl,
      basis: lvl === 'red' ? 'AEGL-3' : lvl === 'orange' ? 'AEGL-2' : 'AEGL-1',
      threshold: { value: lvl === 'red' ? 20 : 2, unit: 'ppm' as const },
      reach_m,
      start_m: 0,
      max_half_width_m: 10,
      capped: false,
      model: 'gaussian_plume' as const,
      reached,
    })
    const rows = zoneRows({
      levels: [level('yellow', 5000), level('red', 800), level('orange', 0, false)],
    } as Pick<ZonesResult, 'levels'>)
    expect(rows.map((r) => r.level)).toEqual(['red', 'orange', 'yellow'])
    expect(rows[0]).toMatchObject({ reached: true, reach_m: 800, threshold: '20 ppm', basis: 'AEGL-3' })
    expect(rows[1]!.reached).toBe(false)
  })
})

describe('incident model: who is inside', () => {
  it('groups people and vehicles per level, every level, nearest first', () => {
    const groups = groupInside({
      inside: [
        entry('a', 'red', 50),
        entry('v', 'red', 20, 'hazmat_vehicle'),
        entry('b', 'red', 10, 'visitor'),
        entry('c', 'yellow', 900, 'contractor'),
        entry('d', 'yellow', 600, 'vehicle'),
      ],
    })
    expect(groups.map((g) => g.level)).toEqual(['red', 'orange', 'yellow'])
    expect(groups[0]!.people.map((e) => e.tag_id)).toEqual(['b', 'a'])
    expect(groups[0]!.vehicles.map((e) => e.tag_id)).toEqual(['v'])
    expect(groups[1]!.people).toEqual([])
    expect(groups[2]!.people.map((e) => e.tag_id)).toEqual(['c'])
    expect(groups[2]!.vehicles.map((e) => e.tag_id)).toEqual(['d'])
  })
})

describe('incident model: evacuation and muster', () => {
  const point = (
    id: string,
    assigned: number,
    status: 'eligible' | 'fallback' | 'excluded' = 'eligible',
  ) => ({
    id,
    name: `集合点${id}`,
    name_en: null,
    lon: 0,
    lat: 0,
    node_id: 'n',
    capacity: 100,
    level: status === 'excluded' ? ('yellow' as const) : null,
    status,
    reason: null,
    assigned,
  })

  it('colours muster points stably by id, whatever the order', () => {
    const a = musterColours(['M2', 'M10', 'M1'])
    const b = musterColours(['M1', 'M2', 'M10', 'M2'])
    expect([...a]).toEqual([...b])
    expect([...a.keys()]).toEqual(['M1', 'M2', 'M10'])
    expect(new Set(a.values()).size).toBe(3)
  })

  it('joins assignment and headcount: used points first, excluded last', () => {
    const ev = {
      points: [point('M1', 0), point('M2', 5), point('M3', 9, 'excluded'), point('M4', 1, 'fallback')],
    }
    const mu = {
      points: [
        { id: 'M1', name: 'x', name_en: null, lon: 0, lat: 0, capacity: 100, present: 3, tags: [] },
        { id: 'M9', name: 'y', name_en: null, lon: 0, lat: 0, capacity: 50, present: 1, tags: [] },
      ],
    } as Pick<MusterReport, 'points'>
    const rows = musterRows(ev as Pick<EvacuationReport, 'points'>, mu)
    expect(rows.map((r) => r.id)).toEqual(['M2', 'M1', 'M9', 'M4', 'M3'])
    expect(rows.find((r) => r.id === 'M1')).toMatchObject({ assigned: 0, present: 3, status: 'eligible' })
    expect(rows.find((r) => r.id === 'M2')!.present).toBeNull()
    expect(rows.find((r) => r.id === 'M9')).toMatchObject({ status: null, present: 1, capacity: 50 })
    expect(musterRows(null, null)).toEqual([])
  })

  it('draws found routes only, red first when capped', () => {
    const r = { type: 'LineString' }
    const people = [
      { level: 'yellow' as const, route: r },
      { level: 'red' as const, route: null },
      { level: 'orange' as const, route: r },
      { level: 'red' as const, route: r },
    ]
    expect(drawnRoutes(people, 10)).toEqual({ routes: [people[0], people[2], people[3]], total: 3 })
    const capped = drawnRoutes(people, 2)
    expect(capped.total).toBe(3)
    expect(capped.routes.map((p) => p.level)).toEqual(['red', 'orange'])
  })
})

describe('incident model: declare form', () => {
  const tank = (id: string, chemical?: string): AssetFeature => ({
    type: 'Feature',
    id,
    geometry: { type: 'Point', coordinates: [120.95, 31.94] },
    properties: {
      kind: 'tank',
      name: `${id}罐`,
      name_en: null,
      enterprise_id: 'E01',
      height_m: 10,
      props: chemical ? { chemical, chemical_en: 'Chem' } : {},
    },
  })

  it('offers the tanks holding a chemical, by chemical then id', () => {
    const hydrant = {
      ...tank('P1', '氯'),
      properties: { ...tank('P1', '氯').properties, kind: 'hydrant' as const },
    }
    const opts = tankOptions([
      tank('T-2', '氯'),
      tank('T-10', '氯'),
      tank('T-3'),
      hydrant,
      tank('T-1', '甲醇'),
    ])
    expect(opts.map((o) => o.id)).toEqual(['T-1', 'T-2', 'T-10'])
    expect(opts[1]).toMatchObject({ chemical: '氯', chemical_en: 'Chem' })
  })

  it('builds a continuous leak with a stability class', () => {
    const f = { ...defaultDeclareForm(), asset_id: 'T-E01-01', stability: 'D' as const }
    expect(buildDeclareBody(f)).toEqual({
      body: {
        kind: 'leak',
        asset_id: 'T-E01-01',
        rate_gs: 1000,
        duration_s: 600,
        weather: { wind_speed_ms: 3, wind_from_deg: 90, stability: 'D' },
      },
    })
  })

  it('takes the stability from the cloud cover when auto; an instantaneous leak is a mass', () => {
    const f = { ...defaultDeclareForm(), asset_id: 'T1', mode: 'instantaneous' as const, mass_kg: '500' }
    expect(buildDeclareBody(f)).toEqual({
      body: {
        kind: 'leak',
        asset_id: 'T1',
        mass_kg: 500,
        weather: { wind_speed_ms: 3, wind_from_deg: 90, cloud_cover_oktas: 4 },
      },
    })
  })

  it('a fire may leave the pool to the dike; an explosion needs a mass', () => {
    const base = { ...defaultDeclareForm(), asset_id: 'T1', stability: 'F' as const }
    expect(buildDeclareBody({ ...base, kind: 'fire', mass_kg: '' })).toEqual({
      body: {
        kind: 'fire',
        asset_id: 'T1',
        weather: { wind_speed_ms: 3, wind_from_deg: 90, stability: 'F' },
      },
    })
    expect(buildDeclareBody({ ...base, kind: 'explosion', mass_kg: '' })).toEqual({ error: 'err.mass' })
    expect(buildDeclareBody({ ...base, kind: 'explosion', mass_kg: '2000' })).toMatchObject({
      body: { kind: 'explosion', mass_kg: 2000 },
    })
  })

  it('refuses what the server would', () => {
    const f = { ...defaultDeclareForm(), asset_id: 'T1' }
    expect(buildDeclareBody({ ...f, asset_id: '' })).toEqual({ error: 'err.source' })
    expect(buildDeclareBody({ ...f, rate_gs: '0' })).toEqual({ error: 'err.rate' })
    expect(buildDeclareBody({ ...f, rate_gs: 'x' })).toEqual({ error: 'err.rate' })
    expect(buildDeclareBody({ ...f, duration_s: '-1' })).toEqual({ error: 'err.duration' })
    expect(buildDeclareBody({ ...f, wind_speed_ms: '0.5' })).toEqual({ error: 'err.wind' })
    expect(buildDeclareBody({ ...f, wind_from_deg: '400' })).toEqual({ error: 'err.wind' })
    expect(buildDeclareBody({ ...f, cloud_cover_oktas: '2.5' })).toEqual({ error: 'err.cloud' })
    expect(manualWeather('3', '', 'D', '')).toEqual({ error: 'err.wind' })
  })
})

describe('incident model: wind change', () => {
  it('keeps the stability as it was chosen', () => {
    expect(
      windPatch({ wind_speed_ms: 3, wind_from_deg: 90, stability: 'D', source: 'manual' }, 270, 4),
    ).toEqual({
      wind_speed_ms: 4,
      wind_from_deg: 270,
      stability: 'D',
    })
    expect(
      windPatch({ wind_speed_ms: 3, wind_from_deg: 90, cloud_cover_oktas: 6, source: 'manual' }, -90, 3),
    ).toEqual({ wind_speed_ms: 3, wind_from_deg: 270, cloud_cover_oktas: 6 })
    expect(
      windPatch(
        { wind_speed_ms: 3, wind_from_deg: 90, cloud_cover_oktas: 8, source: 'station', station_id: 'WS1' },
        45,
        2,
      ),
    ).toEqual({ wind_speed_ms: 2, wind_from_deg: 45, cloud_cover_oktas: 8 })
    expect(windPatch({ wind_speed_ms: 3, wind_from_deg: 0, source: 'station' }, 360, 2)).toMatchObject({
      wind_from_deg: 0,
      cloud_cover_oktas: 4,
    })
  })
})

describe('incident model: the log timeline', () => {
  const e = (kind: IncidentLogEntry['kind'], payload: Record<string, unknown>): IncidentLogEntry => ({
    id: '1',
    incident_id: '7',
    t: '2026-01-01T08:00:00Z',
    actor: 'op1',
    kind,
    payload,
  })

  it('says what happened in words', () => {
    const w90 = { wind_speed_ms: 3, wind_from_deg: 90, stability: 'D', source: 'manual' }
    const w270 = { ...w90, wind_from_deg: 270 }
    expect(logLine(e('declared', { title: '氯泄漏（T-E01-01）', weather: w90 }), 'zh-CN')).toMatchObject({
      label: '事故上报',
      text: '氯泄漏（T-E01-01） · 东风 90° · 3 m/s · D',
      actor: 'op1',
    })
    expect(logLine(e('weather_changed', { from: w90, to: w270 }), 'en').text).toBe(
      'from E 90° · 3 m/s · D → from W 270° · 3 m/s · D',
    )
    const levels = [
      { level: 'red', reached: true, reach_m: 800 },
      { level: 'orange', reached: true, reach_m: 2500 },
      { level: 'yellow', reached: false, reach_m: 0 },
    ]
    expect(logLine(e('zones_computed', { levels }), 'zh-CN').text).toBe(
      '红区 800 m / 橙区 2.5 km / 黄区 未达到',
    )
    expect(logLine(e('alarm', { alarm_id: '42', event: 'raise' }), 'en').text).toBe('urgent alarm raised #42')
    expect(logLine(e('alarm', { alarm_id: '42', event: 'return_to_normal' }), 'zh-CN').text).toBe(
      '报警恢复 #42',
    )
    expect(
      logLine(e('notification', { event: 'incident.updated', change: 'weather_changed' }), 'zh-CN').text,
    ).toBe('已推送 incident.updated（气象变化）')
    expect(logLine(e('note', { text: '消防站已出动' }), 'zh-CN')).toMatchObject({
      label: '记录',
      text: '消防站已出动',
    })
    expect(logLine(e('closed', {}), 'en')).toMatchObject({ label: 'Closed', text: '' })
    // odd payloads do not throw
    expect(logLine(e('weather_changed', { to: 'x' }), 'en').text).toBe('')
  })
})
