// Shared by the JT/T 808 tests: run a wire frame through the framer and the decoder, as ingest will.
import {
  decodeFrame,
  Jt808Framer,
  type Jt808Kind,
  type Jt808Message,
} from '../../../../../sensors/protocols/jt808'

/** Framer → decodeFrame; throws (failing the test) unless exactly one message of `kind` comes out. */
export function throughWire<K extends Jt808Kind>(wire: Buffer, kind: K): Extract<Jt808Message, { kind: K }> {
  const out = new Jt808Framer().push(wire)
  const first = out[0]
  if (out.length !== 1 || !first?.ok) throw new Error(`framer gave ${JSON.stringify(out)}`)
  const res = decodeFrame(first.frame)
  if (!res.ok) throw new Error(`${res.reason}: ${res.detail}`)
  if (res.message.kind !== kind) throw new Error(`expected ${kind}, got ${res.message.kind}`)
  return res.message as Extract<Jt808Message, { kind: K }>
}

export const PHONE_2013 = '013912345678'
export const PHONE_2019 = '00000000013912345678'
