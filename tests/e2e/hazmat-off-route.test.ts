// The closed-area acceptance path in Chromium: a simulated hazmat truck speaking JT/T 808 over real TCP books its
// trip, leaves its booked corridor for two minutes and comes back. Exactly one `hazmat_off_route` alarm reaches the
// signed-in command center's alarm console (pushed, not polled), and the truck's track then replays on the Cesium
// timeline from its panel. PostgreSQL + PostGIS and Redis, every server role, the product's own simulators off.
import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { readPark } from '../../geodata/read'
import type { RunningServer } from '../../server/main'
import {
  restBookingsApi,
  startHazmatSimulator,
  type HazmatSimEvent,
  type HazmatSimulator,
} from '../../sensors/simulators/hazmat/run-hazmat'
import { launchChromium } from '../helpers/browser'
import { ensureClientBuilt } from '../helpers/build-client'
import { eventually } from '../helpers/http'
import { startTestServer } from '../helpers/server-config'
import { uniqueRedisPrefix } from '../helpers/services'

export type { CptHooks } from '../../client/app/test-hooks'

const artifacts = fileURLToPath(new URL('./artifacts/', import.meta.url))
const password = 'E2e-pass-2026'

describe('hazmat truck off its booked route, on the screen (JT/T 808 → geofence → alarm → Chromium)', () => {
  let server: RunningServer
  let closeServer: () => Promise<void>
  let browser: Browser
  let page: Page
  let sim: HazmatSimulator | null = null
  const events: HazmatSimEvent[] = []

  beforeAll(async () => {
    ensureClientBuilt()
    mkdirSync(artifacts, { recursive: true })
    const started = await startTestServer('cpt_e2e_hazmat', {
      REDIS_PREFIX: uniqueRedisPrefix(),
      ADMIN_PASSWORD: password,
      SIM: 'off',
      SIM_TAGS: '0',
      LOG_LEVEL: 'warn',
    })
    server = started.server
    closeServer = started.close
    browser = await launchChromium()
    page = await browser.newPage({ viewport: { width: 1600, height: 900 } })
    page.on('console', (m) => {
      if (m.type() === 'error') console.log('CONSOLE', m.text().slice(0, 1500))
    })
  })

  afterAll(async () => {
    await sim?.stop()
    await browser?.close()
    await closeServer?.()
  })

  it('signs in to 安全监管中心 with a subscribed, empty alarm console', async () => {
    await page.goto(`${server.url}#/safety`)
    await page.getByTestId('login-username').fill('admin')
    await page.getByTestId('login-password').fill(password)
    await page.getByTestId('login-submit').click()
    await page.waitForFunction(
      () => window.__cpt?.state().loggedIn === true && window.__cpt.alarmFeed().snapshotLoaded,
      undefined,
      { timeout: 120_000, polling: 500 },
    )
    expect(await page.evaluate(() => window.__cpt!.alarmFeed())).toMatchObject({ subscribed: true })
    await page.getByTestId('alarm-console').waitFor({ timeout: 60_000 })
    expect(await page.evaluate(() => window.__cpt!.alarms())).toEqual([])
  })

  it('shows exactly one off-route alarm for the truck that leaves its corridor', async () => {
    sim = startHazmatSimulator({
      bookings: restBookingsApi({ url: server.url, username: 'admin', password }),
      jt808Port: server.ports.jt808!,
      park: readPark(),
      seed: 11,
      trucks: 1,
      deviator: 0,
      deviation: { leg: 1, at: 0.5, durationS: 120, offsetM: 90 },
      timeScale: 20,
      // device times in the recent past, so the scaled clock never runs ahead of the server's
      startAt: Date.now() - 20 * 60_000,
      // long enough to be stops by the Traccar-like default (5 min); 18 s each at ×20
      parkingWaitS: 360,
      visitS: 360,
      cycles: 1,
      destinations: ['E01'],
      onEvent: (e) => events.push(e),
    })
    const tagId = sim.trucks[0]!.tagId
    const departed = await eventually(
      async () => {
        const err = events.find((e) => e.type === 'error')
        if (err) throw new Error(JSON.stringify(err))
        return events.find((e) => e.type === 'departed') as
          Extract<HazmatSimEvent, { type: 'departed' }> | undefined
      },
      60_000,
      250,
    )
    expect(departed.deviation).not.toBeNull()
    const rule = `hazmat_off_route:${departed.booking}`

    await page.waitForFunction(
      ([tag, r]) => window.__cpt!.alarms().some((a) => a.source_id === tag && a.rule === r),
      [tagId, rule] as const,
      { timeout: 150_000, polling: 500 },
    )
    // the trip ends (back on route, unloaded, out of the gate): still exactly one alarm of that rule
    await eventually(
      async () => {
        const err = events.find((e) => e.type === 'error')
        if (err) throw new Error(JSON.stringify(err))
        return events.some((e) => e.type === 'completed')
      },
      150_000,
      500,
    )
    const mine = (await page.evaluate(() => window.__cpt!.alarms())).filter(
      (a) => a.source_id === tagId && a.rule.startsWith('hazmat_'),
    )
    expect(mine).toHaveLength(1)
    expect(mine[0]).toMatchObject({ rule, priority: 'urgent' })
    expect(['unack', 'rtn_unack']).toContain(mine[0]!.state)
    const row = page.getByTestId('alarm-console').locator(`[data-alarm-id="${mine[0]!.id}"]`)
    await row.first().waitFor({ timeout: 30_000 })
    expect(await row.count()).toBe(1)
    expect((await row.textContent()) ?? '').toContain(sim.trucks[0]!.plate)
  })

  it("replays the truck's track on the timeline from its panel, while its alarm still flashes", async () => {
    const tagId = sim!.trucks[0]!.tagId
    await page.waitForFunction(() => window.__cpt!.state().ready === true, undefined, {
      timeout: 240_000,
      polling: 1000,
    })
    await page.evaluate((id) => window.__cpt!.selectTag(id), tagId)
    const button = page.getByTestId('tag-replay')
    await button.waitFor({ timeout: 60_000 })
    // the panel is drawn at software-WebGL pace: give the click's stability check time
    await button.click({ timeout: 120_000 })
    await page.waitForFunction(() => window.__cpt!.replay().state === 'ready', undefined, {
      timeout: 60_000,
      polling: 250,
    })
    const ready = await page.evaluate(() => window.__cpt!.replay())
    expect(ready.tagId).toBe(tagId)
    expect(ready.points).toBeGreaterThan(20)
    // it waited six simulated minutes in the hazmat parking and at its destination: stops
    expect(ready.stops).toBeGreaterThanOrEqual(1)
    // the off-route alarm still flashes on the twin (an entity rebuilt every frame): the clock must run anyway
    expect((await page.evaluate(() => window.__cpt!.alarmFlashes())).length).toBeGreaterThan(0)
    await page.getByTestId('replay-speed-60').click()
    await page.getByTestId('replay-play').click()
    await page.waitForFunction(
      () => {
        const r = window.__cpt!.replay()
        return r.state === 'playing' || r.state === 'ended'
      },
      undefined,
      { timeout: 30_000 },
    )
    // the clock moves along the track (software WebGL ticks it about once a second, slower under load), and
    // the trip (about 20 simulated minutes, 20 s at ×60) plays to its end
    await page.waitForFunction(
      (end) => {
        const r = window.__cpt!.replay()
        return r.state === 'ended' && r.time !== null && r.time >= end
      },
      ready.end!,
      { timeout: 240_000, polling: 500 },
    )
    await page.screenshot({ path: `${artifacts}hazmat-off-route.png` })
    expect(await page.evaluate(() => window.__cpt!.replay())).toMatchObject({ tagId, speed: 60 })
  })
})
