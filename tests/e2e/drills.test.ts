// The drill player (演练播放器) of 应急指挥中心 in Chromium, on a whole server (PostgreSQL + PostGIS, Redis; no
// simulators): the three shipped drills are started from the panel, played at ×20 on the server's clock, the
// operator's actions pressed as their steps come up (one deliberately late, one left missed), scrubbed to the end,
// ended and evaluated; the panel shows the evaluation and the Markdown / CSV / JSON reports it links name the
// drill, carry the times and list the late and missed steps. Waits are on window.__cpt.drill() (the server's
// state as the panel last polled it), never on frames: software WebGL draws about one frame a second.
import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import type { CptDrill } from '../../client/app/test-hooks'
import type { RunningServer } from '../../server/main'
import type { DrillScript } from '../../scenes/drills/schema'
import { launchChromium } from '../helpers/browser'
import { ensureClientBuilt } from '../helpers/build-client'
import { startTestServer } from '../helpers/server-config'
import { uniqueRedisPrefix } from '../helpers/services'

export type { CptHooks } from '../../client/app/test-hooks'

const artifacts = fileURLToPath(new URL('./artifacts/', import.meta.url))
const password = 'E2e-pass-2026'

interface Plan {
  id: string
  /** operator steps pressed only after their deadline */
  late: string[]
  /** operator steps never pressed */
  skip: string[]
}

const plans: Plan[] = [
  { id: 'chlorine-leak', late: ['declare_incident'], skip: [] },
  { id: 'solvent-pool-fire', late: [], skip: [] },
  { id: 'lpg-vce', late: [], skip: ['headcount'] },
]

