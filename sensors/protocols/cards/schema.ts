import { z } from 'zod'
import { deviceIdPattern } from '../safety/topics'

/**
 * The JSON of positioning-card gateways, shared by MQTT (`<prefix>/v1/cards/<gateway>/data`) and HTTP
 * (POST /api/v1/ingest/positions): `{"positions": [{card, t, lon, lat, floor?, battery?, sos?}]}`. The batch
 * key is `positions` (not `readings`, which is the safety sensors' key): a body sent to the wrong endpoint is
 * refused as a whole instead of being half understood. Unknown fields are ignored; items are checked one by one.
 */
export const cardTime = z.union([z.iso.datetime({ offset: true }), z.number().int().min(0)], {
  error: 'an ISO-8601 instant with a zone (2026-11-28T08:00:00+08:00) or epoch milliseconds',
})
const id = (what: string) =>
  z.string({ error: `a ${what} id` }).regex(deviceIdPattern, `a ${what} id of 1–100 of A-Z a-z 0-9 _ . -`)

export const cardItemSchema = z.object({
  card: id('card'),
  t: z.unknown(),
  lon: z.unknown(),
  lat: z.unknown(),
  /** storey for indoor (UWB/BLE) badges; kept for the gateway, not stored with the position */
  floor: z.number().int().min(-10).max(200).nullable().optional(),
  /** percent */
  battery: z.unknown().optional(),
  /** the badge's SOS button */
  sos: z.boolean().optional(),
})

export const cardBatchSchema = z.object({
  positions: z.array(z.unknown(), { error: 'an array of positions under "positions"' }),
})

export type CardItem = z.infer<typeof cardItemSchema>

/** A gate (卡口) plate-recognition event: HTTP `{events: [...]}`, MQTT one event per message. */
export const gateEventSchema = z.object({
  plate: z.string().trim().min(2).max(16),
  /** a park gate asset id or an enterprise second gate (二道闸) id; on MQTT the topic's gate when absent */
  gate: id('gate'),
  lane: z.union([z.string().trim().min(1).max(16), z.number().int().min(0).max(99)]).transform(String),
  direction: z.enum(['in', 'out'], { error: 'in or out' }),
  t: z.unknown(),
  photo_ref: z.string().max(500).nullable().optional(),
  /** the camera recognised a hazmat vehicle (yellow plate with the 危 sign); optional */
  hazmat: z.boolean().optional(),
})
export const gateBatchSchema = z.object({
  events: z.array(z.unknown(), { error: 'an array of gate events under "events"' }),
})
