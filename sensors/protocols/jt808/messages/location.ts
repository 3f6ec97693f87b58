// 0x0200 location report body (JT/T 808 位置信息汇报): alarm DWORD | status DWORD |
// lat DWORD | lon DWORD (deg × 10⁶, sign from status bits 2/3) | altitude WORD m |
// speed WORD 0.1 km/h | heading WORD | time BCD[6] GMT+8 | additional items.
import { decodeBcdTime, encodeBcdTime } from '../bcd'
import { Reader } from '../reader'
import { decodeExtras, encodeExtras, type LocationExtras } from './location-extras'
import { decodeAlarms, decodeStatus, STATUS_BIT, type AlarmName, type LocationStatus } from './location-flags'

export const LOCATION_BASE_BYTES = 28

export interface Jt808Location {
  /** raw alarm DWORD; `alarms` names the bits the platform acts on */
  alarm: number
  alarms: AlarmName[]
  /** raw status DWORD */
  status: number
  flags: LocationStatus
  /** signed degrees: south/west already applied */
  lat: number
  lon: number
  altitudeM: number
  speedKmh: number
  headingDeg: number
  /** ISO instant (UTC); null when the BCD time is not a real date */
  time: string | null
  /** the 12 BCD digits as sent, GMT+8 */
  timeBcd: string
  extras: LocationExtras
  /** non-fatal problems (bad time, overrunning extras) for ingest to log */
  warnings: string[]
}

/** Decodes one location body; throws BodyError (→ 'bad_body') only if the 28-byte base is short. */
export function decodeLocation(body: Buffer): Jt808Location {
  const r = new Reader(body)
  const alarm = r.u32()
  const status = r.u32()
  const latRaw = r.u32()
  const lonRaw = r.u32()
  const altitudeM = r.u16()
  const speed = r.u16()
  const headingDeg = r.u16()
  const timeBuf = r.bytes(6)
  const warnings: string[] = []
  const flags = decodeStatus(status)
  const time = decodeBcdTime(timeBuf)
  if (time === null) warnings.push(`time ${timeBuf.toString('hex')} is not a valid date`)
  return {
    alarm,
    alarms: decodeAlarms(alarm),
    status,
    flags,
    lat: (flags.south ? -latRaw : latRaw) / 1e6,
    lon: (flags.west ? -lonRaw : lonRaw) / 1e6,
    altitudeM,
    speedKmh: speed / 10,
    headingDeg,
    time,
    timeBcd: timeBuf.toString('hex'),
    extras: decodeExtras(r.rest(), warnings),
    warnings,
  }
}

/** What a simulator or test supplies; south/west bits follow the signs of lat/lon. */
export interface LocationInput {
  alarm?: number
  /** default: fixed + GPS; bits 2/3 are overwritten from the signs */
  status?: number
  lat: number
  lon: number
  altitudeM?: number
  speedKmh?: number
  headingDeg?: number
  time: Date | string
  extras?: Partial<LocationExtras>
}

const DEFAULT_STATUS = (1 << STATUS_BIT.fixed) | (1 << STATUS_BIT.gps)

export function encodeLocation(loc: LocationInput): Buffer {
  const base = Buffer.alloc(LOCATION_BASE_BYTES - 6)
  let status = (loc.status ?? DEFAULT_STATUS) & ~((1 << STATUS_BIT.south) | (1 << STATUS_BIT.west))
  if (loc.lat < 0) status |= 1 << STATUS_BIT.south
  if (loc.lon < 0) status |= 1 << STATUS_BIT.west
  base.writeUInt32BE((loc.alarm ?? 0) >>> 0, 0)
  base.writeUInt32BE(status >>> 0, 4)
  base.writeUInt32BE(Math.round(Math.abs(loc.lat) * 1e6), 8)
  base.writeUInt32BE(Math.round(Math.abs(loc.lon) * 1e6), 12)
  base.writeUInt16BE(Math.round(loc.altitudeM ?? 0), 16)
  base.writeUInt16BE(Math.round((loc.speedKmh ?? 0) * 10), 18)
  base.writeUInt16BE(Math.round(loc.headingDeg ?? 0), 20)
  return Buffer.concat([base, encodeBcdTime(loc.time), encodeExtras(loc.extras ?? {})])
}