describe('drill player: the three shipped drills end to end', () => {
  let server: RunningServer
  let closeServer: () => Promise<void>
  let browser: Browser
  let page: Page
  let shot = false
  /** uncaught errors of the page, said on a failure */
  const pageErrors: string[] = []

  const drill = (): Promise<CptDrill> => page.evaluate(() => window.__cpt!.drill())
  /** waits for `test(arg)` in the page (which reads window.__cpt.drill()); says the hook's state on a timeout */
  const until = async <A extends number | string | null>(
    what: string,
    test: (a: A) => boolean,
    arg: A,
    timeout = 60_000,
  ) => {
    try {
      await page.waitForFunction(test as (a: unknown) => boolean, arg, { timeout, polling: 250 })
    } catch (err) {
      throw new Error(
        `waiting for ${what}: ${JSON.stringify(await drill())}; page errors: ${pageErrors.slice(-5).join(' | ')}`,
        { cause: err },
      )
    }
  }
  /** waits for a step of the kind to show the status in the step list; says what the panel shows if not */
  const stepIs = async (kind: string, status: string) => {
    const steps = page.getByTestId('drill-steps')
    try {
      await steps.locator(`li[data-kind="${kind}"][data-status="${status}"]`).waitFor({ timeout: 30_000 })
    } catch (err) {
      const shown = await steps
        .locator('li')
        .evaluateAll((lis) =>
          lis.map((li) => `${li.getAttribute('data-kind')}:${li.getAttribute('data-status')}`),
        )
      const r = await page.request.get(`${server.url}api/v1/drills/runs/${(await drill()).runId}`)
      const serverT = r.ok() ? ((await r.json()) as { state: { t_s: number } }).state.t_s : r.status()
      const error = await page
        .getByTestId('drill-error')
        .textContent({ timeout: 1 })
        .catch(() => null)
      throw new Error(
        `${kind} not ${status}: ${shown.join(' ')}; error ${error}; server t ${serverT}; ${JSON.stringify(await drill())}; page errors: ${pageErrors.slice(0, 4).join(' | ')}`,
        {
          cause: err,
        },
      )
    }
  }
  const click = (testid: string) => page.getByTestId(testid).dispatchEvent('click')
  const seek = async (t: number) => {
    await page.getByTestId('drill-scrub').evaluate((el: HTMLInputElement, v) => {
      el.value = String(v)
      el.dispatchEvent(new Event('change'))
    }, t)
  }
  const api = async <T>(path: string): Promise<T> => {
    const r = await page.request.get(`${server.url}api/v1/${path}`)
    expect(r.status(), path).toBe(200)
    return (await r.json()) as T
  }

  beforeAll(async () => {
    ensureClientBuilt()
    mkdirSync(artifacts, { recursive: true })
    const started = await startTestServer('cpt_e2e_drills', {
      REDIS_PREFIX: uniqueRedisPrefix(),
      ADMIN_PASSWORD: password,
      SIM: 'off',
      LOG_LEVEL: 'warn',
    })
    server = started.server
    closeServer = started.close
    browser = await launchChromium()
    page = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
    page.on('pageerror', (err) => pageErrors.push(`${err.message} ${err.stack?.slice(0, 800)}`))
    page.on('console', (m) => {
      if (m.type() !== 'error') return
      const err = m.args()[1]
      if (!err) return void pageErrors.push(m.text())
      void err
        .evaluate((e: unknown) => (e instanceof Error ? `${e.name}: ${e.message} ${e.stack}` : String(e)))
        .then(
          (detail) => pageErrors.push(`${m.text()} ${detail.slice(0, 600)}`),
          () => pageErrors.push(m.text()),
        )
    })
  })

  afterAll(async () => {
    await browser?.close()
    await closeServer?.()
  })

  it('signs in to 应急指挥中心 and lists the three drills', async () => {
    await page.goto(`${server.url}#/emergency`)
    await page.getByTestId('login-username').fill('admin')
    await page.getByTestId('login-password').fill(password)
    await page.getByTestId('login-submit').click()
    await page.waitForFunction(() => window.__cpt?.state().loggedIn === true, undefined, {
      timeout: 120_000,
      polling: 500,
    })
    const list = page.getByTestId('drill-list')
    await list.waitFor({ timeout: 60_000 })
    expect(
      await list.locator('li').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-drill'))),
    ).toEqual(plans.map((p) => p.id))
    const text = await list.textContent()
    expect(text).toContain('液氯储罐泄漏中毒事故应急演练')
    expect(text).toContain('30 分钟')
    expect(await drill()).toMatchObject({ state: 'idle', runId: null })
  })

  for (const plan of plans) {
    it(`plays ${plan.id} at ×20 with the operator's actions, ends it and reports`, async () => {
      const script = await api<DrillScript>(`drills/${plan.id}`)
      // a previous drill that failed half-way left its player open
      if ((await drill()).state !== 'idle') {
        await click('drill-back')
        await until('the player to close', () => window.__cpt!.drill().state === 'idle', null, 10_000)
      }
      const operator = script.steps.filter((s) => s.actor === 'operator')

      await click(`drill-start-${plan.id}`)
      await until(
        'the run to start',
        (id) => window.__cpt!.drill().drillId === id && window.__cpt!.drill().people > 0,
        plan.id,
        90_000,
      )
      const runId = (await drill()).runId!
      await click('drill-speed-20')
      await until(
        '×20',
        () => window.__cpt!.drill().speed === 20 && window.__cpt!.drill().state === 'playing',
        null,
      )
      // the zones of the release and the people are on the twin
      await page.getByTestId('drill-steps').locator('li').first().waitFor()
      expect(await page.getByTestId('drill-steps').locator('li').count()).toBe(script.steps.length)

      // press each operator action as its step comes up (early steps play; the headcount is after a scrub)
      // (in the order they are pressed: a late one waits past its deadline, after the others are in)
      const presses = operator
        .filter((s) => s.at_s < 1000 && !plan.skip.includes(s.kind))
        .map((s) => ({ ...s, late: plan.late.includes(s.kind) }))
        .map((s) => ({ ...s, press: s.late ? s.expected_by_s! + 15 : s.at_s }))
        .sort((a, b) => a.press - b.press)
      for (const step of presses) {
        const { late, press: at } = step
        await until(`t ≥ ${at} for ${step.kind}`, (a) => window.__cpt!.drill().t_s >= a, at, 60_000)
        await click(`drill-action-${step.kind}`)
        await stepIs(step.kind, late ? 'late' : 'on_time')
      }
      const fired = (await drill()).fired
      expect(fired).toBeGreaterThanOrEqual(3)

      // scrub to the headcount, press it (or not), scrub near the end and let it finish
      const headcount = operator.find((s) => s.kind === 'headcount')!
      await seek(headcount.at_s + 5)
      await until(
        'the seek to the headcount',
        (a) => window.__cpt!.drill().t_s >= a && window.__cpt!.drill().t_s < a + 100,
        headcount.at_s + 5,
      )
      expect((await drill()).atMuster).toBeGreaterThan(0)
      if (!plan.skip.includes('headcount')) {
        await click('drill-action-headcount')
        await stepIs('headcount', 'on_time')
      }
      await seek(script.steps.at(-1)!.at_s - 10)
      await until('the end of the drill', () => window.__cpt!.drill().finished, null, 60_000)
      const atEnd = await drill()
      expect(atEnd.fired).toBeGreaterThan(fired)
      expect(atEnd.atMuster).toBeGreaterThan(0)

      await click('drill-end')
      await until(
        'the evaluation',
        () => window.__cpt!.drill().evaluated && window.__cpt!.drill().state === 'ended',
        null,
        60_000,
      )
      const ended = await drill()
      expect(ended.runId).toBe(runId)
      expect(ended.score).toBeGreaterThan(0)
      expect(ended.score).toBeLessThan(100)
      const evaluation = page.getByTestId('drill-evaluation')
      await evaluation.waitFor()
      expect(await page.getByTestId('drill-score').textContent()).toBe(String(ended.score))
      expect(await evaluation.locator('tr[data-row="detect"] td').textContent()).toMatch(/^\d+ s$/)
      for (const f of ['md', 'csv', 'json'])
        expect(await page.getByTestId(`drill-report-${f}`).getAttribute('href')).toBe(
          `/api/v1/drills/runs/${runId}/report?format=${f}`,
        )
      if (plan.late.length)
        expect(await evaluation.locator('tr[data-row="late"] td').textContent()).not.toBe('无')
      if (!shot) {
        shot = true
        await page.screenshot({ path: `${artifacts}drills.png` })
      }

      // the report, as the panel's links download it (the page's session)
      const json = await api<{
        run: { id: string; drill_id: string; actions: { kind: string }[] }
        evaluation: {
          title: { zh: string }
          times: Record<string, number | null>
          late_steps: { kind: string; lateness_s: number }[]
          missed_steps: { kind: string }[]
          score: { total: number }
        }
      }>(`drills/runs/${runId}/report?format=json`)
      expect(json.run).toMatchObject({ id: runId, drill_id: plan.id })
      expect(json.evaluation.title.zh).toBe(script.title.zh)
      expect(json.evaluation.score.total).toBe(ended.score)
      const detector = script.steps.find((s) => s.kind === 'detector_alarm')!.at_s
      expect(json.evaluation.times.detect_s).toBe(detector)
      expect(json.evaluation.times.alert_s).toBeGreaterThanOrEqual(detector)
      expect(json.evaluation.times.declare_s).toBeGreaterThan(0)
      expect(json.evaluation.late_steps.map((s) => s.kind)).toEqual(plan.late)
      for (const s of json.evaluation.late_steps) expect(s.lateness_s).toBeGreaterThan(0)
      expect(json.evaluation.missed_steps.map((s) => s.kind)).toEqual(plan.skip)

      const md = await page.request.get(`${server.url}api/v1/drills/runs/${runId}/report?format=md`)
      expect(md.status()).toBe(200)
      expect(md.headers()['content-type']).toContain('text/markdown')
      const mdText = await md.text()
      expect(mdText).toContain(script.title.zh)
      expect(mdText).toContain(`\`${plan.id}\``)
      expect(mdText).toContain(`| 发现 Time to detect (release → detector alarm) | ${detector} s |`)
      expect(mdText).toMatch(/报警 Time to alert .*\| \d+(\.\d)? s \|/)
      for (const kind of plan.late) {
        const label = script.steps.find((s) => s.kind === kind)!.label.zh
        expect(mdText).toMatch(new RegExp(`${label}.*\\| late \\|`))
      }
      for (const kind of plan.skip) {
        const label = script.steps.find((s) => s.kind === kind)!.label.zh
        expect(mdText).toMatch(new RegExp(`${label}.*\\| missed \\|`))
      }

      const csv = await page.request.get(`${server.url}api/v1/drills/runs/${runId}/report?format=csv`)
      expect(csv.status()).toBe(200)
      const csvText = await csv.text()
      expect(csvText).toContain(`time,detect,,${detector},,,`)
      for (const kind of plan.late)
        expect(csvText).toMatch(new RegExp(`^step,${kind},\\d+,[\\d.]+,[\\d.]+,late,`, 'm'))
      for (const kind of plan.skip) expect(csvText).toMatch(new RegExp(`^step,${kind},\\d+,,,missed,`, 'm'))
      expect(csvText).toMatch(/^score,total,,[\d.]+,/m)

      // back to the list for the next drill; the twin stops drawing the run
      await click('drill-back')
      await until('the player to close', () => window.__cpt!.drill().state === 'idle', null, 10_000)
    })
  }
})
