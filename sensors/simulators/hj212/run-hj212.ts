import { CN, type Hj212Packet } from '../../protocols/hj212'
import { systemClock, type Clock } from '../clock'
import { createPrng, hashSeed } from '../prng'
import { AckTracker } from './ack-tracker'
import { CollectorAgent, type AgentTiming, type SimCollector } from './collector-agent'
import { CollectorLink } from './collector-link'
import type { ValueOptions } from './values'

export interface Hj212SimulatorOptions extends AgentTiming {
  collectors: SimCollector[]
  /** the platform's HJ 212 listener */
  host: string
  port: number
  seed?: number
  clock?: Clock
  values?: ValueOptions
  /** resend an unanswered upload after this long, at most maxResends times; defaults 10 s and 3 */
  ackTimeoutMs?: number
  maxResends?: number
  /** how often the schedule is checked; default 1 s */
  tickMs?: number
  /** first reconnect delay; default 500 ms */
  minBackoffMs?: number
}

export interface Hj212SimStats {
  sent: number
  acked: number
  refused: number
  pending: number
  dropped: number
  connected: number
}

export interface Hj212Simulator {
  collectors: SimCollector[]
  stats(): Hj212SimStats
  /** runs the schedule once now (the timer calls it every tickMs) */
  tick(): void
  stop(): void
}

interface Unit {
  agent: CollectorAgent
  link: CollectorLink
  acks: AckTracker
}

/**
 * Simulated 数采仪 speaking HJ 212-2017 over real TCP to the platform's listener: one connection per collector,
 * real CRCs (the protocol library encodes), Flag 5 (ack wanted), unanswered uploads resent, reconnects with
 * backoff. Values come from a seeded PRNG per collector and the injected clock, so a seed reproduces them.
 */
export function startHj212Simulator(o: Hj212SimulatorOptions): Hj212Simulator {
  const clock = o.clock ?? systemClock
  const seed = o.seed ?? 1
  const counts = { sent: 0, acked: 0, refused: 0 }
  const units: Unit[] = o.collectors.map((c) => {
    const acks = new AckTracker(o.ackTimeoutMs ?? 10_000, o.maxResends ?? 3)
    const jitter = createPrng(hashSeed(seed, c.mn, 'link'))
    const unit: Unit = {
      agent: new CollectorAgent(c, createPrng(hashSeed(seed, c.mn)), clock.now(), o, o.values),
      acks,
      link: new CollectorLink({
        host: o.host,
        port: o.port,
        minBackoffMs: o.minBackoffMs ?? 500,
        jitter: () => jitter.next(),
        onConnect: () => {
          acks.unsendAll()
          flush(unit)
        },
        onPacket: (p) => onAnswer(acks, p),
      }),
    }
    return unit
  })

  function onAnswer(acks: AckTracker, p: Hj212Packet): void {
    if (!p.qn) return
    // 9014: stored. 9011 with QnRtn ≠ 1: refused (bad PW, unknown MN…), which no resend can fix.
    if (p.cn === CN.dataAnswer && acks.settle(p.qn)) counts.acked++
    if (p.cn === CN.requestAnswer && p.cp.other.QnRtn !== '1' && acks.settle(p.qn)) counts.refused++
  }

  function flush(u: Unit): void {
    if (!u.link.connected) return
    const now = clock.now()
    for (const p of u.acks.due(now)) {
      if (!u.link.send(p.frame)) break
      u.acks.markSent(p.qn, now)
      counts.sent++
    }
  }

  function tick(): void {
    const now = clock.now()
    for (const u of units) {
      for (const f of u.agent.due(now)) u.acks.add(f.qn, f.frame)
      flush(u)
    }
  }

  const timer = setInterval(tick, o.tickMs ?? 1000)
  tick()
  return {
    collectors: o.collectors,
    stats: () => ({
      ...counts,
      pending: units.reduce((n, u) => n + u.acks.size, 0),
      dropped: units.reduce((n, u) => n + u.acks.dropped, 0),
      connected: units.filter((u) => u.link.connected).length,
    }),
    tick,
    stop() {
      clearInterval(timer)
      for (const u of units) u.link.close()
    },
  }
}
