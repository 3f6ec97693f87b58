import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import type { AssetCollection } from '../../server/contracts'
import { startTestServer } from '../helpers/server-config'
import { type RunningServer } from '../../server/main'
import { uniqueRedisPrefix } from '../helpers/services'
import { launchChromium } from '../helpers/browser'
import { ensureClientBuilt } from '../helpers/build-client'

const artifacts = fileURLToPath(new URL('./artifacts/', import.meta.url))
const password = 'E2e-pass-2026'

// window.__cpt is declared by the client's test hooks
export type { CptHooks } from '../../client/app/test-hooks'

describe('command center in Chromium', () => {
  let server: RunningServer
  let closeServer: () => Promise<void>
  let browser: Browser
  let page: Page
  const offsite: string[] = []

  beforeAll(async () => {
    ensureClientBuilt()
    mkdirSync(artifacts, { recursive: true })
    const started = await startTestServer('cpt_e2e', {
      REDIS_PREFIX: uniqueRedisPrefix(),
      ADMIN_PASSWORD: password,
      SIM_TAGS: '30',
      LOG_LEVEL: 'warn',
    })
    server = started.server
    closeServer = started.close
    browser = await launchChromium()
    page = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
    const origin = new URL(server.url).origin
    page.on('request', (r) => {
      const u = r.url()
      if (!u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:')) offsite.push(u)
    })
  })

  afterAll(async () => {
    await browser?.close()
    await closeServer?.()
  })

  it('signs in and loads the 3D park', async () => {
    await page.goto(server.url)
    await page.getByTestId('login-username').fill('admin')
    await page.getByTestId('login-password').fill('wrong-password')
    await page.getByTestId('login-submit').click()
    await expect.poll(() => page.getByTestId('login-error').textContent(), { timeout: 30_000 }).toBeTruthy()
    await page.getByTestId('login-password').fill(password)
    await page.getByTestId('login-submit').click()
    await page.waitForFunction(() => window.__cpt?.state().ready === true, undefined, {
      timeout: 240_000,
      polling: 1000,
    })
    const state = await page.evaluate(() => window.__cpt!.state())
    expect(state.loggedIn).toBe(true)
    await page.screenshot({ path: `${artifacts}command-center.png` })
  })

  it('opens a tank panel with its chemical, inventory, on-site plan and documents when the tank is clicked', async () => {
    const tanks = (await (
      await page.request.get(`${server.url}api/v1/assets?kind=tank`)
    ).json()) as AssetCollection
    // the chlorine tank of E01: the demo attaches an on-site disposal plan (via its farm) and documents to it
    const tank = tanks.features.find((f) => f.id === 'T-E01-01') ?? tanks.features[0]!
    await page.evaluate((id) => window.__cpt!.flyToAsset(id), tank.id)
    const pos = await page.evaluate((id) => window.__cpt!.screenPositionOf(id), tank.id)
    expect(pos).not.toBeNull()
    await page.mouse.click(pos!.x, pos!.y)
    const panel = page.getByTestId('asset-panel')
    await panel.waitFor({ timeout: 60_000 })
    await expect
      .poll(() => panel.textContent(), { timeout: 60_000 })
      .toContain(String(tank.properties.props.chemical))
    const inventory = Number(tank.properties.props.inventory_t)
    const text = (await panel.textContent()) ?? ''
    expect(text).toContain(String(inventory))
    expect(await page.evaluate(() => window.__cpt!.state().selected)).toBe(tank.id)
    // its documents and plans (现场处置方案, 相关文档) are listed in the same panel
    await panel.getByTestId('asset-plan-link').first().waitFor({ timeout: 60_000 })
    await panel.getByTestId('asset-document-link').first().waitFor({ timeout: 60_000 })
    const docs = (await (
      await page.request.get(`${server.url}api/v1/assets/${tank.id}/documents`)
    ).json()) as { title: string }[]
    expect(docs.length).toBeGreaterThan(0)
    expect(await panel.getByTestId('asset-documents').textContent()).toContain(docs[0]!.title)
  })

  it('moves live tags on screen', async () => {
    await page.waitForFunction(() => (window.__cpt?.tagIds().length ?? 0) > 0, undefined, { timeout: 60_000 })
    // Some tags stand still for a while (queued at a gate, visiting a plant): watch all of them.
    const snapshot = () =>
      page.evaluate(() =>
        Object.fromEntries(window.__cpt!.tagIds().map((t) => [t, window.__cpt!.tagPosition(t)])),
      )
    const first = await snapshot()
    expect(Object.values(first).every((p) => p !== null)).toBe(true)
    await expect
      .poll(
        async () => {
          const now = await snapshot()
          return Object.keys(first).filter((t) => {
            const [a, b] = [first[t], now[t]]
            return a && b && Math.hypot(a.lon - b.lon, a.lat - b.lat) > 1e-6
          }).length
        },
        { timeout: 90_000, interval: 2_000 },
      )
      .toBeGreaterThan(0)
    expect(await page.evaluate(() => window.__cpt!.state().framesReceived)).toBeGreaterThan(0)
  })

  it('made no request outside the server (offline twin)', () => {
    expect(offsite).toEqual([])
  })
})
