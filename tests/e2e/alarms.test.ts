// An exceedance injected over real TCP (HJ 212) reaches the browser's alarm console, and is
// acknowledged from it: PostgreSQL + Redis server with simulators off, Debian Chromium.
import { mkdirSync } from 'node:fs'
import { connect, type Socket } from 'node:net'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import type { AlarmDetail } from '../../server/contracts'
import { systemScope } from '../../server/platform/db/db'
import type { RunningServer } from '../../server/main'
import {
  decodePacket,
  encodeDataUpload,
  Hj212Framer,
  QN_RTN,
  type Hj212Packet,
} from '../../sensors/protocols/hj212'
import { launchChromium } from '../helpers/browser'
import { ensureClientBuilt } from '../helpers/build-client'
import { startTestServer } from '../helpers/server-config'
import { uniqueRedisPrefix } from '../helpers/services'

// window.__cpt is declared by the client's test hooks
export type { CptHooks } from '../../client/app/test-hooks'

const artifacts = fileURLToPath(new URL('./artifacts/', import.meta.url))
const password = 'E2e-pass-2026'

/** A raw TCP 数采仪: writes frames as given, decodes the platform's answers. */
class Device {
  private readonly framer = new Hj212Framer()
  private readonly answers: Hj212Packet[] = []
  private wake: (() => void) | null = null
  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk) => {
      for (const e of this.framer.push(chunk)) {
        const d = e.kind === 'frame' ? decodePacket(e.bytes) : null
        if (d?.ok) this.answers.push(d.packet)
      }
      this.wake?.()
    })
    socket.on('error', () => undefined)
  }
  static open(port: number): Promise<Device> {
    return new Promise((resolve, reject) => {
      const s = connect(port, '127.0.0.1', () => resolve(new Device(s)))
      s.once('error', reject)
    })
  }
  /** Sends one frame and resolves with the next answer. */
  async exchange(frame: string, timeoutMs = 15_000): Promise<Hj212Packet> {
    const n = this.answers.length
    this.socket.write(frame)
    const deadline = Date.now() + timeoutMs
    while (this.answers.length <= n) {
      if (Date.now() > deadline) throw new Error(`no answer within ${timeoutMs} ms`)
      await new Promise<void>((r) => {
        this.wake = r
        setTimeout(r, 200)
      })
    }
    return this.answers[n]!
  }
  close(): void {
    this.socket.destroy()
  }
}

interface Channel {
  mn: string
  pw: string
  sensor: string
  high: number
}

