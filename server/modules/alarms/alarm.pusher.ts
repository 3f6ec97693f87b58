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
  readonly stats: DeliveryStats & { dropped: number }
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

/** Joins the alarm room of the account: park roles see every alarm, an enterprise user its own. */
function attach(socket: AlarmSocket): void {
  socket.on('alarms.subscribe', async (_req, ack) => {
    const reply = typeof ack === 'function' ? ack : () => undefined
    const { user } = socket.data
    if (user.role === 'enterprise_user') {
      if (!user.enterprise_id) return reply({ ok: false, error: 'no enterprise' })
      await socket.join(rooms.alarmsEnterprise(user.enterprise_id))
    } else await socket.join(rooms.alarmsPark)
    reply({ ok: true })
  })
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
  const stats = { sent: 0, resent: 0, receipts: 0, unconfirmed: 0, dropped: 0 }
  const filter = new VersionFilter()
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
      for (const socket of localSocketsIn(io, targets))
        void deliver(socket, msg, timing, stats).catch((err) => log.warn({ err }, 'alarm delivery failed'))
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
    stop: async () => {
      clearInterval(floodTimer)
      io.off('connection', attach)
      await sub.stop()
    },
  }
}
