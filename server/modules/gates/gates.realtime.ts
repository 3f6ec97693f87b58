// Gate events pushed to the command center: the ingest publishes each newly stored event (with its gate name,
// hazmat flag and booking) on the `gate-events.recorded` stream after its commit; the realtime role tails it and
// emits `gate.recorded` to the park's gate room and, for an enterprise second gate (二道闸), to that enterprise's.
import type { Socket } from 'socket.io'
import type { ClientToServerEvents, ServerToClientEvents } from '../../contracts'
import type { GateEvent, GateRecorded } from '../../contracts/gates'
import type { Bus, Subscription } from '../../platform/bus/bus'
import type { Logger } from '../../platform/logger'
import { rooms } from '../../platform/realtime/rooms'
import type { IoServer, SocketData } from '../../platform/realtime/socket-server'

type IoSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>

/** Broadcast stream (tail, no consumer group): a display feed; the table is the record and GET the snapshot. */
export const gateEventsStream = 'gate-events.recorded'

export interface GateEventsEntry {
  events: GateEvent[]
}

/** What an enterprise's room receives: its own gate's event, without a booking that is not its own. */
export function forEnterprise(e: GateEvent): GateEvent {
  return e.booking && e.booking.enterprise_id !== e.enterprise_id ? { ...e, booking: null } : e
}

/**
 * Realtime role: `gates.subscribe` joins the caller's gate room (park roles: every gate; an enterprise account:
 * its own second gates), then each stored event arrives as `gate.recorded`. A client fetches GET
 * /api/v1/gate-events and /gates/summary after (re)subscribing, as with positions.
 */
export function startGateRealtime(io: IoServer, bus: Bus, log: Logger): Subscription {
  const onConnection = (socket: IoSocket) => {
    socket.on('gates.subscribe', async (_req, ack) => {
      const reply = typeof ack === 'function' ? ack : () => undefined
      const { user } = socket.data
      if (user.role === 'enterprise_user') {
        if (!user.enterprise_id) return reply({ ok: false, error: 'forbidden: no enterprise' })
        await socket.join(rooms.gatesEnterprise(user.enterprise_id))
      } else await socket.join(rooms.gatesPark)
      reply({ ok: true })
    })
  }
  io.on('connection', onConnection)
  const sub = bus.tail<GateEventsEntry>(gateEventsStream, (entries) => {
    for (const entry of entries)
      for (const event of entry.payload.events ?? []) {
        const msg: GateRecorded = { event }
        io.to(rooms.gatesPark).emit('gate.recorded', msg)
        if (event.gate_kind === 'enterprise' && event.enterprise_id)
          io.to(rooms.gatesEnterprise(event.enterprise_id)).emit('gate.recorded', {
            event: forEnterprise(event),
          })
      }
  })
  log.debug('gate events realtime ready')
  return {
    stop: async () => {
      io.off('connection', onConnection)
      await sub.stop()
    },
  }
}
