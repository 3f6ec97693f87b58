// The 智慧管理 center in Chromium on a whole server (PostgreSQL + PostGIS, Redis, every role, the demo records
// seeded): its workbench shows the document store, the organisation chart, admission assessments, the annual
// evaluation and the 三同时 / enforcement ledger from the API's data, and the header's notification bell counts the
// signed-in user's unread reminders.
import { fileURLToPath } from 'node:url'
import { mkdirSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import type { RunningServer } from '../../server/main'
import { launchChromium } from '../helpers/browser'
import { ensureClientBuilt } from '../helpers/build-client'
import { startTestServer } from '../helpers/server-config'
import { uniqueRedisPrefix } from '../helpers/services'

export type { CptHooks } from '../../client/app/test-hooks'

const artifacts = fileURLToPath(new URL('./artifacts/', import.meta.url))
const password = 'E2e-pass-2026'

describe('智慧管理 center: documents, organisation, admission, evaluation, ledger', () => {
  let server: RunningServer
  let closeServer: () => Promise<void>
  let browser: Browser
  let page: Page

  const api = async <T>(path: string): Promise<T> => {
    const r = await page.request.get(`${server.url}api/v1/${path}`)
    expect(r.status()).toBe(200)
    return (await r.json()) as T
  }
  const tab = (id: string) =>
    page.getByTestId('management-workbench').locator(`button[data-tab="${id}"]`).dispatchEvent('click')

  beforeAll(async () => {
    ensureClientBuilt()
    mkdirSync(artifacts, { recursive: true })
    const started = await startTestServer('cpt_e2e_mgmt', {
      REDIS_PREFIX: uniqueRedisPrefix(),
      ADMIN_PASSWORD: password,
      SIM_TAGS: '10',
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

  it('signs in to 智慧管理 and shows the workbench tabs and the notification bell', async () => {
    await page.goto(`${server.url}#/management`)
    await page.getByTestId('login-username').fill('admin')
    await page.getByTestId('login-password').fill(password)
    await page.getByTestId('login-submit').click()
    await page.waitForFunction(() => window.__cpt?.state().loggedIn === true, undefined, {
      timeout: 120_000,
      polling: 500,
    })
    const bench = page.getByTestId('management-workbench')
    await bench.waitFor({ timeout: 60_000 })
    const tabs = await bench
      .locator('button[data-tab]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-tab')))
    expect(tabs).toEqual(
      expect.arrayContaining([
        'documents',
        'organisation',
        'admission',
        'evaluation',
        'projects',
        'enforcement',
      ]),
    )
    // the bell counts the admin's unread notifications (document reminders and escalations of the demo)
    const { unread } = await api<{ unread: number }>('notifications/unread-count')
    expect(unread).toBeGreaterThan(0)
    await expect
      .poll(() => page.getByTestId('notifications-unread').textContent(), {
        timeout: 90_000,
        interval: 1_000,
      })
      .toBe(String(unread))
  })

  it('lists the documents the API finds', async () => {
    await tab('documents')
    const docs = await api<{ title: string }[]>('documents')
    expect(docs.length).toBeGreaterThan(0)
    const list = page.getByTestId('doc-list')
    await expect.poll(() => list.textContent(), { timeout: 60_000 }).toContain(docs[0]!.title)
  })

  it('draws the organisation chart', async () => {
    await tab('organisation')
    await page.getByTestId('org-chart-svg').waitFor({ timeout: 60_000 })
    await expect.poll(() => page.getByTestId('org-node').count(), { timeout: 60_000 }).toBeGreaterThan(3)
  })

  it('shows the annual evaluation with the grade the server computes', async () => {
    await tab('evaluation')
    const evaluations = await api<{ year: number; grade: string; total_points: number }[]>('evaluations')
    const year = Number(await page.getByTestId('eval-year').inputValue())
    const shown = evaluations.find((e) => e.year === year)!
    expect(shown).toBeDefined()
    await expect
      .poll(() => page.getByTestId('eval-grade').textContent(), { timeout: 60_000 })
      .toContain(shown.grade)
    expect(await page.getByTestId('eval-total').textContent()).toContain(String(shown.total_points))
  })

  it('opens the admission and ledger tabs with their records', async () => {
    await tab('admission')
    const admissions = await api<{ name: string }[]>('admissions')
    await expect
      .poll(() => page.getByTestId('workbench-admission').textContent(), { timeout: 60_000 })
      .toContain(admissions[0]!.name)
    await tab('projects')
    const projects = await api<{ name: string }[]>('projects')
    await expect
      .poll(() => page.getByTestId('workbench-projects').textContent(), { timeout: 60_000 })
      .toContain(projects[0]!.name)
    await tab('enforcement')
    const notices = await api<{ notice_no: string }[]>('enforcement/notices')
    await expect
      .poll(() => page.getByTestId('workbench-enforcement').textContent(), { timeout: 60_000 })
      .toContain(notices[0]!.notice_no)
    await page.screenshot({ path: `${artifacts}management-center.png` })
  })
})
