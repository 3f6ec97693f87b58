// The optional e-mail and webhook channels, through the delivery outbox: a reminder queues one e-mail per
// recipient with an address and one webhook call; the outbox sends them over real sockets — a tiny SMTP server
// (node:net) and a webhook receiver (node:http) started here — and retries a failure with backoff.
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http'
import { createServer as createNetServer, type Server as NetServer } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newDocumentQuery } from '../../../../server/contracts/documents'
import { parkDay } from '../../../../server/contracts/emergency-plans'
import { DocumentsService } from '../../../../server/modules/documents/documents.service'
import type { NotificationChannels } from '../../../../server/modules/notifications/channels'
import { deliverNotifications } from '../../../../server/modules/notifications/outbox'
import { runDocumentReminders } from '../../../../server/modules/notifications/reminders.scheduler'
import { signBody } from '../../../../server/modules/notifications/webhook'
import { systemScope } from '../../../../server/platform/db/db'
import { textPdf } from '../../../../server/platform/files/pdf'
import { checkUpload, documentKinds } from '../../../../server/platform/files/sniff'
import { startModuleStack, type ModuleStack } from '../../../helpers/module-stack'

const day = 86_400_000
const t0 = Date.parse('2026-09-01T01:00:00Z')
const secret = 'test-webhook-secret-2026'

interface Mail {
  from: string
  to: string[]
  data: string
}

/** A minimal SMTP server: 220, EHLO, MAIL, RCPT, DATA (until CRLF.CRLF), QUIT; refuses RCPT to `refuse@…`. */
function smtpServer(mails: Mail[]): NetServer {
  return createNetServer((sock) => {
    let buf = ''
    let inData = false
    let cur: Mail = { from: '', to: [], data: '' }
    sock.write('220 test.local ESMTP\r\n')
    sock.on('data', (chunk) => {
      buf += chunk.toString('utf8')
      for (;;) {
        if (inData) {
          const end = buf.indexOf('\r\n.\r\n')
          if (end < 0) return
          cur.data = buf.slice(0, end)
          buf = buf.slice(end + 5)
          inData = false
          mails.push(cur)
          cur = { from: '', to: [], data: '' }
          sock.write('250 2.0.0 queued\r\n')
          continue
        }
        const nl = buf.indexOf('\r\n')
        if (nl < 0) return
        const line = buf.slice(0, nl)
        buf = buf.slice(nl + 2)
        const cmd = line.slice(0, 4).toUpperCase()
        if (cmd === 'EHLO') sock.write('250-test.local\r\n250 8BITMIME\r\n')
        else if (cmd === 'MAIL') {
          cur.from = /<(.*)>/.exec(line)![1]!
          sock.write('250 ok\r\n')
        } else if (cmd === 'RCPT') {
          const to = /<(.*)>/.exec(line)![1]!
          if (to.startsWith('refuse@')) sock.write('550 no such user\r\n')
          else {
            cur.to.push(to)
            sock.write('250 ok\r\n')
          }
        } else if (cmd === 'DATA') {
          inData = true
          sock.write('354 go ahead\r\n')
        } else if (cmd === 'QUIT') {
          sock.end('221 bye\r\n')
        } else sock.write('502 unknown\r\n')
      }
    })
    sock.on('error', () => undefined)
  })
}

const listen = <S extends NetServer | HttpServer>(s: S) =>
  new Promise<number>((r) => s.listen(0, '127.0.0.1', () => r((s.address() as { port: number }).port)))

