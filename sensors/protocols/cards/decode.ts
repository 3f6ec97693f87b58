import { refuseCard, type CardItemRejection, type CardRejection } from './reasons'
import { cardBatchSchema, cardItemSchema, cardTime, gateBatchSchema, gateEventSchema } from './schema'

export interface CardDecodePolicy {
  /** the receiver's clock, ms */
  now: number
  /** an item more than this ahead of `now` is refused (`future_time`); default 10 min */
  maxFutureMs?: number
  /** an item older than this is refused (`too_old`); default 7 days (a gateway's store-and-forward buffer) */
  maxAgeMs?: number
  /** items per batch; default 500 */
  maxBatch?: number
  /** payload bytes (MQTT); default 256 KiB */
  maxPayloadBytes?: number
}

export const cardDecodeDefaults = {
  maxFutureMs: 10 * 60_000,
  maxAgeMs: 7 * 86_400_000,
  maxBatch: 500,
  maxPayloadBytes: 256 * 1024,
} as const

/** A card position that passed the checks every receiver makes (whether the card exists is the server's). */
export interface CardPosition {
  card: string
  /** ISO instant in UTC */
  t: string
  tMs: number
  lon: number
  lat: number
  floor: number | null
  battery: number | null
  sos: boolean
}

export interface GateEventInput {
  plate: string
  gate: string
  lane: string
  direction: 'in' | 'out'
  t: string
  tMs: number
  photo_ref: string | null
  hazmat: boolean | null
}

type Result<T> = ({ ok: true } & T) | ({ ok: false } & CardRejection)

const fail = (r: CardRejection) => ({ ok: false as const, ...r })
const firstIssue = (e: { issues: { path: PropertyKey[]; message: string }[] }) => {
  const i = e.issues[0]!
  return `${i.path.length ? `${i.path.join('.')}: ` : ''}${i.message}`
}

/** The payload as JSON; refuses over-large and non-JSON payloads. */
export function parseCardPayload(payload: Uint8Array, policy: CardDecodePolicy): Result<{ json: unknown }> {
  const max = policy.maxPayloadBytes ?? cardDecodeDefaults.maxPayloadBytes
  if (payload.byteLength > max) return fail(refuseCard('too_large', `payload over ${max} bytes`))
  try {
    return { ok: true, json: JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payload)) }
  } catch {
    return fail(refuseCard('bad_json', 'not UTF-8 JSON'))
  }
}

/** `t` as ms, checked against the policy's clock window. */
export function decodeTime(t: unknown, policy: CardDecodePolicy): Result<{ tMs: number }> {
  const p = cardTime.safeParse(t)
  if (!p.success) return fail(refuseCard('bad_time', firstIssue(p.error)))
  const tMs = typeof p.data === 'number' ? p.data : Date.parse(p.data)
  if (!Number.isFinite(tMs)) return fail(refuseCard('bad_time', 'not a valid instant'))
  if (tMs > policy.now + (policy.maxFutureMs ?? cardDecodeDefaults.maxFutureMs))
    return fail(refuseCard('future_time', 'ahead of the server clock'))
  if (tMs < policy.now - (policy.maxAgeMs ?? cardDecodeDefaults.maxAgeMs))
    return fail(refuseCard('too_old', 'older than the platform accepts'))
  return { ok: true, tMs }
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v)

/** One card position of a batch. */
export function decodeCardItem(item: unknown, policy: CardDecodePolicy): Result<{ position: CardPosition }> {
  const p = cardItemSchema.safeParse(item)
  if (!p.success) return fail(refuseCard('schema', firstIssue(p.error)))
  const { card, lon, lat, battery } = p.data
  const time = decodeTime(p.data.t, policy)
  if (!time.ok) return time
  if (!finite(lon) || !finite(lat) || lon < -180 || lon > 180 || lat < -90 || lat > 90)
    return fail(refuseCard('bad_position', 'lon −180…180 and lat −90…90, in degrees (WGS-84)'))
  if (lon === 0 && lat === 0) return fail(refuseCard('bad_position', '0,0 is no fix'))
  if (battery !== undefined && battery !== null && (!finite(battery) || battery < 0 || battery > 100))
    return fail(refuseCard('bad_battery', 'battery is a percentage 0–100'))
  return {
    ok: true,
    position: {
      card,
      t: new Date(time.tMs).toISOString(),
      tMs: time.tMs,
      lon,
      lat,
      floor: p.data.floor ?? null,
      battery: finite(battery) ? battery : null,
      sos: p.data.sos ?? false,
    },
  }
}

