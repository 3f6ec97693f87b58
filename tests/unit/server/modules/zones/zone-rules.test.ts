import { describe, expect, it } from 'vitest'
import type { EngineEvent } from '../../../../../server/modules/zones/geofence.engine'
import { alarmActions, type TagInfo, type ZoneRule } from '../../../../../server/modules/zones/zone-rules'
import { at, t0, zone } from './fixtures'

const restricted = zone('Z04', {}, undefined, { zone_type: 'restricted', enterprise_id: 'E01' })
const construction = zone('Z47', {}, undefined, { zone_type: 'construction' })
const speed = zone('Z44', { speed_limit_kmh: 15 }, undefined, { zone_type: 'speed' })
const tag = (kind: TagInfo['kind'], enterprise_id: string | null = null): TagInfo => ({
  id: 'T1',
  kind,
  label: 'T1',
  enterprise_id,
})
const ev = (event: EngineEvent['event'], props: Record<string, unknown> = {}): EngineEvent => {
  const [lon, lat] = at(0, 0)
  return { tag_id: 'T1', zone_id: 'x', event, t: t0, lon, lat, speed_kmh: 20, props }
}
const summary = (acts: ReturnType<typeof alarmActions>) =>
  acts.map((a) => (a.type === 'raise' ? `raise ${a.input.rule} ${a.input.priority}` : `rtn ${a.rule}`))

describe('zone rules', () => {
  it.each([
    ['visitor', null, ['raise zone_intrusion:Z04 urgent']],
    ['staff', 'E02', ['raise zone_intrusion:Z04 urgent']], // staff of another enterprise
    ['contractor', 'E01', ['raise zone_intrusion:Z04 urgent']],
    [null, null, ['raise zone_intrusion:Z04 urgent']], // unregistered tag
    ['staff', 'E01', []], // the zone's own staff
  ] as const)('restricted zone: %s of %s on enter → %j', (kind, ent, expected) => {
    expect(summary(alarmActions(ev('enter'), tag(kind, ent), restricted))).toEqual(expected)
  })
  it('returns intrusion to normal on exit, and raises it at the midpoint of a crossing', () => {
    expect(summary(alarmActions(ev('exit'), tag('visitor'), restricted))).toEqual(['rtn zone_intrusion:Z04'])
    const acts = alarmActions(
      ev('crossing', { from_t: new Date(t0 - 4000).toISOString() }),
      tag('visitor'),
      restricted,
    )
    expect(summary(acts)).toEqual(['raise zone_intrusion:Z04 urgent', 'rtn zone_intrusion:Z04'])
    expect(acts[0]!.type === 'raise' && acts[0]!.input.t).toBe(t0 - 2000)
    expect(acts[0]!.type === 'raise' && acts[0]!.input.enterprise_id).toBe('E01')
  })
  it('raises a visitor in a construction zone (high), nobody else', () => {
    expect(summary(alarmActions(ev('enter'), tag('visitor'), construction))).toEqual([
      'raise zone_construction_visitor:Z47 high',
    ])
    expect(summary(alarmActions(ev('enter'), tag('contractor'), construction))).toEqual([])
  })
  it('raises overspeed with the max speed and limit, and returns it at the end', () => {
    const start = alarmActions(ev('overspeed_start', { max_speed_kmh: 42 }), tag('vehicle', 'E03'), speed)
    expect(start).toMatchObject([
      {
        type: 'raise',
        input: { rule: 'zone_overspeed:Z44', priority: 'high', value: 42, limit: 15, enterprise_id: 'E03' },
      },
    ])
    expect(summary(alarmActions(ev('overspeed_end'), tag('vehicle'), speed))).toEqual([
      'rtn zone_overspeed:Z44',
    ])
    expect(alarmActions(ev('enter'), tag('vehicle'), speed)).toEqual([])
  })
  it('takes further rules with their own authoriser (the extension point)', () => {
    const booked: ZoneRule = {
      name: 'zone_unauthorised',
      label: '未授权区域 unauthorised zone',
      priority: 'high',
      trigger: 'presence',
      appliesTo: (z) => z.zoneType === 'speed',
      authorizer: { authorised: (t) => t.enterprise_id === 'E03' },
    }
    expect(summary(alarmActions(ev('enter'), tag('vehicle', 'E09'), speed, [booked]))).toEqual([
      'raise zone_unauthorised:Z44 high',
    ])
    expect(summary(alarmActions(ev('enter'), tag('vehicle', 'E03'), speed, [booked]))).toEqual([])
  })
})