describe('e-mail and webhook deliveries (PostgreSQL, local SMTP and HTTP servers)', () => {
  let s: ModuleStack
  const mails: Mail[] = []
  const hooks: { body: string; signature: string }[] = []
  let hookStatus = 500
  let smtp: NetServer
  let hook: HttpServer
  let channels: NotificationChannels
  const deliveries = () =>
    s.db.query<{
      channel: string
      target: string
      attempts: number
      delivered: boolean
      failed: boolean
      next_try_at: string
      last_error: string | null
    }>(
      systemScope,
      `SELECT channel, target, attempts, delivered_at IS NOT NULL AS delivered, failed_at IS NOT NULL AS failed,
              to_char(next_try_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS next_try_at, last_error
         FROM notification_deliveries ORDER BY channel, target`,
    )

  beforeAll(async () => {
    smtp = smtpServer(mails)
    hook = createHttpServer((req, res) => {
      let body = ''
      req.on('data', (c) => (body += c))
      req.on('end', () => {
        hooks.push({ body, signature: String(req.headers['x-signature']) })
        res.statusCode = hookStatus
        res.end()
      })
    })
    const [smtpPort, hookPort] = [await listen(smtp), await listen(hook)]
    channels = {
      smtp: { host: '127.0.0.1', port: smtpPort, from: 'twin@park.example.cn', timeoutMs: 5000 },
      webhook: { url: `http://127.0.0.1:${hookPort}/hook`, secret, timeoutMs: 5000 },
    }
    s = await startModuleStack('cpt_notify_channels', () => ({ routers: [], extra: {} }))
    await s.db.owner(async (q) => {
      await q.query(
        `INSERT INTO users (username, display_name, role, enterprise_id, password_hash) VALUES
           ('e02a', 'e02a', 'enterprise_user', 'E02', 'x'), ('e02b', 'e02b', 'enterprise_user', 'E02', 'x'),
           ('e02c', 'e02c', 'enterprise_user', 'E02', 'x')`,
      )
      await q.query(
        `INSERT INTO notification_settings (user_id, enterprise_id, email, email_enabled)
         SELECT id, 'E02', CASE username WHEN 'e02a' THEN 'safety@e02.example.cn' ELSE 'refuse@e02.example.cn' END,
                username <> 'e02c'
           FROM users WHERE username IN ('e02a', 'e02b', 'e02c')`,
      )
    })
  })
  afterAll(async () => {
    await s?.stop()
    await new Promise((r) => smtp?.close(r))
    await new Promise((r) => hook?.close(r))
  })

  it('queues an e-mail per recipient with an enabled address and one webhook call per reminder', async () => {
    const admin = (
      await s.db.query<{ id: string }>(systemScope, `SELECT id::text FROM users WHERE username = 'admin'`)
    )[0]!
    const who = {
      user: {
        id: admin.id,
        username: 'admin',
        display_name: 'admin',
        role: 'park_admin' as const,
        enterprise_id: null,
        sessionId: 't',
      },
      scope: systemScope,
    }
    const svc = new DocumentsService(s.db, {
      clock: () => t0,
      afterUpload: (id, now) => runDocumentReminders(s.db, now, { documentId: id, channels }),
    })
    const bytes = textPdf({ title: 'permit', lines: [] })
    await svc.create(
      who,
      newDocumentQuery.parse({
        title: '排污许可证',
        doc_type: 'licence',
        owner_type: 'enterprise',
        owner_id: 'E02',
        expires_on: parkDay(t0 + 5 * day),
      }),
      {
        bytes,
        filename: 'p.pdf',
        type: checkUpload(bytes, 'p.pdf', { allowed: documentKinds, maxBytes: 1e6 }),
      },
      null,
    )
    expect(await deliveries()).toEqual([
      expect.objectContaining({
        channel: 'email',
        target: 'refuse@e02.example.cn',
        attempts: 0,
        delivered: false,
      }),
      expect.objectContaining({
        channel: 'email',
        target: 'safety@e02.example.cn',
        attempts: 0,
        delivered: false,
      }),
      expect.objectContaining({ channel: 'webhook', target: 'webhook', attempts: 0, delivered: false }),
    ])
  })

  it('sends the e-mail over SMTP; a refused recipient and a failing webhook are retried after 1 minute', async () => {
    const now = new Date(t0)
    const r = await deliverNotifications(s.db, channels, now)
    expect(r).toEqual({ delivered: 1, failed: 2 })
    expect(mails).toHaveLength(1)
    const m = mails[0]!
    expect(m).toMatchObject({ from: 'twin@park.example.cn', to: ['safety@e02.example.cn'] })
    const subject = /^Subject: =\?UTF-8\?B\?(.+)\?=$/m.exec(m.data)![1]!
    expect(Buffer.from(subject, 'base64').toString('utf8')).toBe('许可证即将到期（7 天内）：排污许可证')
    const body = Buffer.from(m.data.split('\r\n\r\n')[1]!.replace(/\r\n/g, ''), 'base64').toString('utf8')
    expect(body).toContain(parkDay(t0 + 5 * day))
    expect(body).toContain('Licence expires within 7 days')
    const d = await deliveries()
    const retry = new Date(t0 + 60_000).toISOString().replace('.000', '')
    expect(d[0]).toMatchObject({
      target: 'refuse@e02.example.cn',
      attempts: 1,
      delivered: false,
      failed: false,
      next_try_at: retry,
    })
    expect(d[0]!.last_error).toContain('550')
    expect(d[2]).toMatchObject({ channel: 'webhook', attempts: 1, delivered: false, next_try_at: retry })
    expect(d[2]!.last_error).toContain('500')
    // not due yet 30 s later: nothing is sent
    expect(await deliverNotifications(s.db, channels, new Date(t0 + 30_000))).toEqual({
      delivered: 0,
      failed: 0,
    })
  })

  it('delivers the webhook on retry, signed with HMAC-SHA256 of the exact body', async () => {
    hookStatus = 204
    const r = await deliverNotifications(s.db, channels, new Date(t0 + 61_000))
    expect(r).toEqual({ delivered: 1, failed: 1 })
    expect(hooks).toHaveLength(2)
    const last = hooks[1]!
    expect(last.signature).toBe(signBody(secret, last.body))
    expect(JSON.parse(last.body)).toMatchObject({
      event: 'document.expiring',
      doc_type: 'licence',
      enterprise_id: 'E02',
      threshold_days: 7,
      expires_on: parkDay(t0 + 5 * day),
    })
    const d = await deliveries()
    expect(d[2]).toMatchObject({ delivered: true, attempts: 2, last_error: null })
    // the refused address: second failure, next try 5 minutes after this attempt; a delivered one is never resent
    expect(d[0]).toMatchObject({
      attempts: 2,
      next_try_at: new Date(t0 + 61_000 + 300_000).toISOString().replace('.000', ''),
    })
    expect(mails).toHaveLength(1)
  })

  it('gives up after the last retry', async () => {
    let t = t0 + 61_000
    for (const wait of [300_000, 1_800_000, 7_200_000, 43_200_000]) {
      t += wait + 1000
      await deliverNotifications(s.db, channels, new Date(t))
    }
    const refused = (await deliveries())[0]!
    expect(refused).toMatchObject({ attempts: 6, failed: true, delivered: false })
    expect(await deliverNotifications(s.db, channels, new Date(t + 10 * day))).toEqual({
      delivered: 0,
      failed: 0,
    })
  })
})