export interface DecodedBatch<T> {
  ok: true
  /** the accepted items with their index in the message */
  items: { index: number; value: T }[]
  rejected: CardItemRejection[]
}

function decodeItems<T>(
  list: unknown[],
  policy: CardDecodePolicy,
  one: (item: unknown, policy: CardDecodePolicy) => Result<{ value: T }>,
): DecodedBatch<T> | ({ ok: false } & CardRejection) {
  const max = policy.maxBatch ?? cardDecodeDefaults.maxBatch
  if (list.length > max) return fail(refuseCard('too_large', `more than ${max} items`))
  const out: DecodedBatch<T> = { ok: true, items: [], rejected: [] }
  list.forEach((item, index) => {
    const r = one(item, policy)
    if (r.ok) out.items.push({ index, value: r.value })
    else out.rejected.push({ index, reason: r.reason, message: r.message })
  })
  return out
}

/** `{positions: [...]}`: a refusal of the whole message, or the decoded items and the refused ones. */
export function decodeCardBatch(
  json: unknown,
  policy: CardDecodePolicy,
): DecodedBatch<CardPosition> | ({ ok: false } & CardRejection) {
  const b = cardBatchSchema.safeParse(json)
  if (!b.success) return fail(refuseCard('schema', firstIssue(b.error)))
  return decodeItems(b.data.positions, policy, (item, p) => {
    const r = decodeCardItem(item, p)
    return r.ok ? { ok: true, value: r.position } : r
  })
}

/** One gate event; `topicGate` (MQTT) fills a missing `gate` and must match a given one. */
export function decodeGateEvent(
  json: unknown,
  policy: CardDecodePolicy,
  topicGate?: string,
): Result<{ event: GateEventInput }> {
  const withGate =
    topicGate && json && typeof json === 'object' && !Array.isArray(json) && !('gate' in json)
      ? { ...json, gate: topicGate }
      : json
  const p = gateEventSchema.safeParse(withGate)
  if (!p.success) return fail(refuseCard('schema', firstIssue(p.error)))
  if (topicGate && p.data.gate !== topicGate)
    return fail(refuseCard('schema', `gate ${p.data.gate} is not the topic's gate ${topicGate}`))
  const time = decodeTime(p.data.t, policy)
  if (!time.ok) return time
  return {
    ok: true,
    event: {
      plate: p.data.plate,
      gate: p.data.gate,
      lane: p.data.lane,
      direction: p.data.direction,
      t: new Date(time.tMs).toISOString(),
      tMs: time.tMs,
      photo_ref: p.data.photo_ref ?? null,
      hazmat: p.data.hazmat ?? null,
    },
  }
}

/** `{events: [...]}` of POST /api/v1/ingest/gate-events. */
export function decodeGateBatch(
  json: unknown,
  policy: CardDecodePolicy,
): DecodedBatch<GateEventInput> | ({ ok: false } & CardRejection) {
  const b = gateBatchSchema.safeParse(json)
  if (!b.success) return fail(refuseCard('schema', firstIssue(b.error)))
  return decodeItems(b.data.events, policy, (item, p) => {
    const r = decodeGateEvent(item, p)
    return r.ok ? { ok: true, value: r.event } : r
  })
}

/** Plates compared across cameras and bookings: no separators, spaces or the （黄） colour suffix, upper case. */
export function normalisePlate(plate: string): string {
  return plate
    .replace(/[（(][^）)]*[）)]/g, '')
    .replace(/[\s·.\-_]/g, '')
    .toUpperCase()
}
