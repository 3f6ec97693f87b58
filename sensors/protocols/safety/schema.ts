import { z } from 'zod'
import { wireFlags } from './flags'
import { deviceIdPattern } from './topics'

/**
 * The JSON of safety-sensor readings, shared by MQTT and HTTP. Unknown fields are ignored (gateways add
 * their own, such as signal strength); the documented ones are checked.
 */
const time = z.union([z.iso.datetime({ offset: true }), z.number().int().min(0)], {
  error: 'an ISO-8601 instant with a zone (2026-11-28T08:00:00+08:00) or epoch milliseconds',
})
// z.number() refuses NaN and ±Infinity (JSON 1e400 parses to Infinity)
const value = z.number({ error: 'a finite number, or null with a flag other than N' }).nullable()
const flag = z.enum(wireFlags, { error: `one of ${wireFlags.join(', ')}` })

/** `<prefix>/v1/sensors/<sensor_id>/data`: one reading; `seq` is the device's message counter. */
export const sensorMessageSchema = z.object({
  t: time,
  v: value,
  flag: flag.optional(),
  seq: z.number().int().min(0).optional(),
})

/** One reading of a batch. */
export const batchItemSchema = z.object({
  sensor: z
    .string({ error: 'a sensor id' })
    .regex(deviceIdPattern, 'a sensor id of 1–100 of A-Z a-z 0-9 _ . -'),
  t: time,
  v: value,
  flag: flag.optional(),
})

/** `<prefix>/v1/gateways/<gateway_id>/data` and POST /api/v1/ingest/readings; items are checked one by one. */
export const batchSchema = z.object({ readings: z.array(z.unknown(), { error: 'an array of readings' }) })

export type SensorMessage = z.infer<typeof sensorMessageSchema>
export type BatchItem = z.infer<typeof batchItemSchema>
