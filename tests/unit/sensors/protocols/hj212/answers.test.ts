import { describe, expect, it } from 'vitest'
import {
  decodePacket,
  encodeDataAnswer,
  encodeDataUpload,
  encodeExecutionResult,
  encodeRequestAnswer,
  EXE_RTN,
  QN_RTN,
  wantsAck,
  type Hj212Packet,
} from '../../../../../sensors/protocols/hj212'

function decoded(frame: string): Hj212Packet {
  const result = decodePacket(frame)
  if (!result.ok) throw new Error(result.detail)
  return result.packet
}

function upload(ackWanted: boolean): Hj212Packet {
  return decoded(
    encodeDataUpload({
      cn: 2011,
      st: 32,
      mn: '33010000A8900016F0000011',
      pw: '123456',
      dataTime: new Date('2026-11-28T07:30:00Z'),
      qn: '20261128153000123',
      values: [{ code: 'w01018', field: 'Rtd', value: 35.2, flag: 'N' }],
      ackWanted,
    }),
  )
}

describe('platform answers', () => {
  it('answers a CN 2011 upload with Flag=5 by CN 9014 carrying its QN', () => {
    const data = upload(true)
    expect(data.flag.value).toBe(5)
    expect(wantsAck(data)).toBe(true)
    if (!wantsAck(data)) return
    const frame = encodeDataAnswer(data)
    expect(frame).toMatch(
      /^##\d{4}QN=20261128153000123;ST=91;CN=9014;PW=123456;MN=33010000A8900016F0000011;Flag=4;CP=&&QN=20261128153000123&&[0-9A-F]{4}\r\n$/,
    )
    const answer = decoded(frame)
    expect(answer).toMatchObject({ qn: data.qn, st: 91, cn: 9014, flag: { ackWanted: false, version: 1 } })
    expect(answer.cp.other).toEqual({ QN: data.qn })
    expect(wantsAck(answer)).toBe(false) // answers are never answered
  })

  it('Flag=4 means no answer is wanted', () => {
    const data = upload(false)
    expect(data.flag.value).toBe(4)
    expect(wantsAck(data)).toBe(false)
  })

  it('builds CN 9011 with QnRtn and CN 9012 with ExeRtn', () => {
    const to = { qn: '20160801085857223', mn: '010000A8900016F000169DC0', pw: '100000' }
    const request = decoded(encodeRequestAnswer(to, QN_RTN.ready))
    expect(request).toMatchObject({
      qn: to.qn,
      st: 91,
      cn: 9011,
      flag: { value: 4 },
      cp: { other: { QnRtn: '1' } },
    })
    const refused = decoded(encodeRequestAnswer({ qn: to.qn, mn: to.mn }, QN_RTN.badCrc))
    expect(refused).toMatchObject({ pw: '', cp: { other: { QnRtn: '9' } } })
    const done = decoded(encodeExecutionResult(to, EXE_RTN.success))
    expect(done).toMatchObject({ cn: 9012, cp: { other: { ExeRtn: '1' } } })
  })
})
