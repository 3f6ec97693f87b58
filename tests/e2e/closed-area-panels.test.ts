// The closed-area panels of 安全监管中心 in Chromium, on a whole server (PostgreSQL + PostGIS, Redis, every role,
// the tag simulator on): gate cameras report through POST /api/v1/ingest/gate-events (the signed-in park staff
// session, as a gate office's client would), the gate panel shows the passages pushed over Socket.IO (its REST
// re-read is a minute away) with today's counts per gate; the people-by-zone panel lists zones the simulated tags
// are in, as GET /api/v1/zones/occupancy counts them.
import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import type { GateSummary } from '../../server/contracts/gates'
import type { OccupancyReport } from '../../server/contracts/occupancy'
import type { RunningServer } from '../../server/main'
import { systemScope } from '../../server/platform/db/db'
import { launchChromium } from '../helpers/browser'
import { ensureClientBuilt } from '../helpers/build-client'
import { startTestServer } from '../helpers/server-config'
import { uniqueRedisPrefix } from '../helpers/services'

export type { CptHooks } from '../../client/app/test-hooks'

const artifacts = fileURLToPath(new URL('./artifacts/', import.meta.url))
const password = 'E2e-pass-2026'

describe('closed-area panels: gate traffic and people by zone', () => {
  let server: RunningServer
  let closeServer: () => Promise<void>
  let browser: Browser
  let page: Page
  let dedicated = ''
  let general = ''

  const api = async <T>(path: string): Promise<T> => {
    const r = await page.request.get(`${server.url}api/v1/${path}`)
    expect(r.status()).toBe(200)
    return (await r.json()) as T
  }

  beforeAll(async () => {
    ensureClientBuilt()
    mkdirSync(artifacts, { recursive: true })
    const started = await startTestServer('cpt_e2e_closed', {
      REDIS_PREFIX: uniqueRedisPrefix(),
      ADMIN_PASSWORD: password,
      SIM_TAGS: '40',
      LOG_LEVEL: 'warn',
    })
    server = started.server
    closeServer = started.close
    const gate = async (cls: string) =>
      (
        await server.db.query<{ id: string }>(
          systemScope,
          `SELECT id FROM assets WHERE kind = 'gate' AND props->>'gate_class' = $1 ORDER BY id LIMIT 1`,
          [cls],
        )
      )[0]!.id
    dedicated = await gate('dedicated')
    general = await gate('general')
    browser = await launchChromium()
    page = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
  })

  afterAll(async () => {
    await browser?.close()
    await closeServer?.()
  })

  it('signs in to 安全监管中心 and subscribes the gate panel to pushed events', async () => {
    await page.goto(`${server.url}#/safety`)
    await page.getByTestId('login-username').fill('admin')
    await page.getByTestId('login-password').fill(password)
    await page.getByTestId('login-submit').click()
    await page.waitForFunction(() => window.__cpt?.state().loggedIn === true, undefined, {
      timeout: 120_000,
      polling: 500,
    })
    const panel = page.getByTestId('gate-panel')
    await panel.getByTestId('gate-counts').waitFor({ timeout: 60_000 })
    // subscribed: the panel says its events are pushed
    await expect.poll(() => panel.textContent(), { timeout: 120_000, interval: 1_000 }).toContain('实时推送')
    // the park's gates one by one, the enterprises' second gates (seeded under SIM) added up in one row
    const gates = (await api<GateSummary>('gates/summary')).gates
    expect(await panel.locator('tr[data-gate]').count()).toBe(
      gates.filter((g) => g.gate_kind === 'park').length,
    )
    expect(await panel.locator('tr[data-kind="enterprise"]').count()).toBe(1)
  })

  it("shows passages as they are pushed, with today's counts per gate", async () => {
    const t = (s: number) => new Date(Math.floor(Date.now() / 1000 - s) * 1000).toISOString()
    const r = await page.request.post(`${server.url}api/v1/ingest/gate-events`, {
      data: {
        events: [
          { plate: '苏E·E2E01', gate: dedicated, lane: 1, direction: 'in', t: t(3), hazmat: true },
          {
            plate: '苏E·E2E02',
            gate: general,
            lane: 2,
            direction: 'out',
            t: t(2),
            photo_ref: 'demo:plate-blue.jpg',
          },
        ],
      },
    })
    expect(r.status()).toBe(200)
    expect(await r.json()).toMatchObject({ stored: 2 })
    const list = page.getByTestId('gate-events')
    // pushed to the subscribed panel (its own re-read is a minute away)
    const unbooked = list.locator('li', { hasText: '苏E·E2E01' })
    await unbooked.waitFor({ timeout: 45_000 })
    expect(await unbooked.getAttribute('class')).toContain('alert')
    expect(await unbooked.textContent()).toContain('未预约')
    const out = list.locator('li', { hasText: '苏E·E2E02' })
    await out.waitFor({ timeout: 45_000 })
    expect(await out.getAttribute('data-direction')).toBe('out')
    // its capture opens from the record (the video module's snapshot endpoint)
    const href = await out.getByTestId('gate-photo').getAttribute('href')
    expect(href).toMatch(/^\/api\/v1\/gate-events\/\d+\/photo$/)
    const photo = await page.request.get(`${server.url}${href!.slice(1)}`)
    expect(photo.status()).toBe(200)
    expect(photo.headers()['content-type']).toContain('image/')
    // newest first
    const plates = await list.locator('li .plate').allTextContents()
    expect(plates.indexOf('苏E·E2E02')).toBeLessThan(plates.indexOf('苏E·E2E01'))

    // the panel's counts per gate are the server's (the gate simulator keeps adding: compare at the same moment)
    const signed = (n: number) => (n > 0 ? `+${n}` : String(n))
    for (const id of [dedicated, general]) {
      const row = page.locator(`[data-testid="gate-counts"] tr[data-gate="${id}"]`)
      await expect
        .poll(
          async () => {
            const g = (await api<GateSummary>('gates/summary')).gates.find((x) => x.gate_id === id)!
            const cells = (await row.locator('td').allTextContents()).slice(1).join(' ')
            return cells === `${g.in} ${g.out} ${signed(g.in - g.out)}`
              ? 'same'
              : `${cells} vs ${g.in} ${g.out}`
          },
          { timeout: 30_000, interval: 1_000 },
        )
        .toBe('same')
    }
    const summary = await api<GateSummary>('gates/summary')
    expect(summary.gates.find((x) => x.gate_id === dedicated)!.in).toBeGreaterThanOrEqual(1)
    expect(summary.gates.find((x) => x.gate_id === general)!.out).toBeGreaterThanOrEqual(1)
    // the second-gate filter lists the enterprises' second gates one by one, no park gate
    const second = (await api<GateSummary>('gates/summary?kind=enterprise')).gates.length
    expect(second).toBeGreaterThan(0)
    // the panel redraws on every pushed event (the gate simulator's too): click by dispatch, not by pointer
    await page.getByTestId('gate-panel').locator('button[data-filter="enterprise"]').dispatchEvent('click')
    await expect
      .poll(() => page.locator('[data-testid="gate-counts"] tr[data-kind="park"]').count(), {
        timeout: 5_000,
      })
      .toBe(0)
    expect(await page.locator('[data-testid="gate-counts"] tr[data-gate]').count()).toBe(second)
    await page.getByTestId('gate-panel').locator('button[data-filter="all"]').dispatchEvent('click')
  })

  it('lists the zones the simulated tags are in, as the server counts them', async () => {
    const zones = page.getByTestId('occupancy-zones')
    await zones.locator('li').first().waitFor({ timeout: 120_000 })
    const shown = await zones
      .locator('li')
      .evaluateAll((lis) => lis.map((li) => li.getAttribute('data-key')!))
    expect(shown.length).toBeGreaterThan(0)
    const report = await api<OccupancyReport>('zones/occupancy')
    const occupied = new Set(report.zones.filter((z) => z.total > 0).map((z) => z.id))
    // tags move between the panel's poll and this read: most of what it shows is still occupied
    expect(shown.filter((id) => occupied.has(id)).length).toBeGreaterThan(0)
    expect(await page.getByTestId('occupancy-panel').textContent()).toMatch(/\d+ 人/)
    await page.screenshot({ path: `${artifacts}closed-area-panels.png` })
  })
})
