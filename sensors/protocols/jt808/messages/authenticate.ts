// 0x0102 terminal authentication (JT/T 808 终端鉴权).
//   2013: the whole body is the auth code STRING.
//   2019: code length BYTE | code STRING | IMEI BYTE[15] | software version.
// The 2019 standard makes the version BYTE[20] NUL-padded; our domain notes describe it as length
// BYTE + text, which some terminals send. Both are accepted; 'fixed20' is what we send by default.
import { decodeGbk, encodeGbk, encodeGbkFixed } from '../gbk'
import type { Jt808Version } from '../header'
import { Reader } from '../reader'

export interface Authenticate {
  authCode: string
  /** 2019 only; '' for 2013 */
  imei: string
  /** 2019 only; '' for 2013 */
  softwareVersion: string
}

export type VersionLayout = 'fixed20' | 'prefixed'

const VERSION_BYTES = 20
const IMEI_BYTES = 15

export function decodeAuthenticate(body: Buffer, version: Jt808Version): Authenticate {
  if (version === 2013) return { authCode: decodeGbk(body), imei: '', softwareVersion: '' }
  const r = new Reader(body)
  const authCode = decodeGbk(r.bytes(r.u8()))
  const imei = decodeGbk(r.bytes(IMEI_BYTES))
  const rest = r.rest()
  const prefixed = rest.length >= 1 && rest[0] === rest.length - 1
  return { authCode, imei, softwareVersion: decodeGbk(prefixed ? rest.subarray(1) : rest) }
}

export function encodeAuthenticate(
  auth: Authenticate,
  version: Jt808Version,
  layout: VersionLayout = 'fixed20',
): Buffer {
  const code = encodeGbk(auth.authCode)
  if (version === 2013) return code
  if (code.length > 0xff) throw new RangeError('auth code longer than 255 bytes')
  const ver =
    layout === 'fixed20'
      ? encodeGbkFixed(auth.softwareVersion, VERSION_BYTES)
      : Buffer.concat([Buffer.of(encodeGbk(auth.softwareVersion).length), encodeGbk(auth.softwareVersion)])
  return Buffer.concat([Buffer.of(code.length), code, encodeGbkFixed(auth.imei, IMEI_BYTES), ver])
}
