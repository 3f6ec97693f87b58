// Video in Chromium against a real server (no simulators): a gate camera clicked on the twin plays the shipped
// test stream in the video panel through hls.js (loaded only then), over MSE; the panel shows the camera, its live
// state and the test-signal mark, and closes; a camera whose stream cannot be fetched says so.
import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { startTestServer } from '../helpers/server-config'
import { type RunningServer } from '../../server/main'
import { uniqueRedisPrefix } from '../helpers/services'
import { launchChromium } from '../helpers/browser'
import { ensureClientBuilt } from '../helpers/build-client'

const artifacts = fileURLToPath(new URL('./artifacts/', import.meta.url))
const password = 'E2e-pass-2026'

export type { CptHooks } from '../../client/app/test-hooks'

describe('camera video in Chromium', () => {
  let server: RunningServer
  let closeServer: () => Promise<void>
  let browser: Browser
  let page: Page
  const hlsChunks: string[] = []

  const video = () => page.locator('[data-testid="video-panel"] video')
  const panelState = () => page.getByTestId('video-panel').getAttribute('data-state')
  /** flies to the camera's icon and clicks it, as a user would */
  async function clickCamera(id: string): Promise<void> {
    await page.evaluate((a) => window.__cpt!.flyToAsset(a), id)
    const pos = await page.evaluate((a) => window.__cpt!.screenPositionOf(a), id)
    expect(pos, `${id} on screen`).not.toBeNull()
    await page.mouse.click(pos!.x, pos!.y)
    await expect.poll(() => page.evaluate(() => window.__cpt!.state().selected), { timeout: 60_000 }).toBe(id)
  }

  beforeAll(async () => {
    ensureClientBuilt()
    mkdirSync(artifacts, { recursive: true })
    const started = await startTestServer('cpt_e2e_video', {
      REDIS_PREFIX: uniqueRedisPrefix(),
      ADMIN_PASSWORD: password,
      SIM: 'off',
      LOG_LEVEL: 'warn',
    })
    server = started.server
    closeServer = started.close
    browser = await launchChromium()
    page = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
    page.on('pageerror', (err) => console.error('page error:', err.message))
    page.on('request', (r) => {
      if (/\/assets\/hls-[^/]*\.js$/.test(r.url())) hlsChunks.push(r.url())
    })
    // the emergency command center shows the cameras layer
    await page.goto(`${server.url}#/emergency`)
    await page.getByTestId('login-username').fill('admin')
    await page.getByTestId('login-password').fill(password)
    await page.getByTestId('login-submit').click()
    await page.waitForFunction(() => window.__cpt?.state().ready === true, undefined, {
      timeout: 240_000,
      polling: 1000,
    })
  })

  afterAll(async () => {
    await browser?.close()
    await closeServer?.()
  })

  it('plays a gate camera’s stream when its icon is clicked, loading hls.js only then', async () => {
    expect(hlsChunks).toEqual([])
    expect(await page.getByTestId('layer-cameras').getAttribute('class')).toContain('on')
    await clickCamera('CAM-G1')
    const panel = page.getByTestId('video-panel')
    await panel.waitFor({ timeout: 30_000 })
    expect(await panel.getAttribute('data-camera')).toBe('CAM-G1')
    await expect.poll(() => panel.textContent(), { timeout: 30_000 }).toContain('西区危化品专用卡口')
    expect(await panel.textContent()).toContain('测试信号')
    // state, not frames: the element has decoded data, then its clock moves
    await expect
      .poll(() => video().evaluate((v: HTMLVideoElement) => v.readyState), {
        timeout: 90_000,
        interval: 1000,
      })
      .toBeGreaterThanOrEqual(2)
    const t0 = await video().evaluate((v: HTMLVideoElement) => v.currentTime)
    await expect
      .poll(() => video().evaluate((v: HTMLVideoElement) => v.currentTime), {
        timeout: 90_000,
        interval: 1000,
      })
      .toBeGreaterThan(t0)
    await expect.poll(panelState, { timeout: 60_000 }).toBe('playing')
    expect(await page.getByTestId('video-state').textContent()).toBe('实时')
    // played through MSE (hls.js), not the browser's own HLS
    expect(await video().evaluate((v: HTMLVideoElement) => v.src.startsWith('blob:'))).toBe(true)
    expect(hlsChunks).toHaveLength(1)
    await page.screenshot({ path: `${artifacts}video-gate-camera.png` })
  })

  it('closes the panel and stops the stream, keeping the camera selected', async () => {
    await page.getByTestId('video-close').click()
    await expect.poll(() => page.getByTestId('video-panel').count(), { timeout: 30_000 }).toBe(0)
    expect(await page.evaluate(() => window.__cpt!.state().selected)).toBe('CAM-G1')
  })

  it('tells the viewer when a camera’s stream cannot be played', async () => {
    const r = await page.request.patch(`${server.url}api/v1/cameras/CAM-G2`, {
      data: { stream_url: '/api/v1/video/test-pattern/gone.m3u8', reason: 'e2e: a missing playlist' },
    })
    expect(r.status(), await r.text()).toBe(200)
    await clickCamera('CAM-G2')
    await expect.poll(panelState, { timeout: 90_000, interval: 1000 }).toBe('error')
    expect(await page.getByTestId('video-message').textContent()).toContain('视频流无法播放')
  })
})
