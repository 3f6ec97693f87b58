// Live sensor views in Chromium against a real server (no simulators): a gas-detector reading posted to the
// HTTP ingest colours the detector's twin marker and fills its panel and chart; an HJ 212 upload over TCP shows
// in the 环保监管中心 outlet list (exceedance highlighted) and in the outlet's panel and chart.
import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { startTestServer } from '../helpers/server-config'
import { type RunningServer } from '../../server/main'
import { uniqueRedisPrefix } from '../helpers/services'
import { launchChromium } from '../helpers/browser'
import { ensureClientBuilt } from '../helpers/build-client'
import { readPark } from '../../geodata/read'
import { Device, upload, water } from '../integration/ingest/hj212/device'

const artifacts = fileURLToPath(new URL('./artifacts/', import.meta.url))
const password = 'E2e-pass-2026'
// 1#液氯储罐 Cl2 detector: GB/T 50493 default set points 0.34 ppm (H) and 0.68 ppm (HH)
const detector = 'GD-E01-01'
const outlet = readPark().sensors.features.find(
  (f) => f.properties.kind === 'monitor_point' && f.properties.mn === water.mn,
)!.id
const cod = `${water.mn}.w01018`

export type { CptHooks } from '../../client/app/test-hooks'

describe('live sensor views in Chromium', () => {
  let server: RunningServer
  let closeServer: () => Promise<void>
  let browser: Browser
  let page: Page

  const sensorState = (id: string) => page.evaluate((s) => window.__cpt!.sensorState(s)?.state ?? null, id)
  const marker = (id: string) => page.evaluate((s) => window.__cpt!.sensorMarker(s), id)

  beforeAll(async () => {
    ensureClientBuilt()
    mkdirSync(artifacts, { recursive: true })
    const started = await startTestServer('cpt_e2e_sensors', {
      REDIS_PREFIX: uniqueRedisPrefix(),
      ADMIN_PASSWORD: password,
      SIM: 'off',
      LOG_LEVEL: 'warn',
    })
    server = started.server
    closeServer = started.close
    browser = await launchChromium()
    page = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
    // a render error stops the twin (Cesium shows its error panel over it): make it visible in the test log
    page.on('pageerror', (err) => console.error('page error:', err.message))
    page.on('console', (m) => {
      if (m.type() === 'error') console.error('console error:', m.text())
    })
    await page.goto(`${server.url}#/safety`)
    await page.getByTestId('login-username').fill('admin')
    await page.getByTestId('login-password').fill(password)
    await page.getByTestId('login-submit').click()
    await page.waitForFunction(() => window.__cpt?.state().ready === true, undefined, {
      timeout: 240_000,
      polling: 1000,
    })
    await page.waitForFunction(() => window.__cpt!.sensorPolls() > 0, undefined, { timeout: 60_000 })
  })

  afterAll(async () => {
    await browser?.close()
    await closeServer?.()
  })

  it('colours a gas detector by its live reading and charts it with its limits', async () => {
    expect(await marker(detector)).toBe('no_data')
    const posted = await page.request.post(`${server.url}api/v1/ingest/readings`, {
      data: { readings: [{ sensor: detector, t: new Date().toISOString(), v: 1.2, flag: 'N' }] },
    })
    expect(posted.status(), await posted.text()).toBe(200)
    await expect.poll(() => sensorState(detector), { timeout: 30_000 }).toBe('alarm')
    await expect.poll(() => marker(detector), { timeout: 15_000 }).toBe('alarm')

    await page.evaluate((id) => window.__cpt!.flyToAsset(id), detector)
    const pos = await page.evaluate((id) => window.__cpt!.screenPositionOf(id), detector)
    expect(pos).not.toBeNull()
    await page.mouse.click(pos!.x, pos!.y)
    await expect
      .poll(() => page.evaluate(() => window.__cpt!.state().selected), { timeout: 30_000 })
      .toBe(detector)
    const row = page.locator(`[data-testid="asset-sensors"] li[data-sensor="${detector}"]`)
    await expect.poll(() => row.getAttribute('data-state'), { timeout: 30_000 }).toBe('alarm')
    expect(await row.textContent()).toContain('1.2')
    const chart = page.locator(`[data-testid="sensor-chart"][data-sensor="${detector}"]`)
    await expect.poll(() => chart.getAttribute('data-points'), { timeout: 30_000 }).toBe('1')
    expect(await chart.getAttribute('data-limits')).toBe('HH,H')
    await page.screenshot({ path: `${artifacts}sensors-detector.png` })
  })

  it('shows an HJ 212 upload in the environment center, exceedance highlighted, and charts the channel', async () => {
    const device = await Device.open(server.ports.hj212!)
    try {
      const { frame } = upload(water, {
        dataTime: new Date(),
        values: [
          { code: 'w01018', field: 'Rtd', value: 80.5, flag: 'N' },
          { code: 'w21003', field: 'Rtd', value: 1.2, flag: 'N' },
          { code: 'w01001', field: 'Rtd', value: 7.1, flag: 'N' },
        ],
      })
      await device.write(frame)
      await device.answersUpTo(1)
    } finally {
      device.socket.destroy()
    }
    await page.evaluate(() => (location.hash = '#/environment'))
    await expect.poll(() => sensorState(cod), { timeout: 30_000 }).toBe('warn')
    await expect.poll(() => marker(outlet), { timeout: 15_000 }).toBe('warn')

    const item = page.locator(`[data-testid="env-outlets"] li.outlet[data-key="${outlet}"]`)
    await expect.poll(() => item.getAttribute('data-state'), { timeout: 30_000 }).toBe('warn')
    const chip = item.locator('.ch[data-code="w01018"]')
    expect(await chip.getAttribute('class')).toContain('exceed')
    expect(await chip.textContent()).toContain('80.5')
    expect(await item.locator('.ch[data-code="w01001"]').getAttribute('class')).not.toContain('exceed')

    await item.click()
    await expect
      .poll(() => page.evaluate(() => window.__cpt!.state().selected), { timeout: 30_000 })
      .toBe(outlet)
    const chart = page.locator(`[data-testid="sensor-chart"][data-sensor="${cod}"]`)
    await expect.poll(() => chart.getAttribute('data-points'), { timeout: 30_000 }).toBe('1')
    expect(await chart.getAttribute('data-limits')).toBe('H')
    expect(await page.getByTestId('asset-panel').textContent()).toContain('80.5')
    await page.screenshot({ path: `${artifacts}sensors-environment.png` })
  })
})
