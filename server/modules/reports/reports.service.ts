import { parkDay } from '../../contracts/emergency-plans'
import {
  nextPeriod,
  periodWindow,
  previousPeriod,
  type BiMonth,
  type DeviceGroup,
  type DeviceOnline,
  type OperationsReportData,
} from '../../contracts/reports'
import type { Db, DbScope } from '../../platform/db/db'
import { AppError, errors } from '../../platform/http/errors'
import type { EvaluationService } from '../evaluation/evaluation.service'
import { annualReportHtml, annualReportTitle } from './annual.template'
import {
  alarmCount,
  alarmSources,
  alarmStats,
  collectorOnlineHours,
  expiringDocuments,
  hiddenDangerStats,
  hourlyCompleteness,
  parkName,
  sensorOnlineHours,
} from './operations.repository'
import { operationsReportHtml, operationsReportTitle } from './operations.template'
import { PdfUnavailable, type PdfRenderer } from './pdf-renderer'

export interface RenderedReport {
  title: string
  html: string
}

const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10)

function group(key: DeviceGroup['key'], name: string, devices: DeviceOnline[]): DeviceGroup {
  const expected = devices.reduce((s, d) => s + d.expected_hours, 0)
  const online = devices.reduce((s, d) => s + d.online_hours, 0)
  return {
    key,
    name,
    devices: devices.length,
    expected_hours: expected,
    online_hours: online,
    rate: expected ? online / expected : null,
  }
}

/** The two reports as HTML (park scope) and, through the renderer, as PDF. */
export class ReportsService {
  private readonly now: () => number

  constructor(
    private readonly db: Db,
    private readonly evaluation: EvaluationService,
    private readonly renderer: PdfRenderer,
    opts: { clock?: () => number } = {},
  ) {
    this.now = opts.clock ?? Date.now
  }

  async annual(scope: DbScope, year: number): Promise<RenderedReport> {
    return this.db.tx(scope, async (q) => {
      const evaluation = await this.evaluation.detail(q, year)
      const park = await parkName(q)
      const generated = new Date(this.now()).toISOString()
      return {
        title: annualReportTitle(park, year),
        html: annualReportHtml({ park_name: park, evaluation, generated_at: generated }),
      }
    })
  }

  /** The bi-monthly figures of `p` up to its end (or now while it runs). */
  async operationsData(scope: DbScope, p: BiMonth): Promise<OperationsReportData> {
    const now = this.now()
    const w = periodWindow(p, now)
    if (!w) throw errors.validation(`period: ${p.id} has not started yet`, 'period')
    const from = p.from
    const until = w.until
    const untilDay = parkDay(Date.parse(until) - 1)
    const horizonDay = addDays(nextPeriod(p).to_day, -1)
    const prev = previousPeriod(p)
    return this.db.tx(scope, async (q) => {
      const sensors = (await sensorOnlineHours(q, from, until)).map((d) => ({
        ...d,
        rate: d.expected_hours ? d.online_hours / d.expected_hours : null,
      }))
      const collectors = (await collectorOnlineHours(q, from, until)).map((d) => ({
        ...d,
        rate: d.expected_hours ? d.online_hours / d.expected_hours : null,
      }))
      const groups = [
        group('safety_sensors', '安全监测传感器', sensors),
        group('env_collectors', '环保数采仪', collectors),
      ]
      const expected = groups.reduce((s, g) => s + g.expected_hours, 0)
      const online = groups.reduce((s, g) => s + g.online_hours, 0)
      const worst = [...sensors, ...collectors]
        .filter((d) => d.rate !== null && d.rate < 1)
        .sort((a, b) => a.rate! - b.rate! || a.id.localeCompare(b.id))
        .slice(0, 8)
      const completeness = await hourlyCompleteness(q, from, until)
      const cExpected = completeness.reduce((s, c) => s + c.expected, 0)
      const cReceived = completeness.reduce((s, c) => s + c.received, 0)
      const byPriority = await alarmStats(q, from, until)
      const hd = await hiddenDangerStats(q, { from, until, fromDay: p.from_day, toDay: p.to_day, untilDay })
      const docs = await expiringDocuments(q, untilDay, horizonDay)
      return {
        park_name: await parkName(q),
        period: p,
        generated_at: new Date(now).toISOString(),
        until,
        partial: w.partial,
        devices: { groups, rate: expected ? online / expected : null, worst },
        completeness: {
          collectors: completeness,
          expected: cExpected,
          received: cReceived,
          rate: cExpected ? cReceived / cExpected : null,
        },
        alarms: {
          total: byPriority.reduce((s, x) => s + x.count, 0),
          previous_total: await alarmCount(q, prev.from, prev.to),
          by_priority: byPriority,
          by_source: await alarmSources(q, from, until),
        },
        hidden_dangers: { ...hd, on_time_rate: hd.closed ? hd.closed_on_time / hd.closed : null },
        documents: {
          expired: docs.filter((d) => d.state === 'expired').length,
          expiring: docs.filter((d) => d.state === 'expiring').length,
          horizon_day: horizonDay,
          items: docs.slice(0, 40),
        },
      }
    })
  }

  async operations(scope: DbScope, p: BiMonth): Promise<RenderedReport> {
    const data = await this.operationsData(scope, p)
    return { title: operationsReportTitle(data.park_name, p.label), html: operationsReportHtml(data) }
  }

  /** The report as PDF; 503 when Chromium is missing or cannot start. */
  async pdf(r: RenderedReport): Promise<Buffer> {
    try {
      return await this.renderer.pdf(r.html)
    } catch (err) {
      if (err instanceof PdfUnavailable)
        throw new AppError(503, 'report.pdf_unavailable', `PDF rendering is unavailable: ${err.message}`)
      throw err
    }
  }
}
