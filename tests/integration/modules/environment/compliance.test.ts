// GET /api/v1/environment/compliance on PostgreSQL + PostGIS: completeness of minute records and exceedance
// minutes per channel and outlet on known readings, the rtd fallback, park-day (UTC+8) boundaries, today's
// elapsed minutes, validation and tenant isolation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { systemScope } from '../../../../server/platform/db/db'
import { syncRegistry } from '../../../../server/modules/environment/collectors.repository'
import type { ApiClient } from '../../../helpers/http'
import type { ComplianceReport } from '../../../../server/contracts/compliance'
import { gas, water } from '../../ingest/hj212/device'
import { startLedgerStack, type LedgerStack } from '../hazwaste/stack'

// Past day 2026-11-20 runs from 2026-11-19T16:00Z (00:00 China Standard Time) to 2026-11-20T16:00Z.
const minute = (m: number) => new Date(Date.parse('2026-11-19T16:00:00Z') + m * 60_000).toISOString()
// "now" of the server: 2026-11-21 10:30:30 CST, so today has 630 complete minutes
const now = Date.parse('2026-11-21T02:30:30Z')

const cod = `${water.mn}.w01018`
const ph = `${water.mn}.w01001`
const nh3 = `${water.mn}.w21003`
const so2 = `${gas.mn}.a21026`

// [sensor, kind, t, value, flag]
const known: [string, 'min' | 'rtd', string, number, string][] = [
  // COD, high 50: minutes 2, 3 and 5 above (50 itself is not), minute 8 is a fault (D) and not judged
  ...[10, 20, 60, 70, 30, 51, 50, 40, 80, 5].map(
    (v, m) => [cod, 'min', minute(m), v, m === 8 ? 'D' : 'N'] as [string, 'min', string, number, string],
  ),
  // pH, 6–9: minute 3 below, minute 4 above
  ...[7, 7, 7, 5.5, 9.5, 7, 7, 7, 7, 7].map(
    (v, m) => [ph, 'min', minute(m), v, 'N'] as [string, 'min', string, number, string],
  ),
  // NH3-N: `high` 5 applies (high_cold 8 would need the water temperature)
  [nh3, 'min', minute(0), 6, 'N'],
  // real-time data of an outlet with minute data: not judged, but the newest value of the day
  [cod, 'rtd', minute(20), 1000, 'N'],
  // outside the day (23:59 the day before, 00:00 the day after)
  [cod, 'min', minute(-1), 999, 'N'],
  [cod, 'min', minute(1440), 999, 'N'],
  // a waste-gas outlet with real-time data only: SO2 (high 100) averaged per minute
  [so2, 'rtd', minute(0), 90, 'N'],
  [so2, 'rtd', new Date(Date.parse(minute(0)) + 30_000).toISOString(), 120, 'N'],
  [so2, 'rtd', minute(1), 50, 'N'],
  [so2, 'rtd', new Date(Date.parse(minute(1)) + 30_000).toISOString(), 60, 'N'],
  [so2, 'rtd', minute(2), 200, 'M'],
  // today: minute 629 (10:29 CST) is complete, minute 630 is not
  [cod, 'min', '2026-11-21T02:29:00.000Z', 20, 'N'],
  [cod, 'min', '2026-11-21T02:30:00.000Z', 20, 'N'],
]

