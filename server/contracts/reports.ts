// Reports (报告): the annual evaluation report and the bi-monthly platform operation feedback report (平台运行情况
// 双月反馈), both as HTML and PDF:
//   GET /api/v1/reports/annual/:year.html | .pdf            e.g. /api/v1/reports/annual/2026.pdf
//   GET /api/v1/reports/operations/:period.html | .pdf      e.g. /api/v1/reports/operations/2026-B6.pdf
//   GET /api/v1/reports/operations/:period.json             the bi-monthly figures (OperationsReportData)
// A period is two calendar months in Asia/Shanghai (UTC+8, no daylight saving): B1 Jan–Feb, B2 Mar–Apr, B3 May–Jun,
// B4 Jul–Aug, B5 Sep–Oct, B6 Nov–Dec. Its canonical id is `YYYY-Bn`; `YYYY-MM` (any month) is accepted too and
// names the period that contains that month (2026-05 and 2026-06 are both 2026-B3).

const hour = 3_600_000
const shanghaiOffset = 8 * hour

export interface BiMonth {
  /** canonical id, `2026-B3` */
  id: string
  year: number
  /** 1…6 */
  index: number
  /** first month, 1…12 (odd) */
  first_month: number
  /** first park day of the period, YYYY-MM-DD */
  from_day: string
  /** first park day after the period (exclusive end) */
  to_day: string
  /** the same bounds as instants (Shanghai midnight), ISO-8601 UTC */
  from: string
  to: string
  /** 2026年5—6月 */
  label: string
  /** May–Jun 2026 */
  label_en: string
}

const monthsEn = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
const pad = (n: number) => String(n).padStart(2, '0')

/** The period `index` (1…6) of `year`. */
export function biMonth(year: number, index: number): BiMonth {
  if (!Number.isInteger(year) || !Number.isInteger(index) || index < 1 || index > 6)
    throw new RangeError(`no period ${year}-B${index}`)
  const first = 2 * index - 1
  const nextYear = index === 6 ? year + 1 : year
  const nextMonth = index === 6 ? 1 : first + 2
  const fromDay = `${year}-${pad(first)}-01`
  const toDay = `${nextYear}-${pad(nextMonth)}-01`
  const at = (y: number, m: number) => new Date(Date.UTC(y, m - 1, 1) - shanghaiOffset).toISOString()
  return {
    id: `${year}-B${index}`,
    year,
    index,
    first_month: first,
    from_day: fromDay,
    to_day: toDay,
    from: at(year, first),
    to: at(nextYear, nextMonth),
    label: `${year}年${first}—${first + 1}月`,
    label_en: `${monthsEn[first - 1]}–${monthsEn[first]} ${year}`,
  }
}

/** `2026-B3` or `2026-05` → the period; null when it is neither (or out of 2000–2100). */
export function parsePeriod(s: string): BiMonth | null {
  let m = /^(\d{4})-B([1-6])$/.exec(s)
  if (m) {
    const y = Number(m[1])
    return y >= 2000 && y <= 2100 ? biMonth(y, Number(m[2])) : null
  }
  m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(s)
  if (m) {
    const y = Number(m[1])
    return y >= 2000 && y <= 2100 ? biMonth(y, Math.ceil(Number(m[2]) / 2)) : null
  }
  return null
}

/** The period containing the instant `ms` (in Shanghai time). */
export function periodOf(ms: number): BiMonth {
  const d = new Date(ms + shanghaiOffset)
  return biMonth(d.getUTCFullYear(), Math.floor(d.getUTCMonth() / 2) + 1)
}

export function previousPeriod(p: BiMonth): BiMonth {
  return p.index === 1 ? biMonth(p.year - 1, 6) : biMonth(p.year, p.index - 1)
}

export function nextPeriod(p: BiMonth): BiMonth {
  return p.index === 6 ? biMonth(p.year + 1, 1) : biMonth(p.year, p.index + 1)
}

/**
 * How far the report can look: the period's end, or `now` while the period runs (null: it has not started).
 * `hours` counts whole hours from the start to that point.
 */
export function periodWindow(
  p: BiMonth,
  now: number,
): { until: string; hours: number; partial: boolean } | null {
  const from = Date.parse(p.from)
  const to = Date.parse(p.to)
  if (now < from) return null
  const until = Math.min(now, to)
  return { until: new Date(until).toISOString(), hours: Math.floor((until - from) / hour), partial: now < to }
}

/** The last `n` periods up to the one containing `now`, newest first (the period picker). */
export function recentPeriods(now: number, n: number): BiMonth[] {
  const out: BiMonth[] = [periodOf(now)]
  while (out.length < n) out.push(previousPeriod(out[out.length - 1]!))
  return out
}

export const annualReportUrl = (year: number, format: 'html' | 'pdf') =>
  `/api/v1/reports/annual/${year}.${format}`
export const operationsReportUrl = (periodId: string, format: 'html' | 'pdf' | 'json') =>
  `/api/v1/reports/operations/${encodeURIComponent(periodId)}.${format}`

// ---- the bi-monthly report's data ----

export interface DeviceGroup {
  key: 'safety_sensors' | 'env_collectors'
  name: string
  devices: number
  /** device-hours the devices should have reported in */
  expected_hours: number
  /** device-hours with at least one reading / packet */
  online_hours: number
  /** online_hours / expected_hours, null with no expected hours */
  rate: number | null
}

export interface DeviceOnline {
  id: string
  name: string
  enterprise_id: string | null
  enterprise_name: string | null
  expected_hours: number
  online_hours: number
  rate: number | null
}

export interface CollectorCompleteness {
  mn: string
  name: string
  enterprise_id: string | null
  enterprise_name: string | null
  /** hourly records (HJ 212 CN 2061) the period should hold */
  expected: number
  received: number
  rate: number | null
}

export interface AlarmPriorityStats {
  priority: 'urgent' | 'high' | 'low'
  count: number
  acknowledged: number
  /** minutes from raise to first acknowledgement */
  median_min: number | null
  p90_min: number | null
}

export interface ExpiringDocument {
  document_id: string
  title: string
  doc_type: string
  enterprise_name: string | null
  expires_on: string
  state: 'expired' | 'expiring'
}

export interface OperationsReportData {
  park_name: string
  period: BiMonth
  generated_at: string
  /** the data reach up to here (the period's end, or now while it runs) */
  until: string
  partial: boolean
  devices: { groups: DeviceGroup[]; rate: number | null; worst: DeviceOnline[] }
  completeness: {
    collectors: CollectorCompleteness[]
    expected: number
    received: number
    rate: number | null
  }
  alarms: {
    total: number
    previous_total: number
    by_priority: AlarmPriorityStats[]
    by_source: { source_type: string; count: number }[]
  }
  hidden_dangers: {
    found_general: number
    found_major: number
    due: number
    closed: number
    closed_on_time: number
    closed_late: number
    open_overdue: number
    on_time_rate: number | null
  }
  documents: { expired: number; expiring: number; horizon_day: string; items: ExpiringDocument[] }
}
