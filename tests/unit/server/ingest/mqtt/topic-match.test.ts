import { describe, expect, it } from 'vitest'
import { topicMatches } from '../../../../../server/ingest/mqtt/topic-match'

describe('MQTT topic filter matching', () => {
  it.each([
    ['cpt/v1/sensors/+/data', 'cpt/v1/sensors/GD-1/data', true],
    ['cpt/v1/sensors/+/data', 'cpt/v1/sensors/GD-1/status', false],
    ['cpt/v1/sensors/+/data', 'cpt/v1/sensors/a/b/data', false],
    ['cpt/v1/sensors/+/data', 'cpt/v1/sensors/data', false],
    ['cpt/v1/sensors/+/data', 'cpt/v1/sensors//data', true],
    ['cpt/v1/#', 'cpt/v1/cards/GW-1/data', true],
    ['cpt/v1/#', 'cpt/v2/x', false],
    ['$share/ingest/cpt/v1/gateways/+/data', 'cpt/v1/gateways/GW-1/data', true],
    ['$share/ingest/cpt/v1/gateways/+/data', 'cpt/v1/sensors/GW-1/data', false],
  ])('%s ~ %s: %s', (filter, topic, expected) => {
    expect(topicMatches(filter, topic)).toBe(expected)
  })
})
