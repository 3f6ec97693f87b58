// Track replay in Chromium: a tag with a known track (drive, 5+ min stop, drive) in the last hour; its panel's
// "replay track" button loads the track on the Cesium clock, ×60 plays it to the end. Software WebGL draws
// about a frame a second, so the test waits on window.__cpt.replay(), never on frames.
import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import type { PositionSample } from '../../server/contracts'
import { type RunningServer } from '../../server/main'
import { insertPositions, upsertTags } from '../../server/modules/tags/tags.repository'
import { systemScope } from '../../server/platform/db/db'
import { launchChromium } from '../helpers/browser'
import { ensureClientBuilt } from '../helpers/build-client'
import { ApiClient, eventually } from '../helpers/http'
import { startTestServer } from '../helpers/server-config'
import { uniqueRedisPrefix } from '../helpers/services'

const artifacts = fileURLToPath(new URL('./artifacts/', import.meta.url))
const password = 'E2e-pass-2026'
const lon0 = 120.954057
const lat0 = 31.9379976
const mLat = 1 / 111_195
const mLon = 1 / (111_195 * Math.cos((lat0 * Math.PI) / 180))

export type { CptHooks } from '../../client/app/test-hooks'

describe('track replay in Chromium', () => {
  let server: RunningServer
  let closeServer: () => Promise<void>
  let url: string
  let browser: Browser
  let page: Page
  let trackEnd = 0

  beforeAll(async () => {
    ensureClientBuilt()
    mkdirSync(artifacts, { recursive: true })
    const started = await startTestServer('cpt_e2e_replay', {
      REDIS_PREFIX: uniqueRedisPrefix(),
      ADMIN_PASSWORD: password,
      SIM: 'off',
      LOG_LEVEL: 'warn',
    })
    server = started.server
    closeServer = started.close
    // 1 Hz, ending 5 min ago: 200 s east at 8 m/s, 330 s standing, 90 s north at 8 m/s
    const start = Math.floor(Date.now() / 1000) * 1000 - 15 * 60_000
    const samples: PositionSample[] = []
    let x = 0
    let y = 0
    for (let s = 0; s <= 620; s++) {
      const moving = s > 0 && (s <= 200 || s > 530)
      if (s > 0 && s <= 200) x += 8
      if (s > 530) y += 8
      samples.push({
        tag_id: 'RP1',
        t: new Date(start + s * 1000).toISOString(),
        lon: lon0 + x * mLon,
        lat: lat0 + y * mLat,
        speed_kmh: moving ? 28.8 : 0,
        heading_deg: 0,
        source: 'test',
      })
    }
    trackEnd = start + 620_000
    // the worker creates today's partitions as it starts: retry while that races the insert
    await eventually(
      () =>
        server.db
          .tx(systemScope, async (q) => {
            await upsertTags(q, [
              { id: 'RP1', kind: 'hazmat_vehicle', label: '苏E 危 0001', enterprise_id: null },
            ])
            return (await insertPositions(q, samples)) > 0
          })
          .catch(() => false),
      30_000,
      500,
    )
    // the track endpoint answers for the tag before the browser opens it
    const api = new ApiClient(server.url)
    await api.login('admin', password)
    const probe = await api.get(
      `/api/v1/tags/RP1/track?from=${new Date(start).toISOString()}&to=${new Date(trackEnd + 1000).toISOString()}`,
    )
    expect(probe.status).toBe(200)
    url = server.url
    browser = await launchChromium()
    page = await browser.newPage({ viewport: { width: 1600, height: 900 } })
  })

  afterAll(async () => {
    await browser?.close()
    await closeServer?.()
  })

  it('replays a tag from its panel at ×60 to the end of its track, with the stop marked', async () => {
    await page.goto(url)
    await page.getByTestId('login-username').fill('admin')
    await page.getByTestId('login-password').fill(password)
    await page.getByTestId('login-submit').click()
    await page.waitForFunction(() => window.__cpt?.state().ready === true, undefined, {
      timeout: 240_000,
      polling: 1000,
    })
    await page.evaluate(() => window.__cpt!.selectTag('RP1'))
    const button = page.getByTestId('tag-replay')
    await button.waitFor({ timeout: 60_000 })
    await button.click()
    await page.waitForFunction(() => window.__cpt!.replay().state === 'ready', undefined, {
      timeout: 60_000,
      polling: 250,
    })
    const ready = await page.evaluate(() => window.__cpt!.replay())
    expect(ready.tagId).toBe('RP1')
    expect(ready.points).toBe(621)
    expect(ready.end).toBe(trackEnd)
    expect(ready.time).toBe(ready.start)
    expect(ready.stops).toBe(1)
    await page.getByTestId('replay-speed-60').click()
    await page.getByTestId('replay-play').click()
    await page.waitForFunction(() => window.__cpt!.replay().state === 'playing', undefined, {
      timeout: 30_000,
    })
    const t0 = Date.now()
    // 620 s of track at ×60: about 10 s; software WebGL ticks the clock about once a second
    await page.waitForFunction(
      (end) => {
        const r = window.__cpt!.replay()
        return r.state === 'ended' && r.time !== null && r.time >= end
      },
      trackEnd,
      { timeout: 120_000, polling: 250 },
    )
    const elapsed = (Date.now() - t0) / 1000
    const done = await page.evaluate(() => window.__cpt!.replay())
    expect(done.speed).toBe(60)
    expect(elapsed).toBeLessThan(90)
    expect(await page.getByTestId('replay-time').textContent()).toBeTruthy()
    // the live layer keeps running beside the replay
    expect((await page.evaluate(() => window.__cpt!.state())).loggedIn).toBe(true)
    await page.screenshot({ path: `${artifacts}replay.png` })
  })

  it('opens the deck.gl trajectory analysis with the last hour of tracks and a dwell heatmap', async () => {
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    await page.getByTestId('replay-close').click()
    await page.waitForFunction(() => window.__cpt!.replay().state === 'idle', undefined, { timeout: 30_000 })
    await page.getByTestId('analysis-open').click()
    const info = page.getByTestId('analysis-info')
    await info.waitFor({ timeout: 60_000 })
    await expect.poll(() => info.textContent(), { timeout: 60_000 }).toMatch(/^1\D/)
    expect(await page.locator('[data-testid="analysis-panel"] canvas').count()).toBe(1)
    await page.getByTestId('analysis-heat').click()
    await page.getByTestId('analysis-close').click()
    await expect.poll(() => page.getByTestId('analysis-panel').count(), { timeout: 30_000 }).toBe(0)
    expect(errors).toEqual([])
  })
})
