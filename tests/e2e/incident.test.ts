// Incident command (应急指挥) in Chromium on a whole server (PostgreSQL + PostGIS, Redis, every role; the tag
// simulator off so who stands where is known): a few cards are placed in the live position cache on both sides of the
// chlorine tank T-E01-01; the operator declares a chlorine leak there from the panel's form with the wind from the
// east, the twin draws the zones west of the tank, the panel lists the cards inside and routes them to muster points;
// a wind shift to the west recomputes the zones and changes who is inside; a note goes to the log; the incident
// closes. The test waits on window.__cpt.incident() and the panel, not on frames (software WebGL is slow).
import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import type { CptIncident } from '../../client/app/test-hooks'
import type { PositionSample } from '../../server/contracts/live'
import type { Incident, IncidentLogEntry, InsideReport } from '../../server/contracts/incidents'
import type { RunningServer } from '../../server/main'
import { cacheKeys } from '../../server/platform/bus/bus'
import { systemScope } from '../../server/platform/db/db'
import { offsetM } from '../../sensors/simulators/tags/geo'
import { launchChromium } from '../helpers/browser'
import { ensureClientBuilt } from '../helpers/build-client'
import { startTestServer } from '../helpers/server-config'
import { uniqueRedisPrefix } from '../helpers/services'

const artifacts = fileURLToPath(new URL('./artifacts/', import.meta.url))
const password = 'E2e-pass-2026'
const tankId = 'T-E01-01'

/** cards west (downwind of an east wind) and east of the tank: metres east, north */
const cards: { id: string; kind: string; label: string; east: number; north: number }[] = [
  { id: 'E2E-W1', kind: 'staff', label: '西侧员工甲', east: -40, north: 0 },
  { id: 'E2E-W2', kind: 'contractor', label: '西侧承包商', east: -150, north: 5 },
  { id: 'E2E-W3', kind: 'staff', label: '西侧员工乙', east: -400, north: -5 },
  { id: 'E2E-WV', kind: 'hazmat_vehicle', label: '苏E·E2E危1', east: -90, north: 3 },
  { id: 'E2E-E1', kind: 'visitor', label: '东侧访客', east: 60, north: 0 },
  { id: 'E2E-E2', kind: 'staff', label: '东侧员工', east: 200, north: 4 },
]

