// JT/T 808 rejections are counted by the listener and handed to the shared rejection log (budget by IP, raw
// frame bytes as a hex excerpt).
import { describe, expect, it } from 'vitest'
import { Jt808Rejections, peerIp } from '../../../../../server/ingest/jt808/jt808.rejections'
import { createStats } from '../../../../../server/ingest/jt808/jt808.stats'
import type { RejectionInput, RejectionLog } from '../../../../../server/ingest/shared/rejection-log'

describe('Jt808Rejections', () => {
  it('takes the IP of IPv4, IPv4-mapped and bracketed IPv6 peers', () => {
    expect(peerIp('10.1.2.3:5000')).toBe('10.1.2.3')
    expect(peerIp('::ffff:127.0.0.1:54274')).toBe('::ffff:127.0.0.1')
    expect(peerIp('[2001:db8::1]:808')).toBe('2001:db8::1')
  })

  it('counts by reason and hands the shared log the terminal and a hex excerpt of at most 64 bytes', () => {
    const seen: RejectionInput[] = []
    const log = { record: (r: RejectionInput) => seen.push(r) } as unknown as RejectionLog
    const stats = createStats()
    const rejections = new Jt808Rejections(log, stats)
    rejections.record({
      reason: 'bad_checksum',
      peer: '10.0.0.9:4100',
      terminal: '13800000001',
      detail: 'checksum 0x12, expected 0x34',
      raw: Buffer.alloc(100, 0xab),
    })
    rejections.record({ reason: 'bad_checksum', peer: '10.0.0.9:4101', detail: 'again' })
    expect(stats.rejections).toEqual({ bad_checksum: 2 })
    expect(seen[0]).toEqual({
      reason: 'bad_checksum',
      peer: '10.0.0.9:4100',
      ip: '10.0.0.9',
      mn: '13800000001',
      detail: 'checksum 0x12, expected 0x34',
      raw: 'ab'.repeat(64),
    })
    expect(seen[1]).toMatchObject({ ip: '10.0.0.9', mn: undefined, raw: undefined })
  })
})
