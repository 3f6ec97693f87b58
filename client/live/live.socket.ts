import { io, type Socket } from 'socket.io-client'
import type { ClientToServerEvents, LiveTag, ServerToClientEvents } from '../../server/contracts'
import { FrameBatcher } from './frame-batcher'
import type { LiveStore } from './live.store'

export interface LiveConnection {
  /** the one Socket.IO connection of the page (alarms.socket binds to it too) */
  readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>
  close(): void
}

export interface LiveSocketOptions {
  fetchSnapshot: () => Promise<LiveTag[]>
  now?: () => number
  /** how long frames are coalesced before the UI sees them, ms */
  batchMs?: number
}

/**
 * Socket.IO over the page's origin (cookie session). On every (re)connect: subscribe, fetch the
 * REST snapshot; the store keeps the newest sample per tag whichever arrives first.
 */
export function connectLive(store: LiveStore, options: LiveSocketOptions): LiveConnection {
  const now = options.now ?? Date.now
  const batcher = new FrameBatcher(
    (batch) => store.applyBatch(batch),
    (flush) => setTimeout(flush, options.batchMs ?? 100),
  )
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io({
    path: '/socket.io',
    withCredentials: true,
  })

  socket.on('connect', () => {
    store.setConnection('connected')
    store.heard(now())
    socket.emit('live.subscribe', { channels: ['positions'] }, (res) => {
      if (!res.ok) console.warn('live.subscribe refused:', res.error)
    })
    options.fetchSnapshot().then(
      (tags) => store.applySnapshot(tags),
      (err: unknown) => console.warn('live snapshot failed', err),
    )
  })
  socket.on('disconnect', () => store.setConnection('disconnected'))
  socket.on('connect_error', (err) => {
    store.setConnection('disconnected')
    console.warn('live connection error:', err.message)
  })
  socket.on('positions.frame', (frame) => {
    store.noteFrame(now())
    batcher.push(frame)
  })
  socket.on('server.heartbeat', () => store.heard(now()))

  return {
    socket,
    close() {
      socket.removeAllListeners()
      socket.disconnect()
    },
  }
}
