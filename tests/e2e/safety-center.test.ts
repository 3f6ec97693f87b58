// 安全监管中心 in Chromium on a whole server (PostgreSQL + PostGIS, Redis, every role, SIM on so the demo park's
// major hazards, risk register, hidden dangers and permits are seeded): the park admin signs in, sees the four
// workbench tabs and drives each module as a user would — the GB 18218 calculator (SO2 200 t, 60 people → R 30,
// 三级; a negative quantity refused with the server's message), a unit's card (包保 persons, a periodic check, a tank
// inventory that regrades the unit, 备案), a new risk unit and risk point with its LEC (D and colour), a hidden
// danger taken through the steps its dialog offers (an illegal step is not offered, and the API refuses it with
// 409), the permit apply form's grade and its refusal of a hot-work window beyond the limit, a permit opened from
// the list — then the details panel of an enterprise parcel and of a permit selected through the app.
// Software WebGL draws about one frame a second: every wait is on DOM state or window.__cpt, never on frames.
import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Locator, Page } from 'playwright-core'
import type { MhUnit, MhUnitDetail } from '../../server/contracts/hazards'
import type { HiddenDanger, HiddenDangerDetail } from '../../server/contracts/hidden-dangers'
import type { WorkPermit } from '../../server/contracts/permits'
import type { RiskMap, RiskPointDetail, RiskUnit } from '../../server/contracts/risk'
import type { RunningServer } from '../../server/main'
import { launchChromium } from '../helpers/browser'
import { ensureClientBuilt } from '../helpers/build-client'
import { startTestServer } from '../helpers/server-config'
import { uniqueRedisPrefix } from '../helpers/services'

export type { CptHooks } from '../../client/app/test-hooks'

const artifacts = fileURLToPath(new URL('./artifacts/', import.meta.url))
const password = 'E2e-pass-2026'
/** a park day (UTC+8) `days` from now, YYYY-MM-DD */
const parkDay = (days = 0) =>
  new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10)
/** `YYYY-MM-DDTHH:mm` (a datetime-local value) plus some hours, as wall-clock arithmetic */
const plusHours = (local: string, hours: number) =>
  new Date(Date.parse(`${local}:00Z`) + hours * 3_600_000).toISOString().slice(0, 16)
/** num() of the client: up to 3 decimals, trailing zeros dropped */
const num = (x: number) => String(Number(x.toFixed(3)))

