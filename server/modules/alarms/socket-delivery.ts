import type { Socket } from 'socket.io'
import type { AlarmMessage, ClientToServerEvents, ServerToClientEvents } from '../../contracts'
import type { IoServer, SocketData } from '../../platform/realtime/socket-server'

export type AlarmSocket = Socket<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  SocketData
>

export interface DeliveryStats {
  /** emits, including re-sends */
  sent: number
  resent: number
  receipts: number
  /** deliveries given up after maxDeliveries without a receipt */
  unconfirmed: number
}

/**
 * Sends one alarm message to one socket with `emitWithAck` and a timeout (reliability-security.md
 * promise 2): without a receipt it is sent again, at most `maxDeliveries` times in all. The client drops
 * repeats by alarm id + version. Returns whether the socket confirmed it.
 */
export async function deliver(
  socket: AlarmSocket,
  msg: AlarmMessage,
  opts: { receiptTimeoutMs: number; maxDeliveries: number },
  stats: DeliveryStats,
): Promise<boolean> {
  for (let attempt = 1; attempt <= opts.maxDeliveries; attempt++) {
    if (!socket.connected) return false
    stats.sent++
    if (attempt > 1) stats.resent++
    try {
      const receipt = await socket.timeout(opts.receiptTimeoutMs).emitWithAck(msg.kind, { ...msg, attempt })
      if (receipt?.ok) {
        stats.receipts++
        return true
      }
    } catch {
      // no receipt within the timeout: send again
    }
  }
  stats.unconfirmed++
  return false
}

/** Sockets of this node in any of the rooms (each node delivers to its own sockets). */
export function localSocketsIn(io: IoServer, roomNames: string[]): AlarmSocket[] {
  const nsp = io.of('/')
  const ids = new Set<string>()
  for (const r of roomNames) for (const id of nsp.adapter.rooms.get(r) ?? []) ids.add(id)
  const out: AlarmSocket[] = []
  for (const id of ids) {
    const s = nsp.sockets.get(id)
    if (s) out.push(s)
  }
  return out
}
