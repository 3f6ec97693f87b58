import { describe, expect, it } from 'vitest'
import { decodePacket, qnRtnFor, type Hj212RejectReason } from '../../../../../sensors/protocols/hj212'
import { frameOf, STANDARD_EXAMPLE, STANDARD_EXAMPLE_SEGMENT } from './hj212-fixtures'

const HEAD = 'QN=20261128153000000;ST=32;CN=2011;PW=123456;MN=33010000A8900016F0000011;Flag=5;'
const CP = 'CP=&&DataTime=20261128153000;w01018-Rtd=35.2,w01018-Flag=N&&'
const seg = (text: string): string => frameOf(text)

const cases: [string, string, Hj212RejectReason, string?][] = [
  ['no ## header', STANDARD_EXAMPLE.slice(1), 'bad_length'],
  ['non-digit length', STANDARD_EXAMPLE.replace('##0101', '##01a1'), 'bad_length'],
  ['declared length one short', STANDARD_EXAMPLE.replace('##0101', '##0100'), 'bad_length'],
  ['declared length one long', STANDARD_EXAMPLE.replace('##0101', '##0102'), 'bad_length'],
  ['truncated frame', STANDARD_EXAMPLE.slice(0, 60), 'bad_length'],
  ['wrong CRC', STANDARD_EXAMPLE.replace('1C80', '1C81'), 'bad_crc'],
  ['non-hex CRC', STANDARD_EXAMPLE.replace('1C80', '1CZ0'), 'bad_crc'],
  ['one data byte changed', STANDARD_EXAMPLE.replace('RtdInterval=30', 'RtdInterval=31'), 'bad_crc'],
  ['ST not numeric', seg(HEAD.replace('ST=32', 'ST=3x') + CP), 'bad_field', 'ST'],
  ['CN not numeric', seg(HEAD.replace('CN=2011', 'CN=20-1') + CP), 'bad_field', 'CN'],
  ['MN empty', seg(HEAD.replace(/MN=[^;]+/, 'MN=') + CP), 'bad_field', 'MN'],
  ['MN over 64 characters', seg(HEAD.replace(/MN=[^;]+/, 'MN=' + '9'.repeat(65)) + CP), 'bad_field', 'MN'],
  ['MN with |', seg(HEAD.replace(/MN=[^;]+/, 'MN=12|34') + CP), 'bad_field', 'MN'],
  ['header item without =', seg(HEAD + 'junk;' + CP), 'bad_field'],
  ['repeated header field', seg(HEAD + 'ST=31;' + CP), 'bad_field'],
  ['CP not closed', seg(HEAD + 'CP=&&DataTime=20261128153000'), 'bad_field', 'CP'],
  ['text after CP', seg(HEAD + CP + 'X'), 'bad_field', 'CP'],
  ['CP item without =', seg(HEAD + 'CP=&&DataTime=20261128153000;w01018&&'), 'bad_field', 'CP'],
  ['repeated value', seg(HEAD + 'CP=&&w01018-Rtd=1;w01018-Rtd=2&&'), 'bad_field'],
  ['2005 and 2017 code for one value', seg(HEAD + 'CP=&&w01018-Rtd=1;011-Rtd=2&&'), 'bad_field'],
  ['PNO beyond PNUM', seg(HEAD.replace('Flag=5', 'Flag=7;PNUM=2;PNO=3') + CP), 'bad_field', 'PNO'],
  ['no MN', seg(HEAD.replace(/MN=[^;]+;/, '') + CP), 'missing_field', 'MN'],
  ['no PW', seg(HEAD.replace('PW=123456;', '') + CP), 'missing_field', 'PW'],
  ['no ST', seg(HEAD.replace('ST=32;', '') + CP), 'missing_field', 'ST'],
  ['no CN', seg(HEAD.replace('CN=2011;', '') + CP), 'missing_field', 'CN'],
  ['no CP', seg(HEAD), 'missing_field', 'CP'],
  ['no QN on a 2017 packet', seg(HEAD.replace('QN=20261128153000000;', '') + CP), 'missing_field', 'QN'],
  ['split Flag without PNUM', seg(HEAD.replace('Flag=5', 'Flag=7') + CP), 'missing_field', 'PNUM'],
  ['QN month 13', seg(HEAD.replace('QN=20261128', 'QN=20261328') + CP), 'bad_qn', 'QN'],
  ['QN 30 February', seg(HEAD.replace('QN=20261128', 'QN=20260230') + CP), 'bad_qn', 'QN'],
  ['QN 16 digits', seg(HEAD.replace('QN=20261128153000000', 'QN=2026112815300000') + CP), 'bad_qn', 'QN'],
  ['Flag not numeric', seg(HEAD.replace('Flag=5', 'Flag=A') + CP), 'bad_flag', 'Flag'],
  ['Flag over 255', seg(HEAD.replace('Flag=5', 'Flag=256') + CP), 'bad_flag', 'Flag'],
  ['DataTime 31 November', seg(HEAD + CP.replace('20261128153000', '20261131153000')), 'bad_datatime'],
  ['DataTime hour 24', seg(HEAD + CP.replace('20261128153000', '20261128243000')), 'bad_datatime'],
  ['DataTime 13 digits', seg(HEAD + CP.replace('20261128153000', '2026112815300')), 'bad_datatime'],
  ['two DataTimes', seg(HEAD + CP.replace('&&D', '&&DataTime=20261128153100;D')), 'bad_datatime'],
  ['frame over 9999 bytes', '##9999' + 'x'.repeat(20_000), 'too_long'],
]

describe('decodePacket rejections', () => {
  it.each(cases)('%s → %s', (_name, frame, reason, field) => {
    const result = decodePacket(frame)
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.reason).toBe(reason)
    expect(result.detail.length).toBeGreaterThan(0)
    if (field !== undefined) expect(result.field).toBe(field)
  })

  it('refuses segments above a connection limit with too_long', () => {
    const big = frameOf(HEAD + 'CP=&&' + 'a=1;'.repeat(300) + '&&')
    expect(decodePacket(big).ok).toBe(true)
    expect(decodePacket(big, { maxSegmentLength: 1024 })).toMatchObject({ ok: false, reason: 'too_long' })
  })

  it('keeps what it could read, and maps reasons to QnRtn answer codes', () => {
    const bad = decodePacket(STANDARD_EXAMPLE.replace('1C80', '0000'))
    expect(bad).toMatchObject({
      ok: false,
      reason: 'bad_crc',
      partial: { mn: '010000A8900016F000169DC0', qn: '20160801085857223', cn: '1062' },
    })
    if (bad.ok) return
    expect(qnRtnFor(bad)).toBe(9)
    const noPw = decodePacket(frameOf(STANDARD_EXAMPLE_SEGMENT.replace('PW=100000;', '')))
    expect(!noPw.ok && qnRtnFor(noPw)).toBe(3)
    const badQn = decodePacket(frameOf(STANDARD_EXAMPLE_SEGMENT.replace('QN=2016', 'QN=0016')))
    expect(!badQn.ok && qnRtnFor(badQn)).toBe(7)
  })
})
