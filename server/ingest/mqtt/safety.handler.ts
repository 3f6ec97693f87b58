import {
  decodeBatch,
  decodeSensorMessage,
  parsePayload,
  parseSafetyTopic,
  safetyTopicFilters,
  type DecodePolicy,
  type ItemRejection,
  type SafetyRejection,
} from '../../../sensors/protocols/safety'
import type { RejectionLog } from '../shared/rejection-log'
import type { ReadingBatcher } from './reading-batcher'
import type { MqttHandler } from './mqtt-handler'

export interface SafetyHandlerDeps {
  prefix: string
  batcher: ReadingBatcher
  rejections: RejectionLog
  policy?: Omit<DecodePolicy, 'now'>
  clock?: () => number
}

/**
 * Safety-sensor messages (`<prefix>/v1/sensors/<id>/data`, `<prefix>/v1/gateways/<id>/data`): decode, store
 * through the batcher, count every refusal by reason. Resolves once the message is settled; rejects only when
 * its readings could not be stored (then it is not answered, and the broker redelivers it).
 */
export function safetyHandler(d: SafetyHandlerDeps): MqttHandler {
  const now = d.clock ?? Date.now
  const refuse = (topic: string, id: string, r: SafetyRejection, raw?: Uint8Array) =>
    d.rejections.record({
      reason: r.reason,
      peer: topic,
      ip: id,
      mn: id,
      detail: r.message,
      raw: raw ? Buffer.from(raw.subarray(0, 200)).toString('utf8') : undefined,
    })
  // an item is charged to its sensor when known (registry refusals), else to the gateway
  const refuseItem = (topic: string, id: string, i: ItemRejection, sensor?: string) =>
    refuse(topic, sensor ?? id, { reason: i.reason, message: `readings[${i.index}]: ${i.message}` })

  return {
    name: 'safety',
    filters: safetyTopicFilters(d.prefix),
    async handle(topic, payload) {
      const t = parseSafetyTopic(d.prefix, topic)
      if (!t)
        return refuse(topic, topic, {
          reason: 'bad_topic',
          message: 'not <prefix>/v1/{sensors|gateways}/<id>/data',
        })
      const policy: DecodePolicy = { ...d.policy, now: now() }
      const json = parsePayload(payload, policy)
      if (!json.ok) return refuse(topic, t.id, json, payload)
      if (t.resource === 'sensors') {
        const one = decodeSensorMessage(t.id, json.json, policy)
        if (!one.ok) return refuse(topic, t.id, one, payload)
        const [refused] = await d.batcher.add([one.reading])
        return refused ? refuse(topic, t.id, refused) : undefined
      }
      const batch = decodeBatch(json.json, policy)
      if (!batch.ok) return refuse(topic, t.id, batch, payload)
      for (const i of batch.rejected) refuseItem(topic, t.id, i)
      const refused = await d.batcher.add(batch.readings.map((r) => r.reading))
      // the registry's refusals index the decoded readings: report them by their index in the message
      for (const r of refused) {
        const item = batch.readings[r.index]!
        refuseItem(topic, t.id, { ...r, index: item.index }, item.reading.sensor)
      }
    },
  }
}
