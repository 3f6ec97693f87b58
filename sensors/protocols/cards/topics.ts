/**
 * MQTT topics, version 1 (`<prefix>` is MQTT_TOPIC_PREFIX, default `cpt`):
 *
 *   <prefix>/v1/cards/<gateway_id>/data   a batch of positioning-card positions (`{positions: [...]}`)
 *   <prefix>/v1/gates/<gate_id>/events    one gate (卡口) plate-recognition event
 */
import { parseTopic, topicVersion } from '../safety/topics'

export const cardTopic = (prefix: string, gatewayId: string) =>
  `${prefix}/${topicVersion}/cards/${gatewayId}/data`
export const gateTopic = (prefix: string, gateId: string) =>
  `${prefix}/${topicVersion}/gates/${gateId}/events`

export const cardTopicFilters = (prefix: string) => [`${prefix}/${topicVersion}/cards/+/data`]
export const gateTopicFilters = (prefix: string) => [`${prefix}/${topicVersion}/gates/+/events`]

/** The card gateway's id; null when the topic is not `<prefix>/v1/cards/<id>/data`. */
export function parseCardTopic(prefix: string, topic: string): string | null {
  const t = parseTopic(prefix, topic)
  return t && t.resource === 'cards' && t.leaf === 'data' ? t.id : null
}

/** The gate's id; null when the topic is not `<prefix>/v1/gates/<id>/events`. */
export function parseGateTopic(prefix: string, topic: string): string | null {
  const t = parseTopic(prefix, topic)
  return t && t.resource === 'gates' && t.leaf === 'events' ? t.id : null
}