describe('incident command: a chlorine leak at T-E01-01', () => {
  let server: RunningServer
  let closeServer: () => Promise<void>
  let browser: Browser
  let page: Page
  let tank: { lon: number; lat: number }
  let id = ''

  const api = async <T>(path: string): Promise<T> => {
    const r = await page.request.get(`${server.url}api/v1/${path}`)
    expect(r.status()).toBe(200)
    return (await r.json()) as T
  }
  const hook = () => page.evaluate(() => window.__cpt?.incident() ?? null)
  /** (re)stamps every card's position now: the server counts positions younger than 10 minutes */
  const placeCards = async () => {
    const now = new Date().toISOString()
    const samples: Record<string, PositionSample> = {}
    for (const c of cards) {
      const [lon, lat] = offsetM([tank.lon, tank.lat], c.east, c.north)
      samples[c.id] = {
        tag_id: c.id,
        t: now,
        lon,
        lat,
        speed_kmh: 0,
        heading_deg: 0,
        source: 'e2e',
      }
    }
    await server.bus.setLatest(cacheKeys.latestPositions, samples)
  }
  const insideIds = async () =>
    (await api<InsideReport>(`incidents/${id}/inside`)).inside.map((e) => e.tag_id)

  beforeAll(async () => {
    ensureClientBuilt()
    mkdirSync(artifacts, { recursive: true })
    const started = await startTestServer('cpt_e2e_incident', {
      REDIS_PREFIX: uniqueRedisPrefix(),
      ADMIN_PASSWORD: password,
      SIM: 'off',
      LOG_LEVEL: 'warn',
    })
    server = started.server
    closeServer = started.close
    tank = (
      await server.db.query<{ lon: number; lat: number }>(
        systemScope,
        `SELECT ST_X(ST_PointOnSurface(geom)) AS lon, ST_Y(ST_PointOnSurface(geom)) AS lat FROM assets WHERE id = $1`,
        [tankId],
      )
    )[0]!
    await server.db.owner(async (q) => {
      for (const c of cards)
        await q.query(`INSERT INTO tags (id, kind, label) VALUES ($1, $2, $3)`, [c.id, c.kind, c.label])
    })
    browser = await launchChromium()
    page = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
  })

  afterAll(async () => {
    await browser?.close()
    await closeServer?.()
  })

  it('signs in to 应急指挥中心 and offers the declare form with the park’s tanks', async () => {
    await page.goto(`${server.url}#/emergency`)
    await page.getByTestId('login-username').fill('admin')
    await page.getByTestId('login-password').fill(password)
    await page.getByTestId('login-submit').click()
    await page.waitForFunction(() => window.__cpt?.state().loggedIn === true, undefined, {
      timeout: 120_000,
      polling: 500,
    })
    const form = page.getByTestId('incident-form')
    await form.waitFor({ timeout: 120_000 })
    await form.locator(`[data-testid="incident-source"] option[value="${tankId}"]`).waitFor({
      state: 'attached',
      timeout: 120_000,
    })
    expect(await hook()).toBeNull()
  })

  it('declares a leak from the form: zones drawn, cards inside listed, routed to muster points', async () => {
    await placeCards()
    await page.getByTestId('incident-kind').selectOption('leak')
    await page.getByTestId('incident-source').selectOption(tankId)
    await page.getByTestId('incident-mode').selectOption('continuous')
    await page.getByTestId('incident-rate-gs').fill('1000')
    await page.getByTestId('incident-duration-s').fill('600')
    await page.getByTestId('incident-wind-speed-ms').fill('3')
    await page.getByTestId('incident-wind-from-deg').fill('90')
    await page.getByTestId('incident-stability').selectOption('D')
    await page.getByTestId('incident-declare').click()

    await page.waitForFunction(
      () => {
        const i = window.__cpt?.incident()
        return !!i && i.zones >= 3 && i.inside > 0 && i.routes > 0
      },
      undefined,
      { timeout: 120_000, polling: 500 },
    )
    const state = (await hook())!
    id = state.id
    // no error said in the panel (a failed step shows its message there)
    expect(
      await page
        .getByTestId('incident-message')
        .evaluate((el) => ((el as HTMLElement).hidden ? '' : el.textContent)),
    ).toBe('')
    expect(state).toMatchObject({ status: 'active', wind_from_deg: 90 })

    // the server's incident: chlorine at the tank, zones west of it (wind from the east)
    const inc = await api<Incident>(`incidents/${id}`)
    expect(inc).toMatchObject({ asset_id: tankId, chemical_id: 'chlorine', kind: 'leak', status: 'active' })
    for (const f of inc.zones.zones.features)
      for (const [lon] of f.geometry.coordinates[0]!) expect(lon).toBeLessThanOrEqual(inc.source.lon + 1e-7)
    const panel = page.getByTestId('incident-panel')
    expect(await panel.getByTestId('incident-chemical').textContent()).toBe(inc.zones.chemical.name_zh)
    expect(await panel.getByTestId('incident-weather').textContent()).toContain('东风 90°')

    // the panel lists who the server finds inside, grouped by level
    const server90 = await insideIds()
    expect(server90).toEqual(expect.arrayContaining(['E2E-W1', 'E2E-WV']))
    expect(server90).not.toContain('E2E-E1')
    const inside = panel.getByTestId('incident-inside')
    await expect
      .poll(
        async () =>
          (
            await inside
              .locator('li[data-tag]')
              .evaluateAll((els) => els.map((e) => e.getAttribute('data-tag')))
          ).sort(),
        {
          timeout: 30_000,
          interval: 500,
        },
      )
      .toEqual(expect.arrayContaining(['E2E-W1', 'E2E-WV']))
    expect(await inside.locator('li[data-tag="E2E-E1"]').count()).toBe(0)
    const red = inside.locator('.inc-group[data-level="red"]')
    expect(Number(await red.getAttribute('data-count'))).toBeGreaterThan(0)

    // evacuation: muster points with assignments; the routes drawn are the server's routes
    const muster = panel.getByTestId('incident-muster')
    await muster.locator('tr[data-muster]').first().waitFor({ timeout: 30_000 })
    const assigned = await muster
      .locator('tr[data-muster] td.assigned')
      .allTextContents()
      .then((v) => v.reduce((n, s) => n + Number(s.replace(/,/g, '')), 0))
    expect(assigned).toBeGreaterThan(0)
    // nearest resources
    await panel
      .getByTestId('incident-resources')
      .locator('li[data-kind="hydrant"]')
      .first()
      .waitFor({ timeout: 30_000 })
  })

  it('a wind shift to the west recomputes the zones and changes who is inside', async () => {
    const before = (await hook())!
    await placeCards()
    const from = page.getByTestId('incident-wind-from')
    await from.fill('270')
    await page.getByTestId('incident-wind-apply').click()
    await page.waitForFunction(
      (prev: CptIncident) => {
        const i = window.__cpt?.incident()
        return !!i && i.wind_from_deg === 270 && i.zones_at !== prev.zones_at && i.zones >= 3
      },
      before,
      { timeout: 60_000, polling: 500 },
    )
    const inc = await api<Incident>(`incidents/${id}`)
    expect(inc.weather).toMatchObject({ wind_from_deg: 270, stability: 'D', source: 'manual' })
    for (const f of inc.zones.zones.features)
      for (const [lon] of f.geometry.coordinates[0]!)
        expect(lon).toBeGreaterThanOrEqual(inc.source.lon - 1e-7)
    const panel = page.getByTestId('incident-panel')
    expect(
      await page
        .getByTestId('incident-message')
        .evaluate((el) => ((el as HTMLElement).hidden ? '' : el.textContent)),
    ).toBe('')
    expect(await panel.getByTestId('incident-weather').textContent()).toContain('西风 270°')
    // the east cards are inside now, the west ones are not
    const server270 = await insideIds()
    expect(server270).toContain('E2E-E1')
    expect(server270).not.toContain('E2E-W2')
    const inside = panel.getByTestId('incident-inside')
    await inside.locator('li[data-tag="E2E-E1"]').waitFor({ timeout: 30_000 })
    await expect.poll(() => inside.locator('li[data-tag="E2E-W2"]').count(), { timeout: 30_000 }).toBe(0)
    await page.waitForFunction(
      () => {
        const i = window.__cpt?.incident()
        return !!i && i.inside > 0 && i.routes > 0
      },
      undefined,
      { timeout: 60_000, polling: 500 },
    )
  })

  it('keeps a note in the log timeline, then closes the incident', async () => {
    const panel = page.getByTestId('incident-panel')
    await page.getByTestId('incident-note').fill('消防站已出动，下风向人员撤离')
    await page.getByTestId('incident-note-add').click()
    const log = panel.getByTestId('incident-log')
    await log.locator('li[data-kind="note"]', { hasText: '消防站已出动' }).waitFor({ timeout: 30_000 })
    const kinds = await log
      .locator('li[data-kind]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')))
    expect(kinds).toEqual(
      expect.arrayContaining(['declared', 'zones_computed', 'weather_changed', 'alarm', 'note']),
    )
    expect(await log.locator('li[data-kind="weather_changed"]').first().textContent()).toContain('270°')
    // the timeline is the server's log, newest first
    const server = await api<IncidentLogEntry[]>(`incidents/${id}/log`)
    await expect.poll(() => log.locator('li[data-kind]').count(), { timeout: 15_000 }).toBe(server.length)

    // still the zones of the west wind on the twin
    expect(server.filter((e) => e.kind === 'weather_changed')).toHaveLength(1)
    expect(await hook()).toMatchObject({ wind_from_deg: 270, status: 'active' })
    await page.screenshot({ path: `${artifacts}incident.png` })

    await page.getByTestId('incident-close').click()
    await page.getByTestId('incident-close-reason').fill('泄漏已封堵')
    await page.getByTestId('incident-close').click()
    await page.waitForFunction(() => window.__cpt?.incident() === null, undefined, {
      timeout: 30_000,
      polling: 500,
    })
    await page.getByTestId('incident-form').waitFor({ timeout: 30_000 })
    const closed = await api<Incident>(`incidents/${id}`)
    expect(closed).toMatchObject({ status: 'closed', closed_by: 'admin' })
    expect(await api<unknown[]>('incidents/active')).toEqual([])
    const last = (await api<IncidentLogEntry[]>(`incidents/${id}/log`)).filter((e) => e.kind === 'closed')
    expect(last).toHaveLength(1)
    expect(last[0]!.payload).toEqual({ reason: '泄漏已封堵' })
  })
})
