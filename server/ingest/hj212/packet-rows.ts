import {
  CN,
  cstToIso,
  type Hj212Packet,
  type PollutantField,
  type PollutantValue,
} from '../../../sensors/protocols/hj212'
import type { ReadingKind, ReadingStats } from '../../contracts'
import type { ReadingRow, UploadContent } from '../../modules/environment/upload'

// What one decoded upload stores. HJ 212-2017 Appendix C: CN 2011 real-time data carries `<code>-Rtd`,
// CN 2051/2061/2031 minute/hour/day data carry `<code>-Min/-Avg/-Max/-Cou` for the interval starting at
// DataTime; `Zs*` are converted (折算) values. CN 2021 device status carries device items, not pollutants.

export const KIND_BY_CN: ReadonlyMap<number, ReadingKind> = new Map([
  [CN.realtimeData, 'rtd'],
  [CN.minuteData, 'min'],
  [CN.hourData, 'hour'],
  [CN.dayData, 'day'],
])

/** CNs the ingest stores: the four data uploads and the device status. */
export const STORED_CNS: ReadonlySet<number> = new Set([...KIND_BY_CN.keys(), CN.deviceStatus])

export type PacketRows =
  | ({ ok: true } & UploadContent)
  | { ok: false; reason: 'unsupported_cn' | 'missing_datatime'; detail: string }

const STATS_KEY: Record<PollutantField, keyof ReadingStats> = {
  Rtd: 'rtd',
  Min: 'min',
  Avg: 'avg',
  Max: 'max',
  Cou: 'cou',
  ZsRtd: 'zs_rtd',
  ZsAvg: 'zs_avg',
  ZsMin: 'zs_min',
  ZsMax: 'zs_max',
}

function toRow(code: string, values: PollutantValue[], main: PollutantField): ReadingRow {
  let value: number | null = null
  let flag: string | null = null
  const stats: ReadingStats = {}
  for (const v of values) {
    flag ??= v.flag ?? v.flagRaw ?? null
    if (v.field === main) value = v.value
    else stats[STATS_KEY[v.field]] = v.value
  }
  return { code, value, flag, stats: Object.keys(stats).length ? stats : null }
}

/** Maps a decoded (and reassembled) packet to what is stored; pure, so it is tested without a database. */
export function packetRows(packet: Hj212Packet): PacketRows {
  const kind = KIND_BY_CN.get(packet.cn)
  if (!kind && packet.cn !== CN.deviceStatus) {
    return { ok: false, reason: 'unsupported_cn', detail: `CN ${packet.cn} is not a data upload` }
  }
  // Data are keyed by DataTime; a status packet without one is timed by its QN (the send time).
  const t = packet.cp.dataTimeIso ?? (kind ? undefined : packet.qn && cstToIso(packet.qn.slice(0, 14)))
  if (!t) return { ok: false, reason: 'missing_datatime', detail: `CN ${packet.cn} without DataTime` }
  if (!kind) return { ok: true, kind: 'status', t, status: { ...packet.cp.other } }

  const byCode = new Map<string, PollutantValue[]>()
  for (const v of packet.cp.values) {
    const values = byCode.get(v.code)
    if (values) values.push(v)
    else byCode.set(v.code, [v])
  }
  const main: PollutantField = kind === 'rtd' ? 'Rtd' : 'Avg'
  const rows = [...byCode].map(([code, values]) => toRow(code, values, main))
  return { ok: true, kind, t, rows }
}