describe('environment compliance API', () => {
  let s: LedgerStack
  let owner: ApiClient
  let collectors: number

  beforeAll(async () => {
    s = await startLedgerStack('cpt_compliance', { clock: () => now })
    // the ingest role registers the park's collectors at start; this stack has none
    await s.db.tx(systemScope, syncRegistry)
    await s.db.owner(async (q) => {
      for (const [sensor, kind, t, value, flag] of known)
        await q.query(
          `INSERT INTO readings (sensor_id, kind, t, value, flag, enterprise_id)
           SELECT $1, $2, $3, $4, $5, enterprise_id FROM sensors WHERE id = $1`,
          [sensor, kind, t, value, flag],
        )
      // a minute packet whose readings were all unknown codes still counts as a received record
      await q.query(
        `INSERT INTO hj212_packets (mn, cn, data_time, enterprise_id)
         SELECT mn, 2051, $2, enterprise_id FROM hj212_collectors WHERE mn = $1`,
        [water.mn, minute(10)],
      )
    })
    collectors = Number(
      (
        await s.db.query<{ n: string }>(
          systemScope,
          'SELECT count(*) AS n FROM hj212_collectors WHERE active',
        )
      )[0]!.n,
    )
    const [ent] = await s.db.query<{ enterprise_id: string }>(
      systemScope,
      'SELECT enterprise_id FROM hj212_collectors WHERE mn = $1',
      [water.mn],
    )
    owner = await s.client('owner', 'enterprise_user', ent!.enterprise_id)
  })
  afterAll(async () => {
    await s?.stop()
  })

  const outlet = (body: ComplianceReport, mn: string) => body.outlets.find((o) => o.mn === mn)!

  it('counts a past day: 1440 expected minutes, minute records received, exceedance per channel', async () => {
    const r = await s.admin.get('/api/v1/environment/compliance?day=2026-11-20')
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({
      day: '2026-11-20',
      from: '2026-11-19T16:00:00.000Z',
      to: '2026-11-20T16:00:00.000Z',
      expected_minutes: 1440,
    })
    const w = outlet(r.body, water.mn)
    expect(w).toMatchObject({
      measure: 'wastewater',
      expected_minutes: 1440,
      received_minutes: 11,
      completeness_pct: 0.8,
      source: 'min',
      exceedance_minutes: 5,
      channels_exceeding: 3,
    })
    const ch = Object.fromEntries(w.channels.map((c: { code: string }) => [c.code, c]))
    expect(ch.w01018).toEqual({
      sensor_id: cod,
      code: 'w01018',
      name: expect.any(String),
      unit: 'mg/L',
      high: 50,
      low: null,
      valid_minutes: 9,
      exceedance_minutes: 3,
      latest: { t: minute(20), value: 1000, flag: 'N' },
    })
    expect(ch.w01001).toMatchObject({ low: 6, high: 9, valid_minutes: 10, exceedance_minutes: 2 })
    expect(ch.w21003).toMatchObject({
      high: 5,
      valid_minutes: 1,
      exceedance_minutes: 1,
      latest: { value: 6 },
    })
    expect(ch.w00000).toMatchObject({
      high: null,
      low: null,
      valid_minutes: 0,
      exceedance_minutes: 0,
      latest: null,
    })
  })

  it('falls back to real-time data for an outlet that sent no minute data', async () => {
    const r = await s.admin.get('/api/v1/environment/compliance?day=2026-11-20')
    const g = outlet(r.body, gas.mn)
    expect(g).toMatchObject({
      received_minutes: 3,
      completeness_pct: 0.2,
      source: 'rtd',
      exceedance_minutes: 1,
      channels_exceeding: 1,
    })
    const ch = g.channels.find((c: { code: string }) => c.code === 'a21026')
    // minute 0 averages 105 (> 100); minute 2 is flagged M (maintenance) and not judged
    expect(ch).toMatchObject({
      high: 100,
      valid_minutes: 2,
      exceedance_minutes: 1,
      latest: { value: 200, flag: 'M' },
    })
  })

  it('sums the park: every active outlet expected, silent ones at 0 %', async () => {
    const r = await s.admin.get('/api/v1/environment/compliance?day=2026-11-20')
    expect(r.body.outlets).toHaveLength(collectors)
    expect(r.body.overall).toEqual({
      outlets: collectors,
      expected_minutes: 1440 * collectors,
      received_minutes: 14,
      completeness_pct: Math.round((14 / (1440 * collectors)) * 1000) / 10,
      exceedance_minutes: 6,
      outlets_exceeding: 2,
    })
    const silent = r.body.outlets.filter((o: { mn: string }) => o.mn !== water.mn && o.mn !== gas.mn)
    for (const o of silent)
      expect(o).toMatchObject({ received_minutes: 0, completeness_pct: 0, source: null })
  })

  it('defaults to today in China time, counting only complete minutes', async () => {
    const r = await s.admin.get('/api/v1/environment/compliance')
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({
      day: '2026-11-21',
      from: '2026-11-20T16:00:00.000Z',
      to: '2026-11-21T02:30:00.000Z',
      expected_minutes: 630,
    })
    const w = outlet(r.body, water.mn)
    // 00:00 (the first minute after 2026-11-20) and 10:29; not 10:30, still in progress
    expect(w).toMatchObject({ expected_minutes: 630, received_minutes: 2, completeness_pct: 0.3 })
    // the newest value may come from the minute in progress
    expect(w.channels.find((c) => c.code === 'w01018')?.latest?.t).toBe('2026-11-21T02:30:00.000Z')
  })

  it.each([
    ['2026-11-22', 'is in the future'],
    ['2026-11-31', 'not a calendar day'],
    ['20261120', 'YYYY-MM-DD'],
  ])('refuses day=%s with a 400 naming the field', async (day, text) => {
    const r = await s.admin.get(`/api/v1/environment/compliance?day=${day}`)
    expect(r.status).toBe(400)
    expect(r.body.error).toMatchObject({ id: 'validation', field: 'day' })
    expect(r.body.error.message).toContain(text)
  })

  it('shows an enterprise its own outlets only, with the same figures', async () => {
    const mine = await s.db.query<{ mn: string }>(
      systemScope,
      `SELECT mn FROM hj212_collectors WHERE active AND enterprise_id =
         (SELECT enterprise_id FROM hj212_collectors WHERE mn = $1) ORDER BY mn`,
      [water.mn],
    )
    const r = await owner.get('/api/v1/environment/compliance?day=2026-11-20')
    expect(r.status).toBe(200)
    expect(r.body.outlets.map((o: { mn: string }) => o.mn)).toEqual(mine.map((m) => m.mn))
    expect(outlet(r.body, water.mn)).toMatchObject({ received_minutes: 11, exceedance_minutes: 5 })
    expect(r.body.overall.outlets).toBe(mine.length)
  })
})
