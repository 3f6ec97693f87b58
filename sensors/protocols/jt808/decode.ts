// Frame decoder (JT/T 808-2019 §4.4): unescape → checksum → header → length → body.
// Returns a result or a typed rejection for every input; it never throws on device data.
import { MAX_FRAME_BYTES } from './constants'
import { decodeBody } from './decode-body'
import { checksum, hex2, unescape } from './escape'
import { decodeHeader, type Jt808Header } from './header'
import type { DecodeRejected, DecodeResult } from './types'

type Parsed = { ok: true; header: Jt808Header; body: Buffer } | DecodeRejected

/** Decodes one frame, with or without its 0x7E flags (as Jt808Framer yields it, flags included). */
export function decodeFrame(frame: Buffer): DecodeResult {
  try {
    return decodeUnsafe(frame)
  } catch (err) {
    // Unreachable by design; kept so a decoder bug costs one frame, not the connection.
    return { ok: false, reason: 'bad_body', detail: `internal: ${err instanceof Error ? err.message : err}` }
  }
}

function decodeUnsafe(frame: Buffer): DecodeResult {
  if (frame.length > MAX_FRAME_BYTES)
    return reject('too_long', `${frame.length} bytes, at most ${MAX_FRAME_BYTES} possible`)
  const start = frame[0] === 0x7e ? 1 : 0
  const end = frame.length > start && frame[frame.length - 1] === 0x7e ? frame.length - 1 : frame.length
  const inner = frame.subarray(start, end)
  const warnings: string[] = []
  let parsed: Parsed
  const strict = unescape(inner)
  if (strict.ok) parsed = parse(strict.data)
  else {
    // Some terminals send 0x7D unescaped; accept that only if checksum and length both agree.
    const loose = unescape(inner, true)
    const lenient = loose.ok ? parse(loose.data) : null
    if (!lenient?.ok) return reject('bad_escape', strict.detail)
    warnings.push(`tolerated invalid escape: ${strict.detail}`)
    parsed = lenient
  }
  if (!parsed.ok) return parsed
  const { header, body } = parsed
  if (header.encryption !== 0)
    return { ...reject('unsupported_encryption', `encryption bits ${header.encryption}`), header }
  if (header.split !== null) return { ok: true, message: fragment(header, body), warnings }
  const decoded = decodeBody(header, body)
  return decoded.ok ? { ok: true, message: decoded.message, warnings } : decoded
}

/** Checksum, header and declared length over an unescaped frame. */
function parse(data: Buffer): Parsed {
  if (data.length < 13) return reject('too_short', `${data.length} bytes, at least 13 needed`)
  const want = data[data.length - 1]!
  const got = checksum(data, 0, data.length - 1)
  if (want !== got) return reject('bad_checksum', `checksum 0x${hex2(want)}, computed 0x${hex2(got)}`)
  const content = data.subarray(0, data.length - 1)
  const h = decodeHeader(content)
  if (!h.ok) return reject('too_short', h.detail)
  const body = content.subarray(h.length)
  if (body.length !== h.header.bodyLength)
    return {
      ...reject('bad_length', `attributes say ${h.header.bodyLength} body bytes, frame has ${body.length}`),
      header: h.header,
    }
  return { ok: true, header: h.header, body }
}

function fragment(header: Jt808Header, body: Buffer) {
  return { kind: 'fragment' as const, msgId: header.msgId, header, body: { raw: Buffer.from(body) } }
}

const reject = (reason: DecodeRejected['reason'], detail: string): DecodeRejected => ({
  ok: false,
  reason,
  detail,
})
