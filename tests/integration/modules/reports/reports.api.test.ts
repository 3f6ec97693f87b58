// The two reports on PostgreSQL/PostGIS with real headless Chromium: the bi-monthly figures from SQL over alarms,
// readings, HJ 212 packets, hidden dangers and documents (known inserted data → exact counts, median / p90), both
// reports as HTML with their Chinese titles, and as PDF (%PDF-, pages, embedded CJK glyphs, Chinese text read
// back through the ToUnicode maps). The PDFs and a PNG of page 1 of each are written to tests/integration/artifacts/
// for a person to look at. Park-only access, bad periods (400), and 503 when Chromium is missing.
import { mkdirSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { periodOf, previousPeriod, type BiMonth } from '../../../../server/contracts/reports'
import { systemScope } from '../../../../server/platform/db/db'
import { AppError } from '../../../../server/platform/http/errors'
import { seedDocumentsDemo } from '../../../../server/modules/documents/documents.seed'
import { seedEvaluationDemo } from '../../../../server/modules/evaluation/evaluation.seed'
import { seedHiddenDangersDemo } from '../../../../server/modules/hidden-dangers/hd.seed'
import { PdfRenderer } from '../../../../server/modules/reports/pdf-renderer'
import { ReportsService } from '../../../../server/modules/reports/reports.service'
import { seedRiskDemo } from '../../../../server/modules/risk/risk.seed'
import type { ApiClient } from '../../../helpers/http'
import { readPdf } from './pdf-text'
import { startReportsStack, type ReportsStack } from './stack'

const artifacts = fileURLToPath(new URL('../../artifacts/', import.meta.url))
const hour = 3_600_000

async function fetchBytes(client: ApiClient, path: string) {
  const res = await fetch(new URL(path, client.base), { headers: { cookie: client.cookie ?? '' } })
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    disposition: res.headers.get('content-disposition'),
    bytes: Buffer.from(await res.arrayBuffer()),
  }
}

