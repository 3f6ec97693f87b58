import type {
  ChannelCompliance,
  ComplianceQuery,
  ComplianceReport,
  OutletCompliance,
} from '../../contracts/compliance'
import type { Db, DbScope } from '../../platform/db/db'
import { errors } from '../../platform/http/errors'
import {
  channelMinutes,
  latestValues,
  outletMinutes,
  type ChannelMinutesRow,
  type LatestRow,
  type OutletRow,
} from './compliance.repository'

const MIN_MS = 60_000
const DAY_MINUTES = 1440
/** China Standard Time, UTC+8: park days run 00:00–24:00 CST. */
const CST_OFFSET_MS = 8 * 3_600_000
const parkDay = (ms: number) => new Date(ms + CST_OFFSET_MS).toISOString().slice(0, 10)
const parkDayStart = (day: string) => Date.parse(`${day}T00:00:00Z`) - CST_OFFSET_MS
const pct = (n: number, d: number) => (d > 0 ? Math.round((Math.min(n, d) / d) * 1000) / 10 : null)

/** The window of a park day: minutes elapsed so far today (the current minute is not complete), 1440 before. */
export function complianceWindow(day: string, now: number) {
  const from = parkDayStart(day)
  const expected = day < parkDay(now) ? DAY_MINUTES : Math.max(0, Math.floor((now - from) / MIN_MS))
  return { from, to: from + expected * MIN_MS, dayEnd: from + DAY_MINUTES * MIN_MS, expected }
}

/** Outlet and channel figures from the rows of one window (pure: unit-tested apart from SQL). */
export function assembleReport(
  day: string,
  window: { from: number; to: number; expected: number },
  outlets: OutletRow[],
  channels: ChannelMinutesRow[],
  latest: LatestRow[],
): ComplianceReport {
  const last = new Map(latest.map((l) => [l.sensor_id, l]))
  const byMn = new Map<string, ChannelMinutesRow[]>()
  for (const c of channels) byMn.set(c.mn, [...(byMn.get(c.mn) ?? []), c])
  const result: OutletCompliance[] = outlets.map((o) => {
    const source = o.min_minutes > 0 ? 'min' : o.rtd_minutes > 0 ? 'rtd' : null
    const received = source === 'min' ? o.min_minutes : source === 'rtd' ? o.rtd_minutes : 0
    const rows = byMn.get(o.mn) ?? []
    const exceeding = new Set<number>()
    const ids = [...new Set(rows.map((r) => r.sensor_id))]
    const chs: ChannelCompliance[] = ids.map((id) => {
      const all = rows.filter((r) => r.sensor_id === id)
      const head = all[0]!
      const used = all.find((r) => r.src === source)
      for (const m of used?.exceeding ?? []) exceeding.add(m)
      const l = last.get(id)
      return {
        sensor_id: id,
        code: head.code,
        name: head.name,
        unit: head.unit,
        high: head.high,
        low: head.low,
        valid_minutes: used?.valid_minutes ?? 0,
        exceedance_minutes: used?.exceeding.length ?? 0,
        latest: l ? { t: l.t, value: l.value, flag: l.flag } : null,
      }
    })
    return {
      mn: o.mn,
      name: o.name,
      name_en: o.name_en,
      measure: o.measure,
      enterprise_id: o.enterprise_id,
      expected_minutes: window.expected,
      received_minutes: received,
      completeness_pct: pct(received, window.expected),
      source,
      exceedance_minutes: exceeding.size,
      channels_exceeding: chs.filter((c) => c.exceedance_minutes > 0).length,
      channels: chs,
    }
  })
  const expected = window.expected * result.length
  const received = result.reduce((s, o) => s + Math.min(o.received_minutes, o.expected_minutes), 0)
  return {
    day,
    from: new Date(window.from).toISOString(),
    to: new Date(window.to).toISOString(),
    expected_minutes: window.expected,
    outlets: result,
    overall: {
      outlets: result.length,
      expected_minutes: expected,
      received_minutes: received,
      completeness_pct: pct(received, expected),
      exceedance_minutes: result.reduce((s, o) => s + o.exceedance_minutes, 0),
      outlets_exceeding: result.filter((o) => o.exceedance_minutes > 0).length,
    },
  }
}

export interface ComplianceServiceOptions {
  clock?: () => number
}

/**
 * 环保监管中心: today's (or one past day's) compliance of every HJ 212 outlet the caller may see: completeness of
 * the minute records and minutes over the channel limits. NH3-N uses `high` only (the `high_cold` limit of
 * GB 18918-2002 needs the water temperature, which the outlets do not report).
 */
export class ComplianceService {
  private readonly now: () => number

  constructor(
    private readonly db: Db,
    opts: ComplianceServiceOptions = {},
  ) {
    this.now = opts.clock ?? Date.now
  }

  async report(scope: DbScope, query: ComplianceQuery): Promise<ComplianceReport> {
    const now = this.now()
    const day = query.day ?? parkDay(now)
    if (day > parkDay(now)) throw errors.validation(`day: ${day} is in the future`, 'day')
    const w = complianceWindow(day, now)
    const from = new Date(w.from).toISOString()
    const to = new Date(w.to).toISOString()
    return this.db.tx(scope, async (q) => {
      const outlets = await outletMinutes(q, from, to)
      const channels = await channelMinutes(q, from, to)
      const latest = await latestValues(q, from, new Date(Math.min(w.dayEnd, now + MIN_MS)).toISOString())
      return assembleReport(day, w, outlets, channels, latest)
    })
  }
}