describe('alarm console in Chromium', () => {
  let server: RunningServer
  let closeServer: () => Promise<void>
  let browser: Browser
  let page: Page
  let device: Device
  let channel: Channel
  let alarmId: string
  const api = (path: string) => `${server.url}api/v1${path}`

  beforeAll(async () => {
    ensureClientBuilt()
    mkdirSync(artifacts, { recursive: true })
    const started = await startTestServer('cpt_e2e_alarms', {
      REDIS_PREFIX: uniqueRedisPrefix(),
      ADMIN_PASSWORD: password,
      SIM: 'off',
      SIM_TAGS: '0',
      LOG_LEVEL: 'warn',
    })
    server = started.server
    closeServer = started.close
    // a seeded wastewater collector: PW as migration 0005 derives it, COD channel with its limit
    const [row] = await server.db.query<Channel>(
      systemScope,
      `SELECT c.mn, c.pw, s.id AS sensor, (s.thresholds->>'high')::float8 AS high
         FROM hj212_collectors c JOIN sensors s ON s.id = c.mn || '.w01018'
        WHERE c.measure = 'wastewater' AND c.active
        ORDER BY c.mn LIMIT 1`,
    )
    expect(row).toMatchObject({ pw: expect.stringMatching(/^[0-9a-f]{6}$/), high: 50 })
    channel = row!
    device = await Device.open(server.ports.hj212!)
    browser = await launchChromium()
    page = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
  })

  afterAll(async () => {
    device?.close()
    await browser?.close()
    await closeServer?.()
  })

  it('signs in as admin and shows an empty, subscribed alarm console in 安全监管中心', async () => {
    await page.goto(`${server.url}#/safety`)
    await page.getByTestId('login-username').fill('admin')
    await page.getByTestId('login-password').fill(password)
    await page.getByTestId('login-submit').click()
    await page.waitForFunction(
      () => window.__cpt?.state().loggedIn === true && window.__cpt.alarmFeed().snapshotLoaded,
      undefined,
      { timeout: 120_000, polling: 500 },
    )
    expect(await page.evaluate(() => window.__cpt!.state().center)).toBe('safety')
    expect(await page.evaluate(() => window.__cpt!.alarmFeed())).toMatchObject({
      subscribed: true,
      error: null,
    })
    await page.getByTestId('alarm-console').waitFor({ timeout: 60_000 })
    await page.getByTestId('alarm-ticker').waitFor()
    expect(await page.evaluate(() => window.__cpt!.alarms())).toEqual([])
  })

  it('refuses a packet with a wrong CRC and counts it in /ingest/rejections', async () => {
    const frame = encodeDataUpload({
      cn: 2011,
      st: 32,
      mn: channel.mn,
      pw: channel.pw,
      ackWanted: true,
      dataTime: new Date(Date.now() - 60_000),
      values: [{ code: 'w01018', field: 'Rtd', value: 99, flag: 'N' }],
    })
    const corrupt = frame.replace(/[0-9A-F]{4}\r\n$/, (crc) => (crc === '0000\r\n' ? '1111\r\n' : '0000\r\n'))
    const answer = await device.exchange(corrupt)
    expect(answer).toMatchObject({ cn: 9011, cp: { other: { QnRtn: String(QN_RTN.badCrc) } } })
    await expect
      .poll(
        async () => {
          const res = await page.request.get(api('/ingest/rejections?protocol=hj212&limit=20'))
          const body = (await res.json()) as { rows: { reason: string; mn: string | null }[] }
          return body.rows.filter((r) => r.reason === 'bad_crc' && r.mn === channel.mn).length
        },
        { timeout: 30_000, interval: 500 },
      )
      .toBe(1)
    // nothing was stored from it, so nothing alarms
    expect(await page.evaluate(() => window.__cpt!.alarms())).toEqual([])
  })

  it('shows exactly one alarm for a COD reading above its limit, in the hook and as a row', async () => {
    const value = 88.8
    const frame = encodeDataUpload({
      cn: 2011,
      st: 32,
      mn: channel.mn,
      pw: channel.pw,
      ackWanted: true,
      dataTime: new Date(Math.floor(Date.now() / 1000) * 1000),
      values: [{ code: 'w01018', field: 'Rtd', value, flag: 'N' }],
    })
    expect(await device.exchange(frame)).toMatchObject({ cn: 9014 })

    const sensor = channel.sensor
    await page.waitForFunction((id) => window.__cpt!.alarms().some((a) => a.source_id === id), sensor, {
      timeout: 60_000,
      polling: 250,
    })
    const mine = (await page.evaluate(() => window.__cpt!.alarms())).filter((a) => a.source_id === sensor)
    expect(mine).toHaveLength(1)
    expect(mine[0]).toMatchObject({ rule: 'h', priority: 'high', state: 'unack', value, limit: 50 })
    alarmId = mine[0]!.id

    const rows = page.getByTestId('alarm-console').locator(`[data-alarm-id="${alarmId}"]`)
    await rows.first().waitFor({ timeout: 30_000 })
    expect(await rows.count()).toBe(1)
    expect(await page.getByTestId('alarm-console').getByTestId('alarm-row').count()).toBe(1)
    const text = (await rows.textContent()) ?? ''
    expect(text).toContain('88.8 mg/L ≥ 50 mg/L')
    expect(text).toContain('高报')
    expect(await rows.getByTestId('alarm-state').getAttribute('data-state')).toBe('unack')
    // the ticker counts it and scrolls it
    expect(await page.getByTestId('alarm-badge-high').textContent()).toContain('1')
    await page
      .getByTestId('alarm-ticker')
      .locator(`[data-alarm-id="${alarmId}"]`)
      .waitFor({ state: 'attached' })
    // the receipt was sent: a few seconds later the server has not re-sent it (or a re-send was dropped)
    await page.waitForTimeout(3_000)
    expect(
      (await page.evaluate(() => window.__cpt!.alarms())).filter((a) => a.source_id === sensor),
    ).toHaveLength(1)
  })

  it('acknowledges it from the console: the row and GET /alarms/:id show it acknowledged', async () => {
    const row = page.getByTestId('alarm-console').locator(`[data-alarm-id="${alarmId}"]`)
    await row.getByTestId('alarm-ack').click()
    await row.getByTestId('alarm-ack-comment').fill('e2e 已现场核实')
    await row.getByTestId('alarm-ack-submit').click()
    await expect
      .poll(() => row.getByTestId('alarm-state').getAttribute('data-state'), { timeout: 30_000 })
      .toBe('ack')
    expect(await row.getByTestId('alarm-ack').count()).toBe(0)
    const hook = (await page.evaluate(() => window.__cpt!.alarms())).filter((a) => a.id === alarmId)
    expect(hook).toMatchObject([{ state: 'ack', version: 2 }])

    const res = await page.request.get(api(`/alarms/${alarmId}`))
    expect(res.status()).toBe(200)
    const detail = (await res.json()) as AlarmDetail
    expect(detail).toMatchObject({ state: 'ack', acked_by: expect.any(String) })
    expect(detail.events.find((e) => e.event === 'acknowledge')).toMatchObject({
      username: 'admin',
      reason: 'e2e 已现场核实',
    })
    // the pushed alarm.updated of that version arrives too, and is dropped as a repeat
    await expect
      .poll(() => page.evaluate(() => window.__cpt!.alarmFeed().repeats), { timeout: 15_000 })
      .toBeGreaterThan(0)
    // the ticker redraws 50 ms after the store changes (coalesced): wait for it rather than read at once
    await expect
      .poll(() => page.getByTestId('alarm-badge-high').textContent(), { timeout: 15_000 })
      .toContain('0')
    await page.screenshot({ path: `${artifacts}alarms.png` })
  })
})