describe('安全监管中心: major hazards, dual prevention, special work and the details panel', () => {
  let server: RunningServer
  let closeServer: () => Promise<void>
  let browser: Browser
  let page: Page
  let permitId = ''

  const api = async <T>(path: string): Promise<T> => {
    const r = await page.request.get(`${server.url}api/v1/${path}`)
    expect(r.status(), path).toBe(200)
    return (await r.json()) as T
  }
  /**
   * A click as the element's own event (the twin keeps the page's main thread busy with software WebGL, so the
   * pointer's wait for a stable layout is unreliable; the listeners and a submit button's form see the same click).
   */
  const press = async (l: Locator) => {
    await l.waitFor({ state: 'attached', timeout: 30_000 })
    await l.dispatchEvent('click')
  }
  const tab = async (id: string) => {
    await press(page.locator(`[data-testid="safety-workbench"] button[data-tab="${id}"]`))
    await page.getByTestId(`workbench-${id}`).waitFor({ timeout: 30_000 })
  }
  const textOf = async (l: Locator) => (await l.textContent())?.trim() ?? ''

  beforeAll(async () => {
    ensureClientBuilt()
    mkdirSync(artifacts, { recursive: true })
    const started = await startTestServer('cpt_e2e_safety', {
      REDIS_PREFIX: uniqueRedisPrefix(),
      ADMIN_PASSWORD: password,
      SIM: 'on',
      SIM_TAGS: '20',
      LOG_LEVEL: 'warn',
    })
    server = started.server
    closeServer = started.close
    browser = await launchChromium()
    page = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
  })

  afterAll(async () => {
    await browser?.close()
    await closeServer?.()
  })

  it('signs in to 安全监管中心 and shows the four workbench tabs', async () => {
    await page.goto(`${server.url}#/safety`)
    await page.getByTestId('login-username').fill('admin')
    await page.getByTestId('login-password').fill(password)
    await press(page.getByTestId('login-submit'))
    await page.waitForFunction(() => window.__cpt?.state().loggedIn === true, undefined, {
      timeout: 120_000,
      polling: 500,
    })
    const strip = page.locator('[data-testid="safety-workbench"] button[data-tab]')
    await strip.first().waitFor({ timeout: 120_000 })
    expect(await strip.evaluateAll((bs) => bs.map((b) => b.getAttribute('data-tab')))).toEqual([
      'safety-basics',
      'major-hazards',
      'dual-prevention',
      'permits',
    ])
    expect(await strip.allTextContents()).toEqual(['安全基础管理', '重大危险源', '双重预防', '特殊作业'])
  })

  it('重大危险源: grades SO2 200 t with 60 people as R = 30 三级 and refuses a negative quantity', async () => {
    await tab('major-hazards')
    await page.locator('[data-testid="mh-units"] li').first().waitFor({ timeout: 60_000 })
    await press(page.getByTestId('mh-open-calculator'))
    const calc = page.getByTestId('mh-calculator')
    await calc.getByTestId('mh-calc-chemical-0').fill('二氧化硫')
    await calc.getByTestId('mh-calc-q-0').fill('200')
    await calc.getByTestId('mh-calc-exposed').fill('60')
    await press(calc.getByTestId('mh-calc-run'))
    await calc.getByTestId('mh-calc-R').waitFor({ timeout: 30_000 })
    expect(await textOf(calc.getByTestId('mh-calc-R'))).toMatch(/= 30$/)
    expect(await calc.getByTestId('mh-grade').getAttribute('data-grade')).toBe('三级')
    expect(await textOf(calc.getByTestId('mh-grade'))).toBe('三级')

    await calc.getByTestId('mh-calc-q-0').fill('-200')
    await press(calc.getByTestId('mh-calc-run'))
    // the server's message, under the row it names
    const err = calc.locator('[data-row="0"] [data-testid="mh-calc-error"]')
    await err.waitFor({ timeout: 30_000 })
    expect(await textOf(err)).toBe('items.0.q_t: a quantity cannot be negative')
    await press(page.getByTestId('mh-calculator-close'))
  })

  it("重大危险源: a unit's card sets the 包保 persons, records a check, regrades on a tank inventory and registers", async () => {
    const units = await api<MhUnit[]>('hazards/units')
    const unit = units.find(
      (u) =>
        u.asset_kind === 'tank_farm' &&
        u.assessment.major &&
        u.assessment.items.some((i) => i.Q_t !== null && i.q_t > 1 && /^T/.test(i.source)),
    )
    expect(unit, 'a graded tank-farm unit with a regulated tank in the demo park').toBeTruthy()
    const tank = unit!.assessment.items.find((i) => i.Q_t !== null && i.q_t > 1 && /^T/.test(i.source))!
    await press(page.locator(`[data-testid="mh-units"] li[data-key="${unit!.id}"]`))
    const card = page.getByTestId('mh-card')
    await card.getByTestId('mh-maintain').waitFor({ timeout: 30_000 })
    expect(await card.getByTestId('mh-S').textContent()).toBe(num(unit!.assessment.S))

    // the three 包保 persons (the operational one replaced) with their intervals
    await press(card.getByTestId('mh-act-responsibles'))
    await card.getByTestId('mh-resp-principal-person_name').fill('王建国')
    await card.getByTestId('mh-resp-technical-person_name').fill('李工')
    await card.getByTestId('mh-resp-operational-person_name').fill('赵班长')
    await card.getByTestId('mh-resp-operational-interval_days').fill('0')
    await press(card.getByTestId('mh-resp-save'))
    // refused by the server, shown next to that interval
    const intervalErr = card.getByTestId('mh-resp-error-operational.interval_days')
    await expect.poll(() => textOf(intervalErr), { timeout: 30_000 }).toContain('at least every day')
    await card.getByTestId('mh-resp-operational-interval_days').fill('7')
    await press(card.getByTestId('mh-resp-save'))
    await expect
      .poll(() => textOf(card.getByTestId('mh-responsibles-table')), { timeout: 30_000 })
      .toContain('赵班长')
    expect(await textOf(card.getByTestId('mh-card-note'))).toContain('王建国 / 李工 / 赵班长')

    // a periodic check: a day in the future is refused next to the date, today's is recorded
    await press(card.getByTestId('mh-act-check'))
    await card.getByTestId('mh-check-role').selectOption('operational')
    await card.getByTestId('mh-check-checked_on').fill(parkDay(2))
    await card
      .getByTestId('mh-check-findings')
      .fill('罐区巡检：液位、压力、可燃气体报警器正常，围堰排水阀关闭')
    await press(card.getByTestId('mh-check-save'))
    await expect
      .poll(() => textOf(card.getByTestId('mh-check-error-checked_on')), { timeout: 30_000 })
      .toContain('is in the future')
    await card.getByTestId('mh-check-checked_on').fill(parkDay())
    await press(card.getByTestId('mh-check-save'))
    await expect
      .poll(() => textOf(card.getByTestId('mh-checks')), { timeout: 30_000 })
      .toContain('罐区巡检：液位、压力')
    expect(await textOf(card.locator('[data-role="operational"]'))).toContain(parkDay())

    // a tank's inventory: a negative one is refused with the server's message; half of it regrades the unit
    await press(card.getByTestId('mh-act-inventory'))
    await card.getByTestId('mh-inv-tank').selectOption(tank.source)
    await card.getByTestId('mh-inv-q').fill('-5')
    await press(card.getByTestId('mh-inv-save'))
    await expect
      .poll(() => textOf(card.getByTestId('mh-inv-error-inventory_t')), { timeout: 30_000 })
      .toBe('inventory_t: a quantity cannot be negative')
    const half = Math.round(tank.q_t / 2)
    await card.getByTestId('mh-inv-q').fill(String(half))
    await press(card.getByTestId('mh-inv-save'))
    await expect
      .poll(() => textOf(card.getByTestId('mh-card-note')), { timeout: 30_000 })
      .toContain('重新分级')
    const after = await api<MhUnitDetail>(`hazards/units/${unit!.id}`)
    expect(after.assessment.items.find((i) => i.source === tank.source)!.q_t).toBe(half)
    expect(after.assessment.S).toBeLessThan(unit!.assessment.S)
    expect(after.assessment.R).toBeLessThan(unit!.assessment.R)
    expect(await card.getByTestId('mh-S').textContent()).toBe(num(after.assessment.S))
    expect(await card.getByTestId('mh-R').textContent()).toBe(num(after.assessment.R))
    expect(await textOf(card.getByTestId('mh-card-note'))).toContain(
      `S ${num(unit!.assessment.S)} → ${num(after.assessment.S)} · R ${num(unit!.assessment.R)} → ${num(after.assessment.R)}`,
    )

    // 备案 of the grade computed now
    await press(card.getByTestId('mh-act-register'))
    await card.getByTestId('mh-reg-record_no').fill('苏危化备E2E-001')
    await press(card.getByTestId('mh-reg-save'))
    await expect
      .poll(() => textOf(card.getByTestId('mh-summary')), { timeout: 30_000 })
      .toContain('苏危化备E2E-001')
    const registered = await api<MhUnitDetail>(`hazards/units/${unit!.id}`)
    expect(registered.registered_grade).toBe(registered.assessment.grade)
    expect(registered.grade_changed).toBe(false)
    await press(page.getByTestId('mh-card-close'))
  })

  it('双重预防: creates a risk unit and a risk point at its tank farm, then assesses its LEC', async () => {
    await tab('dual-prevention')
    await page.locator('[data-testid="risk-points"] li').first().waitFor({ timeout: 60_000 })

    // a risk unit: a missing name is refused next to the name
    await press(page.getByTestId('risk-unit-new'))
    const uf = page.getByTestId('risk-unit-dialog')
    await uf.getByTestId('risk-unit-form-enterprise_id').selectOption('E01')
    const farm = (await uf
      .getByTestId('risk-unit-form-asset_ids')
      .locator('option')
      .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).find((v) => v.startsWith('F-'))))!
    expect(farm).toBeTruthy()
    await uf.getByTestId('risk-unit-form-asset_ids').selectOption([farm])
    await uf.getByTestId('risk-unit-form-unit_type').selectOption('loading')
    await press(uf.getByTestId('risk-unit-form-save'))
    await expect
      .poll(() => textOf(uf.getByTestId('risk-unit-form-error-name')), { timeout: 30_000 })
      .toContain('is required')
    await uf.getByTestId('risk-unit-form-name').fill('液氯装卸单元（E2E）')
    await uf.getByTestId('risk-unit-form-responsible').fill('周主任')
    await press(uf.getByTestId('risk-unit-form-save'))
    await expect.poll(() => textOf(page.getByTestId('dual-status')), { timeout: 30_000 }).toContain('已创建')
    const created = (await api<RiskUnit[]>('risk/units?enterprise=E01')).find(
      (u) => u.name === '液氯装卸单元（E2E）',
    )!
    expect(created.asset_ids).toEqual([farm])
    expect(created.unit_type).toBe('loading')

    // a risk point: a place off the park is refused next to the longitude; the tank farm's position is taken
    await press(page.getByTestId('risk-point-new'))
    const pf = page.getByTestId('risk-point-dialog')
    await pf.getByTestId('risk-point-form-enterprise').selectOption('E01')
    await pf.locator(`[data-testid="risk-point-form-unit_id"] option[value="${created.id}"]`).waitFor({
      state: 'attached',
      timeout: 30_000,
    })
    await pf.getByTestId('risk-point-form-unit_id').selectOption(created.id)
    await pf.getByTestId('risk-point-form-name').fill('液氯槽车装卸鹤位')
    await pf.getByTestId('risk-point-form-hazard').fill('装卸软管破裂导致液氯泄漏')
    await pf.getByTestId('risk-point-form-accident').fill('中毒和窒息')
    await pf.getByTestId('risk-point-form-measures').fill('紧急切断阀；有毒气体检测报警；装卸全程监护')
    await pf.getByTestId('risk-point-form-lon').fill('0')
    await pf.getByTestId('risk-point-form-lat').fill('0')
    await press(pf.getByTestId('risk-point-form-save'))
    await expect
      .poll(() => textOf(pf.getByTestId('risk-point-form-error-lon')), { timeout: 30_000 })
      .toBe('lon: the point is not on the park')
    await pf.getByTestId('risk-point-form-asset_id').selectOption(farm)
    expect(Number(await pf.getByTestId('risk-point-form-lon').inputValue())).toBeGreaterThan(100)
    await press(pf.getByTestId('risk-point-form-save'))

    // the new point's LEC dialog opens: L 6 × E 6 × C 15 = 540 → red
    const lec = page.getByTestId('lec-dialog')
    await lec.getByTestId('lec-l').waitFor({ timeout: 30_000 })
    await lec.getByTestId('lec-l').selectOption('6')
    await lec.getByTestId('lec-e').selectOption('6')
    await lec.getByTestId('lec-c').selectOption('15')
    expect(await textOf(lec.getByTestId('lec-d'))).toBe('D = 540')
    expect(await textOf(lec.getByTestId('lec-colour'))).toContain('重大风险')
    await press(lec.getByTestId('lec-save'))
    await expect
      .poll(() => textOf(lec.getByTestId('lec-history')), { timeout: 30_000 })
      .toContain('L 6 × E 6 × C 15 = 540')
    const points = await api<RiskPointDetail[]>(`risk/points?unit=${created.id}`)
    expect(points).toHaveLength(1)
    expect(points[0]).toMatchObject({ asset_id: farm, current: { d: 540, colour: 'red' } })
    await press(page.getByTestId('lec-dialog-close'))
  })

  it('双重预防: takes a major hidden danger through the steps its dialog offers; an illegal one is refused', async () => {
    await press(page.locator('[data-testid="workbench-dual-prevention"] button[data-view="hidden"]'))
    await press(page.getByTestId('hd-report-open'))
    const rep = page.getByTestId('hd-report')
    await rep.getByTestId('hd-report-enterprise').selectOption('E01')
    await rep.getByTestId('hd-report-title').fill('液氯罐区围堰破损（E2E）')
    await rep.getByTestId('hd-report-description').fill('围堰东侧混凝土开裂，泄漏时无法有效收容')
    await rep.getByTestId('hd-report-grade').selectOption('major')
    await rep.getByTestId('hd-report-category').selectOption('equipment')
    await press(rep.getByTestId('hd-report-submit'))

    const dlg = page.getByTestId('hd-dialog')
    const actions = dlg.locator('[data-testid="hd-actions"] button[data-action]')
    const offered = () => actions.evaluateAll((bs) => bs.map((b) => b.getAttribute('data-action')).sort())
    await actions.first().waitFor({ timeout: 30_000 })
    // found, 重大, park staff: order, list for supervision, governance plan — never start or verify
    expect(await offered()).toEqual(['order', 'plan', 'supervise'])
    const id = (await api<HiddenDanger[]>('hidden-dangers?enterprise=E01')).find(
      (x) => x.title === '液氯罐区围堰破损（E2E）',
    )!.id
    expect(await textOf(dlg.locator('.panel-title span').first())).toContain(id)

    // step 1: 挂牌督办
    await press(dlg.locator('[data-testid="hd-actions"] button[data-action="supervise"]'))
    await dlg.getByTestId('hd-step-supervise-listing_ref').fill('园安督〔2026〕E2E号')
    await press(dlg.getByTestId('hd-step-submit'))
    await dlg.locator('[data-testid="hd-timeline"] li[data-action="supervise"]').waitFor({ timeout: 30_000 })
    expect(await offered()).toEqual(['order', 'plan'])

    // step 2: 下达整改 with owner and deadline
    await press(dlg.locator('[data-testid="hd-actions"] button[data-action="order"]'))
    await dlg.getByTestId('hd-step-order-owner').fill('E01 设备部 王工')
    await dlg.getByTestId('hd-step-order-deadline').fill(parkDay(30))
    await dlg.getByTestId('hd-step-order-requirement').fill('修复围堰并做渗漏试验')
    await press(dlg.getByTestId('hd-step-submit'))
    await dlg.locator('[data-testid="hd-timeline"] li[data-action="order"]').waitFor({ timeout: 30_000 })
    expect(await textOf(dlg.getByTestId('hd-meta'))).toContain('已下达整改')
    // ordered: the enterprise starts, park staff may only add the plan; verify is not offered
    expect(await offered()).toEqual(['plan'])

    const hd = await api<HiddenDangerDetail>(`hidden-dangers/${id}`)
    expect(hd).toMatchObject({ state: 'ordered', grade: 'major', owner: 'E01 设备部 王工' })
    expect(hd.listed_at).toBeTruthy()
    const refused = await page.request.post(`${server.url}api/v1/hidden-dangers/${id}/transitions`, {
      data: { action: 'verify' },
    })
    expect(refused.status()).toBe(409)
    expect((await api<HiddenDangerDetail>(`hidden-dangers/${id}`)).state).toBe('ordered')
    await press(page.getByTestId('hd-dialog-close'))
  })

  it('特殊作业: the apply form grades hot work and refuses a window beyond the limit; a permit opens from the list', async () => {
    await tab('permits')
    await page.locator('[data-testid="permits-active"] li').first().waitFor({ timeout: 60_000 })
    await press(page.getByTestId('permits-apply'))
    const form = page.getByTestId('permit-apply')
    await form.getByTestId('apply-enterprise').selectOption('E01')
    await form.getByTestId('apply-type').selectOption('hot_work')
    await press(form.getByTestId('apply-fact-fire_explosion_area'))
    const grade = form.getByTestId('apply-grade')
    await expect
      .poll(() => grade.getAttribute('data-grade'), { timeout: 30_000 })
      .toMatch(/^(special|first)$/)
    expect(await grade.getAttribute('data-allowed')).toBe('true')
    expect(await textOf(grade)).toMatch(/一级|特级/)

    // a 10-hour window: over the 8 h of 特级 / 一级 hot work
    const from = await form.getByTestId('apply-from').inputValue()
    await form.getByTestId('apply-to').fill(plusHours(from, 10))
    await form.getByTestId('apply-to').dispatchEvent('change')
    await expect.poll(() => grade.getAttribute('data-allowed'), { timeout: 30_000 }).toBe('false')
    const refusal = await textOf(form.getByTestId('apply-window-error'))
    expect(refusal).toMatch(/valid at most 8 h; the window is 10 h/)
    expect(await form.getByTestId('apply-submit').isDisabled()).toBe(true)
    await press(page.getByTestId('permit-apply-close'))

    // a permit of the list: its dialog, and the twin's selection of its icon
    const first = page.locator('[data-testid="permits-active"] li').first()
    permitId = (await first.getAttribute('data-key'))!
    await press(first)
    const detail = page.getByTestId('permit-detail')
    await detail.waitFor({ timeout: 30_000 })
    expect(await detail.getAttribute('data-permit')).toBe(permitId)
    const listed = (await api<WorkPermit[]>('permits?active=true')).find((p) => p.id === permitId)!
    expect(await textOf(detail)).toContain(listed.number)
    await press(page.getByTestId('permit-dialog-close'))
  })

  it('details panel: a permit icon and an enterprise parcel selected through the app show their sections', async () => {
    // the list click selected the permit's twin icon (overlay work_permit/<id>)
    await page.waitForFunction((id) => window.__cpt?.state().selected === `work_permit/${id}`, permitId, {
      timeout: 30_000,
      polling: 500,
    })
    const panel = page.getByTestId('asset-panel')
    const permit = panel.getByTestId('work-permit-section')
    await permit.getByTestId('work-permit-open').waitFor({ timeout: 30_000 })
    expect(await permit.getByTestId('work-permit-open').getAttribute('data-permit')).toBe(permitId)

    // an enterprise parcel, selected as a click on it would (the 安全基础管理 enterprise list focuses it)
    await tab('safety-basics')
    const e01 = page.locator('[data-testid="sb-enterprises"] li[data-key="E01"]')
    await e01.waitFor({ timeout: 60_000 })
    await press(e01)
    await page.waitForFunction(() => window.__cpt?.state().selected === 'E01', undefined, {
      timeout: 30_000,
      polling: 500,
    })
    const risk = panel.getByTestId('parcel-risk-section')
    await risk.getByTestId('parcel-risk-colour').waitFor({ timeout: 30_000 })
    // the parcel's colour is its highest current risk point's, the red one assessed above (D 540) included
    const map = await api<RiskMap>('risk/map?enterprise=E01')
    expect(map.enterprises[0]).toMatchObject({ enterprise_id: 'E01', colour: 'red' })
    expect(map.enterprises[0]!.max_d).toBeGreaterThanOrEqual(540)
    expect(await textOf(risk.getByTestId('parcel-risk-colour'))).toContain('重大风险')
    expect(await textOf(risk.getByTestId('parcel-open-hidden'))).toMatch(/^\d+/)
    // 企业档案 (安全基础管理), when its routes are served
    const record = panel.getByTestId('enterprise-record')
    await record.waitFor({ timeout: 30_000 })
    const profile = await page.request.get(`${server.url}api/v1/enterprises/E01/profile`)
    if (profile.status() === 200)
      await record.getByTestId('enterprise-record-open').waitFor({ timeout: 30_000 })
    await page.screenshot({ path: `${artifacts}safety-center.png` })
  })
})
