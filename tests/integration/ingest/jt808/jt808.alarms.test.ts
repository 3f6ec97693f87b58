// Terminal alarm bits (SOS, collision…) raised through the alarm module by the real listener, on
// PostgreSQL + Redis: once per press, before the report is answered, and back to normal when the bit clears.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AnswerResult, encodeAlarms, MsgId } from '../../../../sensors/protocols/jt808'
import { enrolledTagId } from '../../../../server/ingest/jt808/jt808.enrolment'
import type { Jt808Listener } from '../../../../server/ingest/jt808/jt808.listener'
import { AlarmsService } from '../../../../server/modules/alarms/alarms.service'
import { systemScope } from '../../../../server/platform/db/db'
import type { Alarm } from '../../../../server/contracts'
import { fixAt, recent, registerAndAuthenticate, startStack, terminal, type Stack } from './setup'
import { WireClient } from './wire-client'

describe('JT/T 808 terminal alarms', () => {
  let stack: Stack
  let listener: Jt808Listener
  let client: WireClient

  beforeAll(async () => {
    stack = await startStack('cpt_jt808_alarms')
    listener = await stack.extraListener({ host: '127.0.0.1', alarms: new AlarmsService(stack.server.db) })
    client = await WireClient.connect(listener.port)
  })
  afterAll(async () => {
    await client?.close()
    await stack?.stop()
  })

  const sosAlarms = async (tagId: string) =>
    ((await stack.api.get('/api/v1/alarms?state=all')).body as Alarm[]).filter(
      (a) => a.source_id === tagId && a.rule === 'device_sos',
    )

  it('raises one urgent SOS alarm at the reported place before answering, even when the report is resent', async () => {
    const t = terminal('013912349001', 2019, '苏E12345')
    await registerAndAuthenticate(client, t)
    const tagId = enrolledTagId('13912349001')
    const sos = t.location({
      ...fixAt(recent(100)),
      alarm: encodeAlarms(['sos']),
      extras: { odometerKm: 88.8 },
    })
    client.send(sos.frame)
    expect(await client.answer(sos.serial, MsgId.location)).toMatchObject({ result: AnswerResult.ok })
    // checked the moment the answer arrives: raised before answered
    const [row] = await stack.server.db.query(
      systemScope,
      `SELECT priority, state, message, ST_X(geom) AS lon, ST_Y(geom) AS lat FROM alarms WHERE source_id = $1`,
      [tagId],
    )
    expect(row).toMatchObject({ priority: 'urgent', state: 'unack', lon: 120.95, lat: 31.95 })
    expect(row!.message).toContain('苏E12345')
    expect(row!.message).toContain('SOS')

    // the terminal resends the same report (no answer seen) and keeps the bit set in the next one
    client.send(sos.frame)
    await client.answer(sos.serial, MsgId.location)
    const still = t.location({ ...fixAt(recent(101)), alarm: encodeAlarms(['sos']) })
    client.send(still.frame)
    await client.answer(still.serial, MsgId.location)
    const alarms = await sosAlarms(tagId)
    expect(alarms).toHaveLength(1)
    expect(alarms[0]).toMatchObject({ state: 'unack', count: 1, condition_active: true })

    // the position keeps the alarm word and extras
    const [pos] = await stack.server.db.query(
      systemScope,
      'SELECT props FROM positions WHERE tag_id = $1 AND device_time = $2',
      [tagId, recent(100)],
    )
    expect(pos!.props).toMatchObject({ alarm: 1, alarms: ['sos'], extras: { odometerKm: 88.8 } })

    // the bit clears: the condition returns to normal, the operator still has to acknowledge
    const clear = t.location(fixAt(recent(102)))
    client.send(clear.frame)
    await client.answer(clear.serial, MsgId.location)
    const [after] = await sosAlarms(tagId)
    expect(after).toMatchObject({ state: 'rtn_unack', condition_active: false })
  })

  it('raises an SOS from a report without a fix (no location) and a rollover as a separate alarm', async () => {
    const t = terminal('013912349002')
    await registerAndAuthenticate(client, t)
    const tagId = enrolledTagId('13912349002')
    const noFix = t.location({ ...fixAt(recent(200)), status: 0, alarm: encodeAlarms(['sos', 'rollover']) })
    client.send(noFix.frame)
    expect(await client.answer(noFix.serial, MsgId.location)).toMatchObject({ result: AnswerResult.ok })
    const rows = await stack.server.db.query(
      systemScope,
      'SELECT rule, geom IS NULL AS no_place FROM alarms WHERE source_id = $1 ORDER BY rule',
      [tagId],
    )
    expect(rows).toEqual([
      { rule: 'device_rollover', no_place: true },
      { rule: 'device_sos', no_place: true },
    ])
    expect(await stack.rows(tagId)).toBe(0)
  })
})
