// Listener policies on the real stack: enrolment switched off, provisioned tags, tenant ownership,
// connection limits, idle timeout, and rejections (ingest_rejections rows and the counters of the shared log).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AnswerResult, encodeFrame, MsgId, RegisterResult } from '../../../../sensors/protocols/jt808'
import { systemScope } from '../../../../server/platform/db/db'
import { enrolledTagId } from '../../../../server/ingest/jt808/jt808.enrolment'
import { eventually } from '../../../helpers/http'
import { fixAt, recent, registerAndAuthenticate, startStack, terminal, type Stack } from './setup'
import { WireClient } from './wire-client'

describe('JT/T 808 listener policies', () => {
  let stack: Stack
  let enterprise: string
  const clients: WireClient[] = []
  const open = async (port: number) => {
    const c = await WireClient.connect(port)
    clients.push(c)
    return c
  }
  const q = <T extends object>(sql: string, params: unknown[] = []) =>
    stack.server.db.query<T & Record<string, unknown>>(systemScope, sql, params)

  beforeAll(async () => {
    stack = await startStack('cpt_jt808_policy')
    enterprise = (await q<{ id: string }>('SELECT id FROM enterprises ORDER BY id LIMIT 1'))[0]!.id
  })
  afterAll(async () => {
    for (const c of clients) await c.close()
    await stack?.stop()
  })

  it('refuses unknown terminals with result 4 when auto-enrolment is off', async () => {
    const listener = await stack.extraListener({ autoEnrol: false })
    const c = await open(listener.port)
    const reg = terminal('013700000001').register()
    c.send(reg.frame)
    expect(await c.registerAnswer(reg.serial)).toEqual({
      serial: reg.serial,
      result: RegisterResult.noSuchTerminal,
      authCode: '',
    })
    expect(await q(`SELECT 1 FROM jt808_terminals WHERE terminal = '13700000001'`)).toEqual([])
    expect(await q(`SELECT 1 FROM tags WHERE id = $1`, [enrolledTagId('13700000001')])).toEqual([])
    expect(listener.stats().rejections.unknown_terminal).toBe(1)
  })

  it('links a terminal to the tag provisioned with its phone, even with enrolment off', async () => {
    await q(
      `INSERT INTO tags (id, kind, label, enterprise_id, terminal_phone)
       VALUES ('HZ-001', 'hazmat_vehicle', '危化品车 001', $1, '013700000002')`,
      [enterprise],
    )
    const listener = await stack.extraListener({ autoEnrol: false })
    const c = await open(listener.port)
    const t = terminal('013700000002', 2013, '苏A00001')
    await registerAndAuthenticate(c, t)
    const loc = t.location(fixAt(recent(0)))
    c.send(loc.frame)
    expect(await c.answer(loc.serial, MsgId.location)).toMatchObject({ result: AnswerResult.ok })
    expect(await stack.rows('HZ-001')).toBe(1)
    const [tag] = await q(`SELECT label, assignment, terminal_phone FROM tags WHERE id = 'HZ-001'`)
    // an operator's tag keeps its label and assignment; its phone is normalised for ?terminal=
    expect(tag).toEqual({ label: '危化品车 001', assignment: 'assigned', terminal_phone: '13700000002' })
    const [row] = await q(`SELECT tag_id, enterprise_id FROM jt808_terminals WHERE terminal = '13700000002'`)
    expect(row).toEqual({ tag_id: 'HZ-001', enterprise_id: enterprise })
    const [pos] = await q(`SELECT enterprise_id FROM positions WHERE tag_id = 'HZ-001'`)
    expect(pos).toEqual({ enterprise_id: enterprise })
  })

  it('hands an enrolled terminal to the enterprise its tag is assigned to (row-level security)', async () => {
    const c = await open(stack.listener.port)
    await registerAndAuthenticate(c, terminal('013700000003'))
    const own = { scope: 'enterprise', enterpriseId: enterprise } as const
    const visible = () =>
      stack.server.db.query(own, `SELECT terminal FROM jt808_terminals WHERE terminal = '13700000003'`)
    expect(await visible()).toEqual([]) // unassigned: park business, not a park-wide row
    await q(`UPDATE tags SET enterprise_id = $1, assignment = 'assigned' WHERE id = $2`, [
      enterprise,
      enrolledTagId('13700000003'),
    ])
    expect(await visible()).toEqual([{ terminal: '13700000003' }])
    const other = { scope: 'enterprise', enterpriseId: 'NOT-OURS' } as const
    expect(await stack.server.db.query(other, 'SELECT terminal FROM jt808_terminals')).toEqual([])
  })

  it('refuses connections over the cap and closes idle ones', async () => {
    const listener = await stack.extraListener({ limits: { maxConnections: 1, idleTimeoutMs: 300 } })
    const first = await open(listener.port)
    const second = await open(listener.port)
    await second.closed
    expect(listener.stats().connections.refused).toBe(1)
    await first.closed // idle for 300 ms
    await eventually(async () => listener.stats().connections.active === 0, 5_000, 20)
    expect(listener.stats().connections).toMatchObject({ closedIdle: 1, accepted: 1 })
  })

  it('writes rejections to ingest_rejections and counts them in GET /api/v1/ingest/rejections', async () => {
    // the shared rejection log of the ingest (server/ingest/shared/rejection-log.ts), under protocol jt808
    const node = 'jt808-policy-test'
    const listener = await stack.extraListener({ node })
    const c = await open(listener.port)
    // a location before authentication: refused, and recorded with its terminal
    c.send(encodeFrame({ msgId: MsgId.location, phone: '013700000004', serial: 1 }, Buffer.alloc(28)))
    expect(await c.answer(1, MsgId.location)).toMatchObject({ result: AnswerResult.fail })
    const rows = await eventually(async () => {
      const r = await q<{ reason: string; mn: string | null; peer: string }>(
        `SELECT reason, mn, peer FROM ingest_rejections WHERE protocol = 'jt808' AND mn = '13700000004'`,
      )
      return r.length ? r : null
    }, 10_000)
    expect(rows[0]).toMatchObject({ reason: 'unauthenticated', mn: '13700000004' })
    expect(rows[0]!.peer).toMatch(/127\.0\.0\.1:\d+$/)
    expect(listener.stats().rejections.unauthenticated).toBe(1)

    const counters = await eventually(async () => {
      const res = await stack.api.get('/api/v1/ingest/rejections?protocol=jt808&limit=5')
      expect(res.status).toBe(200)
      const body = res.body as {
        counters: { protocol: string; node: string; total: number; by_reason: Record<string, number> }[]
        rows: { protocol: string; reason: string }[]
      }
      const mine = body.counters.find((x) => x.node === node)
      return mine?.total ? { mine, rows: body.rows } : null
    }, 10_000)
    expect(counters.mine).toMatchObject({ protocol: 'jt808', total: 1, by_reason: { unauthenticated: 1 } })
    expect(counters.rows.every((r) => r.protocol === 'jt808')).toBe(true)
  })
})