describe('reports (PostgreSQL + Chromium)', () => {
  let s: ReportsStack
  let e01: ApiClient
  let operator: ApiClient
  let period: BiMonth
  let from: number

  beforeAll(async () => {
    s = await startReportsStack('cpt_reports')
    await s.db.owner(async (q) => {
      await seedDocumentsDemo(q)
      await seedRiskDemo(q)
      await seedHiddenDangersDemo(q)
      await seedEvaluationDemo(q)
    })
    e01 = await s.client('e01', 'enterprise_user', 'E01')
    operator = await s.client('op', 'operator')
    // the running period, unless it began less than three days ago (then the one before, complete)
    const cur = periodOf(Date.now())
    period = Date.now() - Date.parse(cur.from) < 72 * hour ? previousPeriod(cur) : cur
    from = Date.parse(period.from)
    const at = (h: number, min = 0) => new Date(from + h * hour + min * 60_000).toISOString()
    await s.db.owner(async (q) => {
      await q.query(`SELECT set_config('app.scope', 'park', true)`)
      // alarms: urgent acknowledged after 2, 4 and 6 minutes; high after 30 minutes and once not at all; one low
      const alarms: [string, number | null][] = [
        ['urgent', 2],
        ['urgent', 4],
        ['urgent', 6],
        ['high', 30],
        ['high', null],
        ['low', null],
      ]
      for (const [i, [priority, ackMin]] of alarms.entries()) {
        const raised = at(2 + i)
        const r = await q.query<{ id: string }>(
          `INSERT INTO alarms (source_type, source_id, rule, source_event_time, last_event_time, priority, state, message, raised_at)
           VALUES ('sensor', $1, 'high', $2, $2, $3, $4, '测试报警', $2) RETURNING id`,
          [`TEST-S${i}`, raised, priority, ackMin === null ? 'unack' : 'ack'],
        )
        const id = r.rows[0]!.id
        await q.query(
          `INSERT INTO alarm_events (alarm_id, version, at, from_state, to_state, event, username)
           VALUES ($1, 1, $2, 'normal', 'unack', 'raise', 'system')`,
          [id, raised],
        )
        if (ackMin !== null)
          await q.query(
            `INSERT INTO alarm_events (alarm_id, version, at, from_state, to_state, event, username)
             VALUES ($1, 2, $2, 'unack', 'ack', 'acknowledge', 'op')`,
            [id, at(2 + i, ackMin)],
          )
      }
      // safety sensors registered at the period's start; two of them report (3 hours and 1 hour)
      await q.query(
        `UPDATE sensors SET created_at = $1 WHERE kind IN ('gas_detector', 'tank_level', 'tank_temperature', 'tank_pressure', 'process')`,
        [period.from],
      )
      const two = (
        await q.query<{ id: string }>(`SELECT id FROM sensors WHERE kind = 'tank_level' ORDER BY id LIMIT 2`)
      ).rows.map((r) => r.id)
      expect(two).toHaveLength(2)
      for (const [sensor, t] of [
        [two[0], at(1)],
        [two[0], at(1, 30)],
        [two[0], at(2)],
        [two[0], at(3)],
        [two[1], at(5)],
      ])
        await q.query(`INSERT INTO readings (sensor_id, kind, t, value) VALUES ($1, 'rtd', $2, 50)`, [
          sensor,
          t,
        ])
      // HJ 212 collectors registered at the period's start; the first sends five hourly records
      await q.query('SELECT hj212_sync_registry()')
      await q.query('UPDATE hj212_collectors SET created_at = $1', [period.from])
      const mn = (await q.query<{ mn: string }>('SELECT mn FROM hj212_collectors ORDER BY mn LIMIT 1'))
        .rows[0]!.mn
      for (let h = 0; h < 5; h++) {
        await q.query(
          `INSERT INTO hj212_packets (mn, cn, data_time, received_at) VALUES ($1, 2061, $2, $3), ($1, 2011, $4, $5)`,
          [mn, at(h), at(h + 1, 1), at(h, 10), at(h, 10)],
        )
      }
    })
  })
  afterAll(async () => {
    await s?.renderer.close()
    await s?.stop()
  })

  it('computes the bi-monthly figures from the database', async () => {
    const r = await operator.get(`/api/v1/reports/operations/${period.id}.json`)
    expect(r.status).toBe(200)
    const d = r.body
    expect(d.period.id).toBe(period.id)
    const hoursTo = (iso: string, floor = false) => {
      const x = (Date.parse(iso) - from) / hour
      return floor ? Math.floor(x) : Math.ceil(x)
    }
    expect(d.alarms.total).toBe(6)
    expect(d.alarms.by_priority).toEqual([
      { priority: 'urgent', count: 3, acknowledged: 3, median_min: 4, p90_min: expect.closeTo(5.6, 6) },
      { priority: 'high', count: 2, acknowledged: 1, median_min: 30, p90_min: 30 },
      { priority: 'low', count: 1, acknowledged: 0, median_min: null, p90_min: null },
    ])
    expect(d.alarms.by_source).toEqual([{ source_type: 'sensor', count: 6 }])
    const sensors = d.devices.groups.find((g: { key: string }) => g.key === 'safety_sensors')
    expect(sensors.devices).toBeGreaterThan(10)
    expect(sensors.online_hours).toBe(4)
    expect(sensors.expected_hours).toBe(sensors.devices * hoursTo(d.until))
    const collectors = d.devices.groups.find((g: { key: string }) => g.key === 'env_collectors')
    expect(collectors.devices).toBeGreaterThan(0)
    expect(collectors.online_hours).toBe(6)
    expect(d.completeness.received).toBe(5)
    expect(d.completeness.expected).toBe(collectors.devices * hoursTo(d.until, true))
    expect(d.completeness.rate).toBeCloseTo(5 / d.completeness.expected, 10)
    // hidden dangers: the seeded records, cross-checked with their table
    const [hd] = await s.db.query<{ overdue: number }>(
      systemScope,
      `SELECT count(*)::int AS overdue FROM hidden_dangers
        WHERE (closed_at IS NULL OR closed_at >= $1::timestamptz) AND deadline < ($1::timestamptz - interval '1 ms' + interval '8 hours')::date`,
      [d.until],
    )
    expect(d.hidden_dangers.open_overdue).toBe(hd!.overdue)
    expect(d.hidden_dangers.closed_on_time + d.hidden_dangers.closed_late).toBe(d.hidden_dangers.closed)
    // documents: E02's licence expired 10 days ago, E01's expires in 20 days (documents.seed.ts)
    expect(d.documents.expired).toBeGreaterThan(0)
    expect(d.documents.expiring).toBeGreaterThan(0)
    expect(d.documents.items.map((x: { state: string }) => x.state)).toEqual(
      expect.arrayContaining(['expired', 'expiring']),
    )
  })

  it('serves both reports as HTML with their Chinese titles', async () => {
    const a = await fetchBytes(s.admin, '/api/v1/reports/annual/2026.html')
    expect(a.status).toBe(200)
    expect(a.type).toMatch(/^text\/html; charset=utf-8/)
    const annual = a.bytes.toString('utf8')
    expect(annual).toMatch(/<title>.+2026年度安全风险评估报告<\/title>/)
    expect(annual).toContain('下一年度整改计划（一园一策）')
    expect(annual).toContain('"Noto Sans CJK SC", "Noto Sans SC", sans-serif')
    const o = await fetchBytes(operator, `/api/v1/reports/operations/${period.id}.html`)
    expect(o.status).toBe(200)
    expect(o.bytes.toString('utf8')).toContain(`平台运行情况双月反馈报告（${period.label}）`)
    // a month names its period
    const m = await fetchBytes(operator, `/api/v1/reports/operations/${period.from_day.slice(0, 7)}.html`)
    expect(m.bytes.toString('utf8')).toContain(period.label)
  })

  /** Downloads the PDF, reads it back, and saves it with a PNG of the HTML's first page for a person to look at. */
  async function checkPdf(name: string, path: string, expected: string[]) {
    mkdirSync(artifacts, { recursive: true })
    const r = await fetchBytes(s.admin, `${path}.pdf`)
    expect(r.status, name).toBe(200)
    expect(r.type).toBe('application/pdf')
    expect(r.disposition).toMatch(/^attachment; filename="[^"]+\.pdf"; filename\*=UTF-8''/)
    expect(r.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    const info = readPdf(r.bytes)
    expect(info.pages).toBeGreaterThan(0)
    // Skia embeds the CFF-based Noto Sans CJK as Type3 glyph procedures (no /FontFile2 or /FontFile3 object)
    expect(info.fontsEmbedded).toBe(true)
    expect(info.fontNames.join(' ')).toMatch(/Noto ?Sans ?CJK/i)
    const text = info.text.join('')
    for (const t of expected) expect(text, `${name}: ${t}`).toContain(t)
    writeFileSync(`${artifacts}${name}.pdf`, r.bytes)
    const html = (await fetchBytes(s.admin, `${path}.html`)).bytes.toString('utf8')
    const png = await s.renderer.screenshot(html, { width: 900, height: 1270 })
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG')
    writeFileSync(`${artifacts}${name}-page1.png`, png)
    return info
  }

  it('renders the annual report as PDF with embedded CJK glyphs and readable Chinese text', async () => {
    const info = await checkPdf('annual-2026', '/api/v1/reports/annual/2026', [
      '2026年度安全风险评估报告',
      '评估结论',
      '一园一策',
      '选址及规划',
      '得分下降的条目',
    ])
    expect(info.pages).toBeGreaterThan(1)
  })

  it('renders the bi-monthly operation report as PDF with embedded CJK glyphs and readable Chinese text', async () => {
    await checkPdf(`operations-${period.id}`, `/api/v1/reports/operations/${period.id}`, [
      '平台运行情况双月反馈报告',
      '设备在线率',
      '数据完整率',
      '报警统计',
      '隐患排查治理',
      '文档到期提醒',
    ])
  })

  it('keeps reports from enterprise accounts and refuses bad periods and years', async () => {
    expect((await e01.get('/api/v1/reports/annual/2026.html')).status).toBe(403)
    expect((await e01.get(`/api/v1/reports/operations/${period.id}.pdf`)).status).toBe(403)
    for (const bad of ['2026-B7.html', '2026-13.html', '2026-B3.doc', 'x.pdf', '2026-B3'])
      expect((await operator.get(`/api/v1/reports/operations/${bad}`)).status, bad).toBe(400)
    expect((await operator.get('/api/v1/reports/operations/2100-B6.html')).status).toBe(400) // not started
    expect((await operator.get('/api/v1/reports/annual/2031.html')).status).toBe(404) // no evaluation
    expect((await operator.get('/api/v1/reports/annual/20x6.pdf')).status).toBe(400)
  })

  it('answers 503 for a PDF when Chromium is missing, while the HTML still renders', async () => {
    const missing = new PdfRenderer({ executablePath: '/nonexistent/chromium' })
    const svc = new ReportsService(s.db, s.evaluation, missing)
    const report = await svc.annual(systemScope, 2026)
    expect(report.html).toContain('2026年度安全风险评估报告')
    const err = await svc.pdf(report).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(AppError)
    expect(err).toMatchObject({ status: 503, id: 'report.pdf_unavailable' })
    expect((err as Error).message).toContain('/nonexistent/chromium')
  })
})
