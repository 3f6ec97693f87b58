// The card zone authorisation on the zone rules (pure; beside the card API tests it depends on no service).
import { describe, expect, it } from 'vitest'
import type { EngineEvent } from '../../../../server/modules/zones/geofence.engine'
import {
  alarmActions,
  cardZoneRules,
  type CardGrants,
  type TagInfo,
} from '../../../../server/modules/zones/zone-rules'
import type { CompiledZone } from '../../../../server/modules/zones/zone-shapes'

const zone = (id: string, zoneType: string) =>
  ({ id, name: id, zoneType, enterpriseId: 'E1', speedLimitKmh: null }) as unknown as CompiledZone
const enter = { event: 'enter', t: 1_000, lon: 121, lat: 31, props: {} } as unknown as EngineEvent
const tag = (id: string, kind: TagInfo['kind']): TagInfo => ({ id, kind, label: id, enterprise_id: null })
const grants: CardGrants = {
  holderOf: (id) => (id === 'V' || id === 'V2' ? 'visitor' : id === 'T' ? 'vehicle' : undefined),
  allows: (id, z, t) => (id === 'V' || id === 'T') && z === 'R1' && t < 2_000,
}
const rules = cardZoneRules(grants)
const raised = (t: TagInfo, z: CompiledZone) =>
  alarmActions(enter, t, z, rules).flatMap((a) => (a.type === 'raise' ? [a.input.rule] : []))

describe('card zone rules', () => {
  it('authorises a visitor card in the zones it names only', () => {
    expect(raised(tag('V', 'visitor'), zone('R1', 'restricted'))).toEqual([])
    expect(raised(tag('V', 'visitor'), zone('R2', 'restricted'))).toEqual(['zone_unauthorised:R2'])
    expect(raised(tag('V2', 'visitor'), zone('C1', 'controlled'))).toEqual(['zone_unauthorised:C1'])
  })
  it('keeps the intrusion rule for everyone else', () => {
    expect(raised(tag('X', 'visitor'), zone('R1', 'restricted'))).toEqual(['zone_intrusion:R1'])
    expect(raised(tag('T', 'vehicle'), zone('R1', 'restricted'))).toEqual([])
    expect(raised(tag('T', 'vehicle'), zone('R2', 'restricted'))).toEqual(['zone_intrusion:R2'])
    expect(raised(tag('X', 'vehicle'), zone('C1', 'controlled'))).toEqual([])
  })
})
