import { describe, expect, it } from 'vitest'
import {
  gatewayTopic,
  parseSafetyTopic,
  parseTopic,
  safetyTopicFilters,
  sensorTopic,
} from '../../../../../sensors/protocols/safety'

describe('topic layout v1', () => {
  it('builds and parses sensor and gateway topics under a one- or many-level prefix', () => {
    for (const prefix of ['cpt', 'park-a/test_1']) {
      expect(parseSafetyTopic(prefix, sensorTopic(prefix, 'T-E01-01.LT'))).toEqual({
        resource: 'sensors',
        id: 'T-E01-01.LT',
      })
      expect(parseSafetyTopic(prefix, gatewayTopic(prefix, 'GW-E01'))).toEqual({
        resource: 'gateways',
        id: 'GW-E01',
      })
      expect(safetyTopicFilters(prefix)).toEqual([
        `${prefix}/v1/sensors/+/data`,
        `${prefix}/v1/gateways/+/data`,
      ])
    }
  })

  it('leaves room for the card gateways: parseTopic reads them, the safety layout does not take them', () => {
    expect(parseTopic('cpt', 'cpt/v1/cards/GW-1/data')).toEqual({
      resource: 'cards',
      id: 'GW-1',
      leaf: 'data',
    })
    expect(parseSafetyTopic('cpt', 'cpt/v1/cards/GW-1/data')).toBeNull()
  })

  it.each([
    ['another prefix', 'cptx/v1/sensors/GD-1/data'],
    ['no prefix', 'v1/sensors/GD-1/data'],
    ['prefix only as a part of a level', 'cp/v1/sensors/GD-1/data'],
    ['version 2', 'cpt/v2/sensors/GD-1/data'],
    ['another leaf', 'cpt/v1/sensors/GD-1/status'],
    ['extra level', 'cpt/v1/sensors/GD-1/data/x'],
    ['missing id', 'cpt/v1/sensors//data'],
    ['id with a space', 'cpt/v1/sensors/GD 1/data'],
    ['id with unicode', 'cpt/v1/sensors/探测器/data'],
    ['id too long', `cpt/v1/sensors/${'x'.repeat(101)}/data`],
    ['unknown resource', 'cpt/v1/valves/V-1/data'],
  ])('refuses %s', (_name, topic) => {
    expect(parseSafetyTopic('cpt', topic)).toBeNull()
  })
})
