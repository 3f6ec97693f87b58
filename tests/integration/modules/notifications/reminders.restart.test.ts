// The expiry scheduler is idempotent and restart-safe: a licence expiring 20 days out gets exactly one reminder
// per threshold (30 now, 7 seven days before, 0 on the expiry day with escalation to every park admin), whether
// the scheduler runs twice, concurrently, or on a NEW server started on the same database after the first one
// stopped. Real PostgreSQL/PostGIS, real servers (startServer … stop()).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type RunningServer } from '../../../../server/main'
import { parkDay } from '../../../../server/contracts/emergency-plans'
import { DocumentsService } from '../../../../server/modules/documents/documents.service'
import { newDocumentQuery } from '../../../../server/contracts/documents'
import { runDocumentReminders } from '../../../../server/modules/notifications/reminders.scheduler'
import { noChannels } from '../../../../server/modules/notifications/channels'
import { systemScope, type Db } from '../../../../server/platform/db/db'
import { textPdf } from '../../../../server/platform/files/pdf'
import { checkUpload, documentKinds } from '../../../../server/platform/files/sniff'
import { createLogger } from '../../../../server/platform/logger'
import { testConfig } from '../../../helpers/server-config'
import { createTestDatabase, testRedisUrl, type TestDatabase } from '../../../helpers/services'

const day = 86_400_000
const t0 = Date.parse('2026-03-10T01:00:00Z') // 09:00 park time
const at = (days: number, hours = 0) => new Date(t0 + days * day + hours * 3_600_000)
const silent = createLogger('silent')

describe('document reminders across a server restart (PostgreSQL)', () => {
  let database: TestDatabase
  let server: RunningServer | null = null
  let docId = ''
  const config = () =>
    testConfig({
      DATABASE_URL: database.url,
      REDIS_URL: testRedisUrl(),
      ADMIN_PASSWORD: 'Admin-pass-2026',
      SERVICES: 'web',
      SIM: 'off',
      LOG_LEVEL: 'silent',
    })
  const run = (db: Db, when: Date) => runDocumentReminders(db, when, { channels: noChannels })
  const rows = async (db: Db) =>
    db.query<{ threshold: number; sent_on: string; escalated: boolean; recipients: number }>(
      systemScope,
      `SELECT threshold, sent_on::text AS sent_on, escalated, recipients FROM document_reminders
        WHERE document_id = $1 ORDER BY sent_at, threshold`,
      [docId],
    )
  const notices = async (db: Db) =>
    db.query<{ username: string; kind: string; n: number }>(
      systemScope,
      `SELECT u.username, n.kind, count(*)::int AS n FROM notifications n JOIN users u ON u.id = n.user_id
        WHERE n.source = $1 GROUP BY u.username, n.kind ORDER BY u.username, n.kind`,
      [`document:${docId}`],
    )

  beforeAll(async () => {
    database = await createTestDatabase('cpt_doc_restart')
    server = await startServer(config(), silent)
    const db = server.db
    // accounts: two E01 users, a second park admin, an E03 user (must hear nothing), a disabled E01 user
    await db.owner(async (q) => {
      await q.query(
        `INSERT INTO users (username, display_name, role, enterprise_id, password_hash, disabled) VALUES
           ('e01a', 'e01a', 'enterprise_user', 'E01', 'x', false),
           ('e01b', 'e01b', 'enterprise_user', 'E01', 'x', false),
           ('e01off', 'e01off', 'enterprise_user', 'E01', 'x', true),
           ('admin2', 'admin2', 'park_admin', NULL, 'x', false),
           ('op', 'op', 'operator', NULL, 'x', false),
           ('e03', 'e03', 'enterprise_user', 'E03', 'x', false)`,
      )
    })
    // a licence expiring 20 days after t0, uploaded through the service (no immediate reminder here: the
    // scheduler does it all)
    const admin = (
      await db.query<{ id: string }>(systemScope, `SELECT id::text FROM users WHERE username = 'admin'`)
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
    const svc = new DocumentsService(db, { clock: () => t0, afterUpload: async () => undefined })
    const bytes = textPdf({ title: 'licence', lines: [] })
    const meta = newDocumentQuery.parse({
      title: '安全生产许可证',
      doc_type: 'licence',
      owner_type: 'enterprise',
      owner_id: 'E01',
      expires_on: parkDay(t0 + 20 * day),
    })
    const d = await svc.create(
      who,
      meta,
      {
        bytes,
        filename: 'lic.pdf',
        type: checkUpload(bytes, 'lic.pdf', { allowed: documentKinds, maxBytes: 1e6 }),
      },
      null,
    )
    docId = d.id
  })
  afterAll(async () => {
    await server?.stop()
    await database?.drop()
  })

  it('sends the 30-day reminder once, however often and concurrently it runs', async () => {
    const db = server!.db
    const first = await run(db, at(0))
    expect(first.sent).toBe(1)
    // two E01 users (the disabled one and other enterprises hear nothing)
    expect(first.notified).toBe(2)
    const again = await Promise.all([run(db, at(0)), run(db, at(0, 2)), run(db, at(0, 5))])
    expect(again.map((r) => r.sent)).toEqual([0, 0, 0])
    expect(await rows(db)).toEqual([{ threshold: 30, sent_on: parkDay(t0), escalated: false, recipients: 2 }])
  })

  it('after a restart on the same database: nothing repeated, the 7-day and expiry reminders on their days', async () => {
    await server!.stop()
    server = await startServer(config(), silent)
    const db = server.db
    // same time and the following days up to 8 days before expiry: nothing new
    for (const d of [0, 1, 5, 12]) expect((await run(db, at(d))).sent, `day ${d}`).toBe(0)
    // 7 days before expiry (day 13): the 7-day reminder, once
    expect((await run(db, at(13))).sent).toBe(1)
    expect((await run(db, at(13, 3))).sent).toBe(0)
    // another restart, then the expiry day (day 20): owners and every park admin; then nothing ever again
    await server.stop()
    server = await startServer(config(), silent)
    expect((await run(server.db, at(19))).sent).toBe(0)
    expect((await run(server.db, at(20))).sent).toBe(1)
    for (const d of [20, 21, 60]) expect((await run(server.db, at(d))).sent).toBe(0)
    expect(await rows(server.db)).toEqual([
      { threshold: 30, sent_on: parkDay(t0), escalated: false, recipients: 2 },
      { threshold: 7, sent_on: parkDay(t0 + 13 * day), escalated: false, recipients: 2 },
      { threshold: 0, sent_on: parkDay(t0 + 20 * day), escalated: true, recipients: 4 },
    ])
    expect(await notices(server.db)).toEqual([
      { username: 'admin', kind: 'document.expired', n: 1 },
      { username: 'admin2', kind: 'document.expired', n: 1 },
      { username: 'e01a', kind: 'document.expired', n: 1 },
      { username: 'e01a', kind: 'document.expiring', n: 2 },
      { username: 'e01b', kind: 'document.expired', n: 1 },
      { username: 'e01b', kind: 'document.expiring', n: 2 },
    ])
  })

  it('the database refuses a second row for the same version and threshold', async () => {
    const db = server!.db
    await expect(
      db.tx(systemScope, (q) =>
        q.query(
          `INSERT INTO document_reminders (version_id, document_id, enterprise_id, threshold, expires_on, sent_on)
           SELECT version_id, document_id, enterprise_id, threshold, expires_on, sent_on FROM document_reminders
            WHERE document_id = $1 AND threshold = 7`,
          [docId],
        ),
      ),
    ).rejects.toMatchObject({ code: '23505' })
  })
})
