import type { WireFlag } from './flags'

/** A reading as a sender writes it (`t` as ISO text or epoch ms). */
export interface WireReading {
  sensor: string
  t: string | number
  v: number | null
  flag?: WireFlag
}

/** The JSON of a gateway batch (MQTT `<prefix>/v1/gateways/<id>/data`, HTTP POST /api/v1/ingest/readings). */
export function encodeBatch(readings: readonly WireReading[]): string {
  return JSON.stringify({ readings: readings.map(({ sensor, t, v, flag }) => wire({ sensor, t, v }, flag)) })
}

/** The JSON of one reading on `<prefix>/v1/sensors/<sensor_id>/data`. */
export function encodeSensorMessage(r: Omit<WireReading, 'sensor'> & { seq?: number }): string {
  const body = wire({ t: r.t, v: r.v }, r.flag)
  return JSON.stringify(r.seq === undefined ? body : { ...body, seq: r.seq })
}

// N is the default: left out, as most readings are normal
const wire = <T extends object>(base: T, flag: WireFlag | undefined) =>
  flag && flag !== 'N' ? { ...base, flag } : base
