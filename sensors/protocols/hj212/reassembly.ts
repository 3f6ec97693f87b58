import type { Hj212Cp, Hj212Packet } from './packet'

// Split packets (HJ 212-2017 §6.3 and Appendix C): PNUM parts with PNO 1..PNUM share MN, QN and CN. The
// reassembler holds parts until the set is complete. Memory is bounded three ways: sets expire timeoutMs after
// their first part, at most maxSets are held (the oldest is evicted), and PNUM above maxParts is refused.

export interface ReassemblerOptions {
  /** drop an incomplete set this long after its first part arrived; default 60 s */
  timeoutMs?: number
  /** sets held at once; default 1000 */
  maxSets?: number
  /** largest PNUM accepted; default 64 (64 × 9999 bytes at most per set) */
  maxParts?: number
}

export interface DroppedSet {
  mn: string
  qn: string
  cn: number
  total: number
  /** PNOs that had arrived */
  received: number[]
  reason: 'timeout' | 'evicted'
}

export type ReassemblyOutcome =
  | { status: 'complete'; packet: Hj212Packet; dropped: DroppedSet[] }
  | { status: 'pending'; received: number; total: number; dropped: DroppedSet[] }
  | { status: 'duplicate'; dropped: DroppedSet[] }
  | { status: 'rejected'; detail: string; dropped: DroppedSet[] }

interface PartSet {
  mn: string
  qn: string
  cn: number
  firstAt: number
  total: number
  parts: Map<number, Hj212Packet>
}

/**
 * Parts merged in PNO order: values concatenated, the first DataTime and the first of each other key kept,
 * `raw` the parts' CP texts joined by `;`. The result is one unsplit packet (no PNUM/PNO, split bit cleared).
 */
function merge(parts: Hj212Packet[]): Hj212Packet {
  const first = parts[0]!
  const cp: Hj212Cp = { values: [], other: {}, raw: parts.map((p) => p.cp.raw).join(';') }
  for (const part of parts) {
    cp.values.push(...part.cp.values)
    for (const [key, value] of Object.entries(part.cp.other)) if (!(key in cp.other)) cp.other[key] = value
    if (cp.dataTime === undefined && part.cp.dataTime !== undefined) {
      cp.dataTime = part.cp.dataTime
      if (part.cp.dataTimeIso !== undefined) cp.dataTimeIso = part.cp.dataTimeIso
    }
  }
  const { pnum: _pnum, pno: _pno, ...header } = first
  const flagValue = first.flag.value & ~2
  return { ...header, flag: { ...first.flag, value: flagValue, split: false }, cp }
}

export class Hj212Reassembler {
  private readonly sets = new Map<string, PartSet>()
  private readonly timeoutMs: number
  private readonly maxSets: number
  private readonly maxParts: number

  constructor(options: ReassemblerOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 60_000
    this.maxSets = options.maxSets ?? 1000
    this.maxParts = options.maxParts ?? 64
  }

  /** incomplete sets held now */
  get size(): number {
    return this.sets.size
  }

  /** Drops sets older than the timeout; call it from a timer too, or idle sets wait for the next push. */
  expire(nowMs: number = Date.now()): DroppedSet[] {
    const dropped: DroppedSet[] = []
    for (const [key, set] of this.sets) {
      if (nowMs - set.firstAt < this.timeoutMs) continue
      this.sets.delete(key)
      dropped.push(describe(set, 'timeout'))
    }
    return dropped
  }

  /** Feeds one decoded packet. Unsplit packets come straight back as complete. */
  push(packet: Hj212Packet, nowMs: number = Date.now()): ReassemblyOutcome {
    const dropped = this.expire(nowMs)
    const { pnum, pno, qn } = packet
    if (!packet.flag.split || pnum === undefined || pno === undefined) {
      return { status: 'complete', packet, dropped }
    }
    if (qn === undefined) return { status: 'rejected', detail: 'split packet without QN', dropped }
    if (pno < 1 || pno > pnum) return { status: 'rejected', detail: `PNO ${pno} outside 1..${pnum}`, dropped }
    if (pnum > this.maxParts)
      return { status: 'rejected', detail: `PNUM ${pnum} > ${this.maxParts}`, dropped }
    const key = `${packet.mn}|${qn}|${packet.cn}`
    let set = this.sets.get(key)
    if (set === undefined) {
      if (this.sets.size >= this.maxSets) dropped.push(...this.evictOldest())
      set = { mn: packet.mn, qn, cn: packet.cn, firstAt: nowMs, total: pnum, parts: new Map() }
      this.sets.set(key, set)
    } else if (set.total !== pnum) {
      return { status: 'rejected', detail: `PNUM ${pnum} differs from ${set.total} in this set`, dropped }
    }
    if (set.parts.has(pno)) return { status: 'duplicate', dropped }
    set.parts.set(pno, packet)
    if (set.parts.size < set.total) {
      return { status: 'pending', received: set.parts.size, total: set.total, dropped }
    }
    this.sets.delete(key)
    const ordered = [...set.parts.entries()].sort(([a], [b]) => a - b).map(([, part]) => part)
    return { status: 'complete', packet: merge(ordered), dropped }
  }

  private evictOldest(): DroppedSet[] {
    // Map iteration is insertion order, so the first entry is the oldest set.
    const oldest = this.sets.entries().next()
    if (oldest.done) return []
    const [key, set] = oldest.value
    this.sets.delete(key)
    return [describe(set, 'evicted')]
  }
}

function describe(set: PartSet, reason: DroppedSet['reason']): DroppedSet {
  return {
    mn: set.mn,
    qn: set.qn,
    cn: set.cn,
    total: set.total,
    received: [...set.parts.keys()].sort((a, b) => a - b),
    reason,
  }
}
