import { alarmMessageKinds, type Alarm, type AlarmMessage, type FloodState } from '../../contracts/alarms'
import { streams, type Bus } from '../../platform/bus/bus'
import type { Logger } from '../../platform/logger'
import { rooms } from '../../platform/realtime/rooms'
import type { IoServer } from '../../platform/realtime/socket-server'
import { defaultFlood, defaultPositions, defaultTiming, positionsOf, type AlarmTiming } from './alarm-config'
import { FloodDetector } from './flood'
import { deliver, localSocketsIn, type AlarmSocket, type DeliveryStats } from './socket-delivery'
import { VersionFilter } from './version-filter'

export interface AlarmPusherOptions {
  /** bus stream the outbox relay publishes alarms to */
  stream?: string
  timing?: Partial<AlarmTiming>
  /** how often flood state is re-evaluated without new alarms, ms */
  floodCheckMs?: number
}

export interface AlarmPusher {
  readonly stats: DeliveryStats & { dropped: number; resentOnSubscribe: number }
  /** messages waiting for a user (or any user) to reconnect */
  pendingForReconnect(userId?: string): number
  stop(): Promise<void>
}

const rank = { urgent: 0, high: 1, low: 2 } as const
const isMessage = (p: unknown): p is AlarmMessage => {
  const m = p as Partial<AlarmMessage> | null
  return Boolean(
    m &&
    alarmMessageKinds.includes(m.kind!) &&
    typeof m.alarm?.id === 'string' &&
    typeof m.alarm.version === 'number',
  )
}

/** Most unconfirmed messages kept per user, and users kept, for re-sending after a reconnect. */
const ledgerLimits = { perUser: 500, users: 5_000 }

/**
 * Messages a user's sockets did not confirm (no receipt within the re-sends, or the socket went away
 * first), newest version per alarm: sent again when that user next subscribes on this node. Socket.IO
 * needs sticky sessions across nodes, so a reconnect lands here; a client also re-fetches the snapshot.
 */
class UnconfirmedLedger {
  private readonly byUser = new Map<string, Map<string, AlarmMessage>>()

  keep(userId: string, msg: AlarmMessage): void {
    let m = this.byUser.get(userId)
    if (!m) {
      if (this.byUser.size >= ledgerLimits.users) {
        const oldest = this.byUser.keys().next().value
        if (oldest !== undefined) this.byUser.delete(oldest)
      }
      m = new Map()
      this.byUser.set(userId, m)
    }
    const held = m.get(msg.alarm.id)
    if (held && held.alarm.version > msg.alarm.version) return
    m.delete(msg.alarm.id)
    m.set(msg.alarm.id, msg)
    if (m.size > ledgerLimits.perUser) m.delete(m.keys().next().value!)
  }

  confirmed(userId: string, msg: AlarmMessage): void {
    const m = this.byUser.get(userId)
    const held = m?.get(msg.alarm.id)
    if (m && held && held.alarm.version <= msg.alarm.version) m.delete(msg.alarm.id)
    if (m && !m.size) this.byUser.delete(userId)
  }

  /** the user's unconfirmed messages, oldest first; they stay until confirmed */
  of(userId: string): AlarmMessage[] {
    return [...(this.byUser.get(userId)?.values() ?? [])]
  }

  size(userId?: string): number {
    if (userId !== undefined) return this.byUser.get(userId)?.size ?? 0
    let n = 0
    for (const m of this.byUser.values()) n += m.size
    return n
  }
}

/**
 * Realtime role: tails the alarms stream and sends each new (alarm id, version) to this node's sockets in
 * the park room and the owning enterprise's room, with a receipt and bounded re-sends. The stream is
 * at-least-once, so repeats are dropped here. Clients fetch GET /api/v1/alarms on (re)connect (the
 * snapshot) and apply these messages on top; flood changes go out as `alarm.flood`.
 */
