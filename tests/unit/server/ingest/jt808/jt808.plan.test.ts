// Answer selection per message kind (table-driven over messages built and decoded by the codec).
import { describe, expect, it } from 'vitest'
import {
  AnswerResult,
  decodeFrame,
  encodeAuthenticate,
  encodeBatch,
  encodeFrame,
  encodeGeneralAnswer,
  encodeLocation,
  encodeRegister,
  MsgId,
  type DecodeRejected,
  type Jt808Message,
} from '../../../../../sensors/protocols/jt808'
import { planMessage, planRejection } from '../../../../../server/ingest/jt808/jt808.plan'
import { initialSession, reduceSession } from '../../../../../server/ingest/jt808/jt808.session'

const PHONE = '013912345678'
const fix = { lat: 32.2, lon: 118.8, time: '2026-01-01T00:00:00Z' }
const vehicle = {
  province: 32,
  city: 1100,
  maker: 'M',
  model: 'X',
  deviceId: 'D',
  plateColor: 1,
  plate: '苏A1',
}

function message(
  msgId: number,
  body: Buffer = Buffer.alloc(0),
  split?: { total: number; index: number },
): Jt808Message {
  const res = decodeFrame(encodeFrame({ msgId, phone: PHONE, serial: 5, split }, body))
  if (!res.ok) throw new Error(res.detail)
  return res.message
}

const authed = reduceSession(initialSession, { type: 'authenticated', terminal: '13912345678', tagId: 'T1' })

const cases: [string, Jt808Message, string, string, number?][] = [
  ['location', message(MsgId.location, encodeLocation(fix)), 'locations', 'answer', AnswerResult.fail],
  [
    'batch',
    message(MsgId.batch, encodeBatch({ items: [fix, fix] })),
    'locations',
    'answer',
    AnswerResult.fail,
  ],
  ['heartbeat', message(MsgId.heartbeat), 'heartbeat', 'answer', AnswerResult.fail],
  ['deregister', message(MsgId.deregister), 'deregister', 'answer', AnswerResult.fail],
  ['register', message(MsgId.register, encodeRegister(vehicle, 2013)), 'register', 'register'],
  [
    'authenticate',
    message(MsgId.authenticate, encodeAuthenticate({ authCode: 'x', imei: '', softwareVersion: '' }, 2013)),
    'authenticate',
    'authenticate',
  ],
  ['query server time', message(MsgId.queryServerTime), 'server_time', 'server_time'],
  [
    'terminal answer',
    message(MsgId.terminalAnswer, encodeGeneralAnswer({ serial: 1, msgId: 0x8103, result: 0 })),
    'none',
    'none',
  ],
  ['unknown id', message(0x0900, Buffer.from('x')), 'answer', 'answer', AnswerResult.unsupported],
  [
    'platform id from a terminal',
    message(MsgId.platformAnswer, encodeGeneralAnswer({ serial: 1, msgId: 2, result: 0 })),
    'answer',
    'answer',
    AnswerResult.unsupported,
  ],
  ['split part', message(MsgId.batch, Buffer.alloc(10), { total: 2, index: 1 }), 'reassemble', 'reassemble'],
]

describe('JT/T 808 plan per message kind', () => {
  it.each(cases)(
    '%s: authenticated → %s, unauthenticated → %s',
    (_n, m, whenAuthed, whenNot, unauthResult) => {
      expect(planMessage(authed, m).action).toBe(whenAuthed)
      const plan = planMessage(initialSession, m)
      expect(plan.action).toBe(whenNot)
      if (unauthResult !== undefined) expect(plan).toMatchObject({ result: unauthResult })
    },
  )

  it('reports unauthenticated refusals and unsupported ids under their counters', () => {
    expect(planMessage(initialSession, cases[0]![1])).toEqual({
      action: 'answer',
      result: AnswerResult.fail,
      reject: 'unauthenticated',
    })
    expect(planMessage(authed, cases[8]![1])).toMatchObject({ reject: 'unsupported' })
  })

  it('hands locations to the store with the tag of the authenticated terminal', () => {
    const plan = planMessage(authed, cases[1]![1])
    expect(plan).toMatchObject({ action: 'locations', terminal: '13912345678', tagId: 'T1' })
    expect(plan.action === 'locations' && plan.locations).toHaveLength(2)
  })

  it('answers rejected frames with result 2 only when they carry a header', () => {
    const header = cases[0]![1].header
    const withHeader: DecodeRejected = { ok: false, reason: 'bad_body', detail: 'x', header }
    expect(planRejection(withHeader)).toEqual({ action: 'answer', result: AnswerResult.badMessage })
    expect(planRejection({ ok: false, reason: 'bad_checksum', detail: 'x' })).toEqual({ action: 'none' })
  })
})
