// Issue 5's client gaps in Chromium on a whole server (PostgreSQL + PostGIS, Redis; simulators off): the operator
// declares a chlorine leak at a point picked on the twin (地图选点: Esc cancels a pick, the next click on the ground
// fills the form), the incident overlay is switched off and on from the layer bar, and a park admin creates an
// emergency plan and takes it through expert review, filing (the server's 400 shown at the field it names), a drill
// and a revision with the plan forms. Waits on window.__cpt and the DOM, never on frames (software WebGL is slow).
import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { parkDay, type PlanDetail } from '../../server/contracts/emergency-plans'
import type { Incident } from '../../server/contracts/incidents'
import type { RunningServer } from '../../server/main'
import { systemScope } from '../../server/platform/db/db'
import { haversineM } from '../../sensors/simulators/tags/geo'
import { launchChromium } from '../helpers/browser'
import { ensureClientBuilt } from '../helpers/build-client'
import { startTestServer } from '../helpers/server-config'
import { uniqueRedisPrefix } from '../helpers/services'

const artifacts = fileURLToPath(new URL('./artifacts/', import.meta.url))
const password = 'E2e-pass-2026'
const tankId = 'T-E01-01'
const slow = { timeout: 120_000, polling: 500 }

describe('incident at a map point, overlay switch, plan editing', () => {
  let server: RunningServer
  let closeServer: () => Promise<void>
  let browser: Browser
  let page: Page
  let tank: { lon: number; lat: number }
  let picked: { lon: number; lat: number }
  let incidentId = ''
  let planId = ''

  const api = async <T>(path: string): Promise<T> => {
    const r = await page.request.get(`${server.url}api/v1/${path}`)
    expect(r.status()).toBe(200)
    return (await r.json()) as T
  }
  const hook = () => page.evaluate(() => window.__cpt?.incident() ?? null)
  const viewerStatus = async (status: string) => {
    const meta = page.getByTestId('plan-viewer').getByTestId('plan-meta')
    await expect
      .poll(() => meta.getAttribute('data-status').catch(() => null), { timeout: 30_000, interval: 300 })
      .toBe(status)
    return meta
  }

  beforeAll(async () => {
    ensureClientBuilt()
    mkdirSync(artifacts, { recursive: true })
    const started = await startTestServer('cpt_e2e_incident_point', {
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
    browser = await launchChromium()
    page = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
  })

  afterAll(async () => {
    await browser?.close()
    await closeServer?.()
  })

  it('signs in to 应急指挥中心 with the incident overlay switched on', async () => {
    await page.goto(`${server.url}#/emergency`)
    await page.getByTestId('login-username').fill('admin')
    await page.getByTestId('login-password').fill(password)
    await page.getByTestId('login-submit').click()
    await page.waitForFunction(() => window.__cpt?.state().ready === true, undefined, slow)
    await page.getByTestId('incident-form').waitFor({ timeout: 120_000 })
    expect(await page.getByTestId('layer-incident').getAttribute('class')).toContain('on')
    expect(await hook()).toBeNull()
  })

  it('picks the release point on the twin: Esc cancels, a click on the ground fills the form', async () => {
    const form = page.getByTestId('incident-form')
    await page.getByTestId('incident-source-mode').selectOption('point')
    await form.locator('[data-testid="incident-chemical-id"] option[value="chlorine"]').waitFor({
      state: 'attached',
      timeout: 30_000,
    })
    const pickButton = page.getByTestId('incident-pick-point')
    const canvasCursor = () =>
      page.evaluate(
        () => document.querySelector<HTMLCanvasElement>('.cesium-widget canvas')?.style.cursor ?? '',
      )

    // a pick waits for its click; Esc ends it with nothing picked
    await pickButton.click()
    const picking = { timeout: 30_000, interval: 300 }
    await expect.poll(() => pickButton.getAttribute('data-picking'), picking).toBe('true')
    expect(await canvasCursor()).toBe('crosshair')
    await page.keyboard.press('Escape')
    await expect
      .poll(() => page.getByTestId('incident-pick-point').getAttribute('data-picking'), picking)
      .toBe('false')
    expect(await canvasCursor()).not.toBe('crosshair')
    expect(await page.getByTestId('incident-point').getAttribute('data-lon')).toBeNull()

    // close to the chlorine tank, then click it: the point picked is there
    await page.evaluate((id) => window.__cpt!.flyToAsset(id), tankId)
    const at = await page.evaluate((id) => window.__cpt!.screenPositionOf(id), tankId)
    expect(at).not.toBeNull()
    await page.getByTestId('incident-pick-point').click()
    await expect
      .poll(() => page.getByTestId('incident-pick-point').getAttribute('data-picking'), picking)
      .toBe('true')
    await page.mouse.click(at!.x, at!.y)
    const point = page.getByTestId('incident-point')
    await expect.poll(() => point.getAttribute('data-lon'), picking).not.toBeNull()
    picked = {
      lon: Number(await point.getAttribute('data-lon')),
      lat: Number(await point.getAttribute('data-lat')),
    }
    expect(haversineM([picked.lon, picked.lat], [tank.lon, tank.lat])).toBeLessThan(60)
    expect(await point.textContent()).toMatch(/°E, .*°N/)
    // inside the park: no hint on the row
    expect(await form.locator('[data-field="point"]').getAttribute('class')).not.toContain('invalid')
  })

  it('declares the leak at that point: zones drawn around it, no asset', async () => {
    await page.getByTestId('incident-chemical-id').selectOption('chlorine')
    await page.getByTestId('incident-kind').selectOption('leak')
    await page.getByTestId('incident-mode').selectOption('continuous')
    await page.getByTestId('incident-rate-gs').fill('800')
    await page.getByTestId('incident-duration-s').fill('600')
    await page.getByTestId('incident-wind-speed-ms').fill('3')
    await page.getByTestId('incident-wind-from-deg').fill('90')
    await page.getByTestId('incident-stability').selectOption('D')
    await page.getByTestId('incident-declare').click()
    await page.waitForFunction(() => (window.__cpt?.incident()?.zones ?? 0) >= 3, undefined, slow)
    incidentId = (await hook())!.id
    const inc = await api<Incident>(`incidents/${incidentId}`)
    expect(inc).toMatchObject({ asset_id: null, chemical_id: 'chlorine', kind: 'leak', status: 'active' })
    expect(inc.source.lon).toBeCloseTo(picked.lon, 6)
    expect(inc.source.lat).toBeCloseTo(picked.lat, 6)
    expect(inc.release).toMatchObject({ point: { lon: inc.source.lon, lat: inc.source.lat } })
    expect(
      await page
        .getByTestId('incident-message')
        .evaluate((el) => ((el as HTMLElement).hidden ? '' : el.textContent)),
    ).toBe('')
  })

  it('switches the incident overlay off and on from the layer bar; the incident stays', async () => {
    const toggle = page.getByTestId('layer-incident')
    await toggle.click()
    await page.waitForFunction(() => window.__cpt?.incident()?.zones === 0, undefined, slow)
    expect(await toggle.getAttribute('class')).not.toContain('on')
    expect((await hook())!.id).toBe(incidentId)
    await page.screenshot({ path: `${artifacts}incident-point-hidden.png`, timeout: 120_000 })
    await page.getByTestId('layer-incident').click()
    await page.waitForFunction(() => (window.__cpt?.incident()?.zones ?? 0) >= 3, undefined, slow)
    expect(await page.getByTestId('layer-incident').getAttribute('class')).toContain('on')
    // leave the park as found
    const closed = await page.request.post(`${server.url}api/v1/incidents/${incidentId}/close`, { data: {} })
    expect(closed.status()).toBe(200)
  })

  it('creates a plan with the plan form', async () => {
    await page.getByTestId('plan-new').click()
    const editor = page.getByTestId('plan-editor')
    await editor.waitFor()
    // a required title is said at its field, nothing is sent
    await editor.getByTestId('plan-form-submit').click()
    expect(await editor.getByTestId('plan-error-title').textContent()).not.toBe('')
    await editor.getByTestId('plan-form-kind').selectOption('special')
    await editor.getByTestId('plan-form-title').fill('园区氯气泄漏专项应急预案（E2E）')
    await editor.getByTestId('plan-form-assets').selectOption([tankId])
    await editor.getByTestId('plan-form-body').fill('# 总则\n- 发现泄漏立即报告\n## 处置\n关闭紧急切断阀')
    await editor.getByTestId('plan-form-submit').click()
    const meta = await viewerStatus('draft')
    planId = (await meta.getAttribute('data-plan'))!
    const viewer = page.getByTestId('plan-viewer')
    expect(await viewer.getByTestId('plan-title').textContent()).toBe('园区氯气泄漏专项应急预案（E2E）')
    expect(await viewer.getByTestId('plan-assets').locator(`[data-asset="${tankId}"]`).count()).toBe(1)
    const stored = await api<PlanDetail>(`emergency/plans/${planId}`)
    expect(stored).toMatchObject({ status: 'draft', kind: 'special', level: 'park', enterprise_id: null })
    expect(stored.assets.map((a) => a.id)).toEqual([tankId])
  })

  it('records the expert review, refuses a filing before it at the field, then files', async () => {
    const viewer = page.getByTestId('plan-viewer')
    await viewer.getByTestId('plan-action-review').click()
    const editor = page.getByTestId('plan-editor')
    await editor.getByTestId('plan-form-experts').fill('张明，高级工程师，省安全生产科学研究院\n李华，教授')
    await editor.getByTestId('plan-form-opinions').fill('预案内容完整，同意通过评审。')
    await editor.getByTestId('plan-form-submit').click()
    await viewerStatus('reviewed')
    expect(await viewer.getByTestId('plan-review').getAttribute('data-conclusion')).toBe('passed')

    await page.getByTestId('plan-viewer').getByTestId('plan-action-file').click()
    const filing = page.getByTestId('plan-editor')
    const yesterday = parkDay(Date.now() - 86_400_000)
    await filing.getByTestId('plan-form-filed-at').fill(yesterday)
    await filing.getByTestId('plan-form-authority').fill('市应急管理局')
    await filing.getByTestId('plan-form-document-ref').fill('应急备〔2026〕E2E号')
    await filing.getByTestId('plan-form-submit').click()
    const error = filing.getByTestId('plan-error-filed_at')
    await expect
      .poll(() => error.textContent(), { timeout: 30_000 })
      .toMatch(/filed before its expert review/)
    expect((await api<PlanDetail>(`emergency/plans/${planId}`)).status).toBe('reviewed')

    await filing.getByTestId('plan-form-filed-at').fill(parkDay(Date.now()))
    await filing.getByTestId('plan-form-submit').click()
    await viewerStatus('filed')
    const stored = await api<PlanDetail>(`emergency/plans/${planId}`)
    expect(stored).toMatchObject({
      status: 'filed',
      filed_at: parkDay(Date.now()),
      filing_authority: '市应急管理局',
      document_ref: '应急备〔2026〕E2E号',
    })
    expect(stored.expert_review?.experts.map((e) => e.name)).toEqual(['张明', '李华'])
  })

  it('records a drill held and starts a revision', async () => {
    await page.getByTestId('plan-viewer').getByTestId('plan-action-drill').click()
    const drill = page.getByTestId('plan-editor')
    await drill.getByTestId('plan-form-drill-type').selectOption('functional')
    await drill.getByTestId('plan-form-participants').fill('42')
    await drill.getByTestId('plan-form-submit').click()
    await page.getByTestId('plan-viewer').getByTestId('plan-drills').locator('[data-drill]').first().waitFor()
    const stored = await api<PlanDetail>(`emergency/plans/${planId}`)
    expect(stored.drills).toHaveLength(1)
    expect(stored.drills[0]).toMatchObject({ drill_type: 'functional', participants: 42 })
    expect(stored.last_drill_at).toBe(parkDay(Date.now()))

    await page.getByTestId('plan-viewer').getByTestId('plan-action-revise').click()
    const revise = page.getByTestId('plan-editor')
    expect(await revise.getByTestId('plan-form-title').inputValue()).toBe('园区氯气泄漏专项应急预案（E2E）')
    await revise.getByTestId('plan-form-body').fill('# 总则（修订）')
    await revise.getByTestId('plan-form-submit').click()
    const meta = await viewerStatus('draft')
    expect(await meta.getAttribute('data-version')).toBe('2')
    const v2 = await api<PlanDetail>(`emergency/plans/${(await meta.getAttribute('data-plan'))!}`)
    expect(v2).toMatchObject({
      series_id: stored.series_id,
      version: 2,
      status: 'draft',
      body: '# 总则（修订）',
    })
    expect(v2.assets.map((a) => a.id)).toEqual([tankId])
    // the panel lists the series once more (the filed version stays in force until v2 is filed)
    await page.getByTestId('plan-viewer-close').click()
    await page
      .getByTestId('emergency-plans')
      .locator('li', { hasText: '园区氯气泄漏专项应急预案（E2E）' })
      .first()
      .waitFor({ timeout: 30_000 })
  })
})
