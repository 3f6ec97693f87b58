// The shipped drill scripts validate, refer to the seeded park's real assets, and bad scripts are refused
// with the reason.
import { describe, expect, it } from 'vitest'
import { readPark } from '../../../geodata/read'
import { drillDuration, drillFiles, loadDrillScripts, parseDrillScript } from '../../../scenes/drills'
import { readFileSync } from 'node:fs'

const park = readPark()
const casOf: Record<string, string> = { chlorine: '7782-50-5', toluene: '108-88-3', lpg: '68476-85-7' }
const raw = (f: string) =>
  JSON.parse(readFileSync(new URL(`../../../scenes/drills/${f}`, import.meta.url), 'utf8'))

describe('drill scripts', () => {
  const scripts = loadDrillScripts()

  it('ship the three drills: toxic leak, solvent pool fire, LPG VCE', () => {
    expect(scripts.map((s) => [s.id, s.scenario.kind, s.scenario.chemical_id])).toEqual([
      ['chlorine-leak', 'toxic', 'chlorine'],
      ['solvent-pool-fire', 'pool_fire', 'toluene'],
      ['lpg-vce', 'vce', 'lpg'],
    ])
  })

  it.each(drillFiles.map((f) => [f]))(
    '%s refers to real assets, sensors and enterprises of the park',
    (f) => {
      const s = parseDrillScript(raw(f), f)
      const tank = park.tanks.features.find((t) => t.id === s.scenario.asset_id)
      expect(tank, s.scenario.asset_id).toBeDefined()
      expect(tank!.properties.cas).toBe(casOf[s.scenario.chemical_id])
      const sensors = new Set(park.sensors.features.map((x) => x.id))
      const enterprises = new Set(park.enterprises.features.map((x) => x.id))
      for (const st of s.steps)
        if (st.kind === 'detector_alarm') {
          expect(sensors.has(st.payload.sensor_id), st.payload.sensor_id).toBe(true)
          const sensor = park.sensors.features.find((x) => x.id === st.payload.sensor_id)!
          // the detector watches the released tank or its farm
          expect([tank!.id, tank!.properties.farm_id]).toContain(sensor.properties.asset_id)
        }
      for (const g of s.participants.groups)
        if (g.enterprise_id) expect(enterprises.has(g.enterprise_id)).toBe(true)
      expect(s.participants.groups.every((g) => g.enterprise_id === tank!.properties.enterprise_id)).toBe(
        true,
      )
      // the timeline: release first, end last, operator steps with deadlines inside the drill
      expect(s.steps[0]!.kind).toBe('release')
      expect(s.steps.at(-1)!.kind).toBe('end')
      for (const kind of ['detector_alarm', 'alarm_notify', 'declare_incident', 'evacuate', 'headcount'])
        expect(
          s.steps.some((st) => st.kind === kind),
          kind,
        ).toBe(true)
      expect(s.camera[0]!.t_s).toBe(0)
      expect(drillDuration(s)).toBeGreaterThan(0)
    },
  )

  it('the VCE drill has an ignition; the toxic drill a wind shift', () => {
    expect(scripts[2]!.steps.some((s) => s.kind === 'ignition')).toBe(true)
    expect(scripts[0]!.steps.some((s) => s.kind === 'wind_shift')).toBe(true)
  })

  it('refuses bad scripts with the reason', () => {
    const good = raw('chlorine-leak.json')
    const bad = (mutate: (s: typeof good) => void) => {
      const s = structuredClone(good)
      mutate(s)
      return () => parseDrillScript(s, 'x.json')
    }
    expect(bad((s) => (s.steps[2].actor = 'system'))).toThrow(/steps.2.expected_by_s: only operator steps/)
    expect(bad((s) => delete s.steps[2].expected_by_s)).toThrow(/needs a deadline/)
    expect(bad((s) => (s.steps[1].actor = 'operator'))).toThrow(/detector_alarm is a system step/)
    expect(bad((s) => s.steps.reverse())).toThrow(/time order/)
    expect(bad((s) => (s.steps[0].kind = 'headcount'))).toThrow(/first step is the one release/)
    expect(bad((s) => (s.scenario.weather.wind_speed_ms = 0.2))).toThrow(/scenario.weather.wind_speed_ms/)
    expect(bad((s) => (s.participants.groups[0].unresponsive = 99))).toThrow(/unresponsive/)
    expect(bad((s) => (s.steps[1].payload = {}))).toThrow(/sensor_id/)
    expect(bad((s) => (s.surprise = 1))).toThrow(/surprise/)
  })
})
