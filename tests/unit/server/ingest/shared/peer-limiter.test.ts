import { describe, expect, it } from 'vitest'
import { PeerLimiter } from '../../../../../server/ingest/shared/peer-limiter'
import { printable } from '../../../../../server/ingest/shared/printable'

describe('PeerLimiter: rejection rows per peer and in all, per window', () => {
  it('gives each peer its budget within a window, then a fresh one in the next window', () => {
    const l = new PeerLimiter(3, 100, 60_000)
    const spend = (peer: string, at: number, n: number) =>
      Array.from({ length: n }, () => l.allow(peer, at)).filter(Boolean).length
    expect(spend('10.0.0.1', 0, 5)).toBe(3)
    expect(spend('10.0.0.2', 1_000, 5)).toBe(3)
    expect(spend('10.0.0.1', 59_999, 1)).toBe(0)
    expect(spend('10.0.0.1', 60_000, 5)).toBe(3)
  })

  it('caps all peers together, and the number of peers it remembers', () => {
    const total = new PeerLimiter(10, 4)
    expect(['a', 'b', 'c', 'd', 'e', 'f'].map((p) => total.allow(p, 0))).toEqual([
      true,
      true,
      true,
      true,
      false,
      false,
    ])
    const peers = new PeerLimiter(10, 100, 60_000, 2)
    expect(['a', 'b', 'c', 'a'].map((p) => peers.allow(p, 0))).toEqual([true, true, false, true])
  })
})

describe('printable', () => {
  it('escapes control characters (NUL cannot be stored in PostgreSQL text) and cuts long text', () => {
    expect(printable('##0101\u0000QN=1\r\n', 100)).toBe('##0101\\x00QN=1\\x0d\\x0a')
    expect(printable('x'.repeat(10), 4)).toBe('xxxx…')
    expect(printable('数采仪', 10)).toBe('数采仪')
  })
})
