import type { Socket } from 'socket.io-client'
import type {
  Alarm,
  AlarmDelivery,
  AlarmReceipt,
  ClientToServerEvents,
  FloodState,
  ServerToClientEvents,
} from '../../server/contracts'
import { alarmMessageKinds, type AlarmStore } from './alarms.store'

export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>

export interface AlarmFeedOptions {
  /** GET /alarms?state=active */
  fetchSnapshot: () => Promise<Alarm[]>
  onError?: (message: string) => void
}

export interface AlarmFeed {
  stop(): void
}

/**
 * Alarms over the shared live socket. On every (re)connect: `alarms.subscribe`, then the REST snapshot;
 * each pushed message is applied to the store and only then confirmed with the receipt `{ok: true}`
 * (a repeat is confirmed too: we hold that version). A delivery the store could not apply gets no
 * receipt, so the server sends it again.
 */
export function bindAlarmFeed(socket: LiveSocket, store: AlarmStore, options: AlarmFeedOptions): AlarmFeed {
  let generation = 0
  const fail = (message: string) => {
    store.setStatus({ error: message })
    options.onError?.(message)
  }

  const onConnect = () => {
    const gen = ++generation
    store.beginSnapshot()
    socket.emit('alarms.subscribe', {}, (res) => {
      if (gen !== generation) return
      if (!res?.ok) return fail(`alarms.subscribe: ${res?.error ?? 'refused'}`)
      store.setStatus({ subscribed: true })
      options.fetchSnapshot().then(
        (list) => {
          if (gen === generation) store.applySnapshot(list)
        },
        (err: unknown) => {
          if (gen === generation) fail(err instanceof Error ? err.message : String(err))
        },
      )
    })
  }
  const onDisconnect = () => {
    generation++
    store.setStatus({ subscribed: false })
  }
  const onDelivery = (msg: AlarmDelivery, receipt: (res: AlarmReceipt) => void) => {
    try {
      store.apply(msg)
    } catch (err) {
      console.error('alarm not applied; the server will re-send it', err)
      return
    }
    if (typeof receipt === 'function') receipt({ ok: true })
  }
  const onFlood = (state: FloodState) => store.applyFlood(state)

  socket.on('connect', onConnect)
  socket.on('disconnect', onDisconnect)
  for (const kind of alarmMessageKinds) socket.on(kind, onDelivery)
  socket.on('alarm.flood', onFlood)
  if (socket.connected) onConnect()

  return {
    stop() {
      generation++
      socket.off('connect', onConnect)
      socket.off('disconnect', onDisconnect)
      for (const kind of alarmMessageKinds) socket.off(kind, onDelivery)
      socket.off('alarm.flood', onFlood)
    },
  }
}
