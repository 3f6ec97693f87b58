/**
 * MQTT topic layout, version 1 (`<prefix>` is MQTT_TOPIC_PREFIX, default `cpt`, one or more levels):
 *
 *   <prefix>/v1/sensors/<sensor_id>/data     one reading of one sensor
 *   <prefix>/v1/gateways/<gateway_id>/data   a batch of readings of many sensors
 *   <prefix>/v1/cards/<gateway_id>/data      positioning-card gateways (reserved: next issue)
 */
export const topicVersion = 'v1'

/** Ids in topics and payloads: what a registry id may hold (no MQTT wildcards, no `/`). */
export const deviceIdPattern = /^[A-Za-z0-9_.-]{1,100}$/

export type SafetyResource = 'sensors' | 'gateways'

export interface ParsedTopic {
  /** the level after `v1`: `sensors`, `gateways`, `cards`, … */
  resource: string
  id: string
  /** the last level: `data` */
  leaf: string
}

/** Splits a topic under the prefix; null when it is not `<prefix>/v1/<resource>/<id>/<leaf>`. */
export function parseTopic(prefix: string, topic: string): ParsedTopic | null {
  if (!topic.startsWith(`${prefix}/`)) return null
  const levels = topic.slice(prefix.length + 1).split('/')
  if (levels.length !== 4 || levels[0] !== topicVersion) return null
  const [, resource, id, leaf] = levels as [string, string, string, string]
  if (!deviceIdPattern.test(id)) return null
  return { resource, id, leaf }
}

/** The safety topics this version defines; null for any other topic (another resource or leaf). */
export function parseSafetyTopic(
  prefix: string,
  topic: string,
): { resource: SafetyResource; id: string } | null {
  const t = parseTopic(prefix, topic)
  if (!t || t.leaf !== 'data' || (t.resource !== 'sensors' && t.resource !== 'gateways')) return null
  return { resource: t.resource, id: t.id }
}

export const sensorTopic = (prefix: string, sensorId: string) =>
  `${prefix}/${topicVersion}/sensors/${sensorId}/data`
export const gatewayTopic = (prefix: string, gatewayId: string) =>
  `${prefix}/${topicVersion}/gateways/${gatewayId}/data`

/** Subscription filters of the safety ingest. */
export const safetyTopicFilters = (prefix: string) => [
  `${prefix}/${topicVersion}/sensors/+/data`,
  `${prefix}/${topicVersion}/gateways/+/data`,
]