export function startAlarmPusher(
  io: IoServer,
  bus: Bus,
  log: Logger,
  opts: AlarmPusherOptions = {},
): AlarmPusher {
  const timing = { ...defaultTiming, ...opts.timing }
  const stats = { sent: 0, resent: 0, receipts: 0, unconfirmed: 0, dropped: 0, resentOnSubscribe: 0 }
  const filter = new VersionFilter()
  const ledger = new UnconfirmedLedger()

  const send = (socket: AlarmSocket, msg: AlarmMessage) => {
    const userId = socket.data.user.id
    return deliver(socket, msg, timing, stats).then(
      (ok) => (ok ? ledger.confirmed(userId, msg) : ledger.keep(userId, msg)),
      (err: unknown) => {
        ledger.keep(userId, msg)
        log.warn({ err }, 'alarm delivery failed')
      },
    )
  }

  /** Joins the alarm room of the account (park roles: every alarm; an enterprise user: its own), then re-sends what it missed. */
  const attach = (socket: AlarmSocket): void => {
    socket.on('alarms.subscribe', async (_req, ack) => {
      const reply = typeof ack === 'function' ? ack : () => undefined
      const { user } = socket.data
      if (user.role === 'enterprise_user') {
        if (!user.enterprise_id) return reply({ ok: false, error: 'no enterprise' })
        await socket.join(rooms.alarmsEnterprise(user.enterprise_id))
      } else await socket.join(rooms.alarmsPark)
      reply({ ok: true })
      for (const msg of ledger.of(user.id)) {
        stats.resentOnSubscribe++
        void send(socket, msg)
      }
    })
  }
  const floods = new Map(
    defaultPositions.map((p) => [
      p.id,
      { detector: new FloodDetector(defaultFlood), top: null as Alarm | null },
    ]),
  )

  io.on('connection', attach)
  for (const s of io.of('/').sockets.values()) attach(s)

  const emitFlood = (positionId: string) => {
    const f = floods.get(positionId)
    const p = defaultPositions.find((x) => x.id === positionId)
    if (!f || !p) return
    const s = f.detector.state
    const state: FloodState = {
      position: p.id,
      name: p.name,
      in_flood: s.inFlood,
      count: s.count,
      window_s: defaultFlood.windowMs / 1000,
      since: s.since === null ? null : new Date(s.since).toISOString(),
      top: s.inFlood ? f.top : null,
    }
    for (const socket of localSocketsIn(io, [rooms.alarmsPark])) socket.emit('alarm.flood', state)
  }

  const track = (msg: AlarmMessage) => {
    if (msg.kind !== 'alarm.raised') return
    for (const p of positionsOf(msg.alarm.enterprise_id)) {
      const f = floods.get(p.id)
      if (!f) continue
      if (!f.top || rank[msg.alarm.priority] <= rank[f.top.priority]) f.top = msg.alarm
      if (f.detector.add(Date.parse(msg.transition.at))) emitFlood(p.id)
    }
  }

  const sub = bus.tail<unknown>(opts.stream ?? streams.alarms, (entries) => {
    for (const e of entries) {
      if (!isMessage(e.payload) || !filter.accept(e.payload.alarm.id, e.payload.alarm.version)) {
        stats.dropped++
        continue
      }
      const msg = e.payload
      const targets: string[] = [rooms.alarmsPark]
      if (msg.alarm.enterprise_id) targets.push(rooms.alarmsEnterprise(msg.alarm.enterprise_id))
      for (const socket of localSocketsIn(io, targets)) void send(socket, msg)
      track(msg)
    }
  })

  const floodTimer = setInterval(() => {
    for (const [id, f] of floods) {
      if (f.detector.evaluate(Date.now())) emitFlood(id)
      if (!f.detector.state.inFlood && f.detector.state.count === 0) f.top = null
    }
  }, opts.floodCheckMs ?? 10_000)
  floodTimer.unref()

  return {
    stats,
    pendingForReconnect: (userId) => ledger.size(userId),
    stop: async () => {
      clearInterval(floodTimer)
      io.off('connection', attach)
      await sub.stop()
    },
  }
}
