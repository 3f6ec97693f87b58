import {
  cardTopicFilters,
  decodeCardBatch,
  decodeGateEvent,
  gateTopicFilters,
  parseCardPayload,
  parseCardTopic,
  parseGateTopic,
  type CardDecodePolicy,
  type CardItemRejection,
  type CardRejection,
} from '../../../sensors/protocols/cards'
import type { CardFeedService } from '../../modules/cards/card-feed.service'
import type { GatesService } from '../../modules/gates/gates.service'
import type { RejectionLog } from '../shared/rejection-log'
import type { MqttHandler } from './mqtt-handler'

export interface CardsHandlerDeps {
  prefix: string
  rejections: RejectionLog
  policy?: Omit<CardDecodePolicy, 'now'>
  clock?: () => number
}

function refuser(d: CardsHandlerDeps) {
  const refuse = (topic: string, id: string, r: CardRejection, raw?: Uint8Array) =>
    d.rejections.record({
      reason: r.reason,
      peer: topic,
      ip: id,
      mn: id,
      detail: r.message,
      raw: raw ? Buffer.from(raw.subarray(0, 200)).toString('utf8') : undefined,
    })
  const refuseItem = (topic: string, id: string, i: CardItemRejection) =>
    refuse(topic, id, { reason: i.reason, message: `positions[${i.index}]: ${i.message}` })
  return { refuse, refuseItem }
}

/**
 * Positioning-card gateways (`<prefix>/v1/cards/<gateway>/data`, `{positions: [...]}`): decode, raise the
 * badges' SOS / low battery, publish the known cards' samples on the `positions` stream; resolves once that is
 * done (the ingest then answers the broker), rejects when it failed (the broker redelivers).
 */
export function cardsHandler(d: CardsHandlerDeps & { feed: CardFeedService }): MqttHandler {
  const now = d.clock ?? Date.now
  const { refuse, refuseItem } = refuser(d)
  return {
    name: 'cards',
    filters: cardTopicFilters(d.prefix),
    async handle(topic, payload) {
      const gateway = parseCardTopic(d.prefix, topic)
      if (!gateway)
        return refuse(topic, topic, { reason: 'bad_topic', message: 'not <prefix>/v1/cards/<id>/data' })
      const policy: CardDecodePolicy = { ...d.policy, now: now() }
      const json = parseCardPayload(payload, policy)
      if (!json.ok) return refuse(topic, gateway, json, payload)
      const batch = decodeCardBatch(json.json, policy)
      if (!batch.ok) return refuse(topic, gateway, batch, payload)
      for (const i of batch.rejected) refuseItem(topic, gateway, i)
      const out = await d.feed.ingest(batch.items, 'mqtt')
      for (const i of out.rejected) refuseItem(topic, gateway, i)
    },
  }
}

/** Gate (卡口) cameras (`<prefix>/v1/gates/<gate>/events`, one event per message): store, check the booking. */
export function gatesHandler(d: CardsHandlerDeps & { gates: GatesService }): MqttHandler {
  const now = d.clock ?? Date.now
  const { refuse } = refuser(d)
  return {
    name: 'gates',
    filters: gateTopicFilters(d.prefix),
    async handle(topic, payload) {
      const gate = parseGateTopic(d.prefix, topic)
      if (!gate)
        return refuse(topic, topic, { reason: 'bad_topic', message: 'not <prefix>/v1/gates/<id>/events' })
      const policy: CardDecodePolicy = { ...d.policy, now: now() }
      const json = parseCardPayload(payload, policy)
      if (!json.ok) return refuse(topic, gate, json, payload)
      const ev = decodeGateEvent(json.json, policy, gate)
      if (!ev.ok) return refuse(topic, gate, ev, payload)
      const out = await d.gates.ingest([{ index: 0, value: ev.event }], 'mqtt')
      for (const r of out.rejected) refuse(topic, gate, r)
    },
  }
}
