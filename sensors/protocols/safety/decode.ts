import type { z } from 'zod'
import type { WireFlag } from './flags'
import { refuse, type ItemRejection, type SafetyRejectReason, type SafetyRejection } from './reasons'
import { batchItemSchema, batchSchema, sensorMessageSchema } from './schema'

/** A reading that passed the checks every receiver makes (the registry is the server's business). */
export interface SafetyReading {
  sensor: string
  /** source time as an ISO instant in UTC (`2026-11-28T00:00:00.000Z`) */
  t: string
  /** source time, ms since the epoch */
  tMs: number
  v: number | null
  flag: WireFlag
}

export interface DecodePolicy {
  /** the receiver's clock, ms */
  now: number
  /** a reading more than this ahead of `now` is refused (`future_time`); default 10 min */
  maxFutureMs?: number
  /** a reading older than this is refused (`too_old`); default 7 days (a gateway's store-and-forward buffer) */
  maxAgeMs?: number
  /** readings per batch; default 500 */
  maxBatch?: number
  /** payload bytes (MQTT); default 256 KiB */
  maxPayloadBytes?: number
}

export const decodeDefaults = {
  maxFutureMs: 10 * 60_000,
  maxAgeMs: 7 * 86_400_000,
  maxBatch: 500,
  maxPayloadBytes: 256 * 1024,
} as const

export type Decoded<T> = ({ ok: true } & T) | ({ ok: false } & SafetyRejection)

export interface DecodedBatch {
  readings: { index: number; reading: SafetyReading }[]
  rejected: ItemRejection[]
}

const fail = (reason: SafetyRejectReason, message: string): { ok: false } & SafetyRejection => ({
  ok: false,
  ...refuse(reason, message),
})

/** MQTT payload bytes → JSON. */
export function parsePayload(payload: Uint8Array | string, policy: DecodePolicy): Decoded<{ json: unknown }> {
  const max = policy.maxPayloadBytes ?? decodeDefaults.maxPayloadBytes
  const size = typeof payload === 'string' ? Buffer.byteLength(payload) : payload.byteLength
  if (size > max) return fail('too_large', `payload of ${size} bytes exceeds ${max}`)
  let text: string
  try {
    text = typeof payload === 'string' ? payload : new TextDecoder('utf-8', { fatal: true }).decode(payload)
  } catch {
    return fail('bad_json', 'payload is not UTF-8')
  }
  try {
    return { ok: true, json: JSON.parse(text) }
  } catch {
    return fail('bad_json', 'payload is not JSON')
  }
}

// the reason of a schema failure follows the field at fault
function issueRejection(error: z.ZodError, prefix = ''): SafetyRejection {
  const issue = error.issues[0]!
  const field = issue.path.join('.')
  const reason: SafetyRejectReason = field === 't' ? 'bad_time' : field === 'v' ? 'bad_value' : 'schema'
  return refuse(reason, `${prefix}${field ? `${field}: ` : ''}${issue.message}`)
}

type Fields = { t: string | number; v: number | null; flag?: WireFlag | undefined }

function checkReading(sensor: string, f: Fields, policy: DecodePolicy): Decoded<{ reading: SafetyReading }> {
  const tMs = typeof f.t === 'number' ? f.t : Date.parse(f.t)
  if (!Number.isFinite(tMs)) return fail('bad_time', `t: ${JSON.stringify(f.t)} is not a valid instant`)
  const flag = f.flag ?? 'N'
  if (f.v === null && flag === 'N') return fail('bad_value', 'v: null needs a flag (F, M, C or B)')
  const ahead = tMs - policy.now
  const maxFuture = policy.maxFutureMs ?? decodeDefaults.maxFutureMs
  if (ahead > maxFuture)
    return fail('future_time', `t is ${Math.round(ahead / 1000)} s ahead of the server clock`)
  const maxAge = policy.maxAgeMs ?? decodeDefaults.maxAgeMs
  if (-ahead > maxAge) return fail('too_old', `t is more than ${Math.round(maxAge / 3_600_000)} h old`)
  return { ok: true, reading: { sensor, t: new Date(tMs).toISOString(), tMs, v: f.v, flag } }
}

/** The JSON of `<prefix>/v1/sensors/<sensor_id>/data`; the sensor id comes from the topic. */
export function decodeSensorMessage(
  sensor: string,
  json: unknown,
  policy: DecodePolicy,
): Decoded<{ reading: SafetyReading }> {
  const parsed = sensorMessageSchema.safeParse(json)
  if (!parsed.success) return { ok: false, ...issueRejection(parsed.error) }
  return checkReading(sensor, parsed.data, policy)
}

/**
 * A batch (`{readings: [{sensor, t, v, flag?}]}`). The body as a whole is refused only when it is not such an
 * object or holds too many readings; otherwise each reading stands or falls alone, by its index.
 */
export function decodeBatch(json: unknown, policy: DecodePolicy): Decoded<DecodedBatch> {
  const body = batchSchema.safeParse(json)
  if (!body.success) return { ok: false, ...issueRejection(body.error) }
  const items = body.data.readings
  const max = policy.maxBatch ?? decodeDefaults.maxBatch
  if (items.length > max) return fail('too_large', `${items.length} readings in one batch; at most ${max}`)
  const out: DecodedBatch = { readings: [], rejected: [] }
  items.forEach((item, index) => {
    const parsed = batchItemSchema.safeParse(item)
    if (!parsed.success) {
      out.rejected.push({ index, ...issueRejection(parsed.error) })
      return
    }
    const r = checkReading(parsed.data.sensor, parsed.data, policy)
    if (r.ok) out.readings.push({ index, reading: r.reading })
    else out.rejected.push({ index, reason: r.reason, message: r.message })
  })
  return { ok: true, ...out }
}
