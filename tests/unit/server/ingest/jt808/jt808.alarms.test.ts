import { describe, expect, it } from 'vitest'
import {
  decodeLocation,
  encodeAlarms,
  encodeLocation,
  type AlarmName,
} from '../../../../../sensors/protocols/jt808'
import { deviceAlarmChanges, positionProps } from '../../../../../server/ingest/jt808/jt808.alarms'

const at = (s: number) => new Date(Date.UTC(2026, 10, 29, 2, 0, s))
const report = (s: number, alarms: AlarmName[], fixed = true) =>
  decodeLocation(
    encodeLocation({
      alarm: encodeAlarms(alarms),
      status: fixed ? undefined : 0,
      lat: 32.2,
      lon: 118.8,
      time: at(s),
      extras: { odometerKm: 1234.5 },
    }),
  )

describe('JT/T 808 terminal alarm bits → alarm changes', () => {
  it('raises an SOS once while the bit stays set, then returns it to normal when it clears', () => {
    const active = new Set<string>()
    const first = deviceAlarmChanges(active, [report(0, ['sos']), report(1, ['sos'])], 0)
    expect(first).toHaveLength(1)
    expect(first[0]).toMatchObject({
      type: 'raise',
      rule: { rule: 'device_sos', priority: 'urgent' },
      t: at(0).getTime(),
      location: { lon: 118.8, lat: 32.2 },
    })
    expect(deviceAlarmChanges(active, [report(2, ['sos'])], 0)).toEqual([])
    const rtn = deviceAlarmChanges(active, [report(3, [])], 0)
    expect(rtn).toEqual([
      { type: 'rtn', rule: expect.objectContaining({ rule: 'device_sos' }), t: at(3).getTime() },
    ])
    expect(active.size).toBe(0)
  })

  it('takes a batch in time order whatever order it arrived in', () => {
    const active = new Set<string>()
    const changes = deviceAlarmChanges(active, [report(5, []), report(4, ['collision', 'overspeed'])], 0)
    expect(changes.map((c) => `${c.type}:${c.rule.rule}`)).toEqual([
      'raise:device_collision',
      'raise:device_overspeed',
      'rtn:device_collision',
      'rtn:device_overspeed',
    ])
  })

  it('raises an SOS without a fix, with no location', () => {
    const [c] = deviceAlarmChanges(new Set(), [report(0, ['sos'], false)], 0)
    expect(c).toMatchObject({ type: 'raise', location: null })
  })

  it('ignores terminal-side zone and route bits (the park judges zones itself)', () => {
    expect(deviceAlarmChanges(new Set(), [report(0, ['zoneInOut', 'routeDeviation'])], 0)).toEqual([])
  })

  it('keeps the alarm word and extras with the stored position, and nothing for a plain report', () => {
    expect(positionProps(report(0, ['sos']))).toMatchObject({
      alarm: 1,
      alarms: ['sos'],
      extras: { odometerKm: 1234.5 },
    })
    const plain = decodeLocation(encodeLocation({ lat: 32.2, lon: 118.8, time: at(0) }))
    expect(positionProps(plain)).toBeNull()
  })
})
