// JT/T 808 sessions against the real listener, PostgreSQL + PostGIS and Redis: registration,
// authentication, reports answered only once stored, and every refusal the session makes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  AnswerResult,
  encodeFrame,
  MsgId,
  RegisterResult,
  type Jt808Message,
} from '../../../../sensors/protocols/jt808'
import { systemScope } from '../../../../server/platform/db/db'
import { enrolledTagId } from '../../../../server/ingest/jt808/jt808.enrolment'
import { eventually } from '../../../helpers/http'
import { fixAt, recent, registerAndAuthenticate, startStack, terminal, type Stack } from './setup'
import { WireClient } from './wire-client'

describe('JT/T 808 listener sessions', () => {
  let stack: Stack
  const clients: WireClient[] = []
  const open = async (port = stack.listener.port) => {
    const c = await WireClient.connect(port)
    clients.push(c)
    return c
  }

  beforeAll(async () => {
    stack = await startStack('cpt_jt808_session')
  })
  afterAll(async () => {
    for (const c of clients) await c.close()
    await stack?.stop()
  })

  it('registers, authenticates, and answers a report only after its row is stored', async () => {
    const c = await open()
    const t = terminal('013912340001')
    const reg = t.register()
    c.send(reg.frame)
    const answer = await c.registerAnswer(reg.serial)
    expect(answer.result).toBe(RegisterResult.ok)
    expect(answer.authCode).toMatch(/^[0-9a-f]{20}$/)

    const auth = t.authenticate(answer.authCode)
    c.send(auth.frame)
    expect(await c.answer(auth.serial, MsgId.authenticate)).toMatchObject({ result: AnswerResult.ok })

    const tagId = enrolledTagId('13912340001')
    const loc = t.location(fixAt(recent(0)))
    c.send(loc.frame)
    expect(await c.answer(loc.serial, MsgId.location)).toEqual({
      serial: loc.serial,
      msgId: MsgId.location,
      result: AnswerResult.ok,
    })
    // checked the moment the answer arrives: stored before answered
    expect(await stack.rows(tagId)).toBe(1)

    const [row] = await stack.server.db.query(
      systemScope,
      `SELECT p.device_time, ST_X(p.geom) AS lon, ST_Y(p.geom) AS lat, p.source, t.terminal, t.plate,
              t.auth_code, t.last_seen_at IS NOT NULL AS seen, g.kind, g.label, g.assignment, g.terminal_phone
         FROM positions p JOIN jt808_terminals t ON t.tag_id = p.tag_id JOIN tags g ON g.id = p.tag_id
        WHERE p.tag_id = $1`,
      [tagId],
    )
    expect(row).toMatchObject({
      lon: 120.95,
      lat: 31.95,
      source: 'jt808',
      terminal: '13912340001',
      plate: '苏BA6860',
      auth_code: answer.authCode,
      seen: true,
      kind: 'vehicle',
      label: '苏BA6860',
      assignment: 'unassigned',
      terminal_phone: '13912340001',
    })
    expect((row!.device_time as Date).toISOString()).toBe(recent(0).toISOString())
  })

  it('lists the enrolled tag by its terminal phone and shows its live position', async () => {
    const r = await stack.api.get('/api/v1/tags?terminal=13912340001')
    expect(r.status).toBe(200)
    expect(r.body).toEqual([
      { id: enrolledTagId('13912340001'), kind: 'vehicle', label: '苏BA6860', enterprise_id: null },
    ])
    // the writer refreshed the live cache from the `stored: true` batch without inserting again
    const live = await eventually(async () => {
      const l = await stack.api.get('/api/v1/tags/live')
      return (l.body as { id: string; last: unknown }[]).find((x) => x.id === enrolledTagId('13912340001'))
        ?.last
    })
    expect(live).toMatchObject({ t: recent(0).toISOString(), lat: 31.95, lon: 120.95, source: 'jt808' })
    expect(await stack.rows(enrolledTagId('13912340001'))).toBe(1)
  })

  it('answers a retransmitted report again and keeps one row', async () => {
    const c = await open()
    const t = terminal('013912340002', 2019)
    await registerAndAuthenticate(c, t)
    const loc = t.location(fixAt(recent(1)))
    for (let i = 0; i < 3; i++) {
      c.send(loc.frame)
      expect(await c.answer(loc.serial, MsgId.location)).toMatchObject({ result: AnswerResult.ok })
    }
    expect(await stack.rows(enrolledTagId('13912340002'))).toBe(1)
    expect(stack.listener.stats().positions.duplicates).toBeGreaterThanOrEqual(2)
  })

  it('refuses reports, heartbeats and deregistration before authentication, storing nothing', async () => {
    const c = await open()
    const t = terminal('013912340003')
    const before = stack.listener.stats().rejections.unauthenticated ?? 0
    for (const out of [t.location(fixAt(recent(2))), t.heartbeat()]) {
      c.send(out.frame)
      expect(await c.answer(out.serial, out.msgId)).toMatchObject({ result: AnswerResult.fail })
    }
    const dereg = { msgId: MsgId.deregister, phone: '013912340003', serial: 77 }
    c.send(encodeFrame(dereg))
    expect(await c.answer(77, MsgId.deregister)).toMatchObject({ result: AnswerResult.fail })
    expect(await stack.rows(enrolledTagId('13912340003'))).toBe(0)
    expect(stack.listener.stats().rejections.unauthenticated).toBe(before + 3)
  })

  it('refuses a wrong auth code, and a report after it', async () => {
    const c = await open()
    const t = terminal('013912340004')
    const reg = t.register()
    c.send(reg.frame)
    const { authCode } = await c.registerAnswer(reg.serial)
    const wrong = t.authenticate(authCode.replace(/.$/, (x) => (x === '0' ? '1' : '0')))
    c.send(wrong.frame)
    expect(await c.answer(wrong.serial, MsgId.authenticate)).toMatchObject({ result: AnswerResult.fail })
    const loc = t.location(fixAt(recent(3)))
    c.send(loc.frame)
    expect(await c.answer(loc.serial, MsgId.location)).toMatchObject({ result: AnswerResult.fail })
    expect(await stack.rows(enrolledTagId('13912340004'))).toBe(0)
    expect(stack.listener.stats().rejections.auth_failed).toBeGreaterThanOrEqual(1)
  })

  it('keeps the auth code across connections and invalidates it on re-registration', async () => {
    const t = terminal('013912340005')
    const code = await registerAndAuthenticate(await open(), t)
    const again = await open()
    const auth = t.authenticate(code)
    again.send(auth.frame)
    expect(await again.answer(auth.serial, MsgId.authenticate)).toMatchObject({ result: AnswerResult.ok })

    const fresh = await registerAndAuthenticate(await open(), t)
    expect(fresh).not.toBe(code)
    const old = t.authenticate(code)
    const third = await open()
    third.send(old.frame)
    expect(await third.answer(old.serial, MsgId.authenticate)).toMatchObject({ result: AnswerResult.fail })
  })

  it('answers heartbeats and 0x0004 with the server time; deregistration clears the code', async () => {
    const c = await open()
    const t = terminal('00000000013912340006', 2019)
    const code = await registerAndAuthenticate(c, t)
    const hb = t.heartbeat()
    c.send(hb.frame)
    expect(await c.answer(hb.serial, MsgId.heartbeat)).toMatchObject({ result: AnswerResult.ok })

    c.send(encodeFrame({ msgId: MsgId.queryServerTime, phone: t.id.phone, serial: 500, version: 2019 }))
    const time = (await c.next((m) => m.kind === 'server_time')) as Extract<
      Jt808Message,
      { kind: 'server_time' }
    >
    expect(Math.abs(Date.parse(time.body.time) - Date.now())).toBeLessThan(60_000)
    expect(time.header).toMatchObject({ version: 2019, phone: t.id.phone })

    c.send(encodeFrame({ msgId: MsgId.deregister, phone: t.id.phone, serial: 501, version: 2019 }))
    expect(await c.answer(501, MsgId.deregister)).toMatchObject({ result: AnswerResult.ok })
    const loc = t.location(fixAt(recent(4)))
    c.send(loc.frame)
    expect(await c.answer(loc.serial, MsgId.location)).toMatchObject({ result: AnswerResult.fail })
    const auth = t.authenticate(code)
    c.send(auth.frame)
    expect(await c.answer(auth.serial, MsgId.authenticate)).toMatchObject({ result: AnswerResult.fail })
  })

  it('answers unknown ids with result 3 and undecodable bodies with result 2', async () => {
    const c = await open()
    c.send(encodeFrame({ msgId: 0x0900, phone: '013912340007', serial: 9 }, Buffer.from('hello')))
    expect(await c.answer(9, 0x0900)).toMatchObject({ result: AnswerResult.unsupported })
    // a register body too short for its fixed fields
    c.send(encodeFrame({ msgId: MsgId.register, phone: '013912340007', serial: 10 }, Buffer.of(0, 32)))
    expect(await c.answer(10, MsgId.register)).toMatchObject({ result: AnswerResult.badMessage })
    expect(stack.listener.stats().rejections.bad_body).toBeGreaterThanOrEqual(1)
  })

  it('stores an unfixed report as nothing, yet answers it', async () => {
    const c = await open()
    const t = terminal('013912340008')
    await registerAndAuthenticate(c, t)
    const loc = t.location({ ...fixAt(recent(5)), status: 0 })
    c.send(loc.frame)
    expect(await c.answer(loc.serial, MsgId.location)).toMatchObject({ result: AnswerResult.ok })
    expect(await stack.rows(enrolledTagId('013912340008'.replace(/^0+/, '')))).toBe(0)
    expect(stack.listener.stats().positions.noFix).toBeGreaterThanOrEqual(1)
  })

  it('stores a fix dated far ahead but keeps it out of the live pipeline', async () => {
    const c = await open()
    const t = terminal('013912340009')
    await registerAndAuthenticate(c, t)
    const before = stack.listener.stats().positions
    const loc = t.location(fixAt(new Date(Date.now() + 86_400_000)))
    c.send(loc.frame)
    expect(await c.answer(loc.serial, MsgId.location)).toMatchObject({ result: AnswerResult.ok })
    expect(await stack.rows(enrolledTagId('13912340009'))).toBe(1)
    const after = stack.listener.stats().positions
    expect(after.future).toBe(before.future + 1)
    expect(after.published).toBe(before.published)
  })
})
