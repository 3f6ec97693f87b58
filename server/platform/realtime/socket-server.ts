import type { Server as HttpServer } from 'node:http'
import { Server } from 'socket.io'
import { createAdapter } from '@socket.io/redis-streams-adapter'
import { subscribeRequest, type ClientToServerEvents, type ServerToClientEvents } from '../../contracts'
import { cookieFromHeader, sessionCookie, type SessionStore, type SessionUser } from '../auth/sessions'
import type { Bus } from '../bus/bus'
import { RedisBus } from '../bus/redis-bus'
import type { Logger } from '../logger'
import { rooms } from './rooms'

export interface SocketData {
  user: SessionUser
  token: string
}
export type IoServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>

export async function createSocketServer(
  http: HttpServer,
  opts: { sessions: SessionStore; bus: Bus; log: Logger; allowedOrigins: string[] },
): Promise<{ io: IoServer; stop(): Promise<void> }> {
  const { sessions, log } = opts
  const adapter =
    opts.bus instanceof RedisBus
      ? createAdapter(await opts.bus.duplicate(), { streamName: opts.bus.key('socket.io') })
      : undefined
  const io: IoServer = new Server(http, {
    ...(adapter ? { adapter } : {}),
    serveClient: false,
    maxHttpBufferSize: 64 * 1024,
    // same origin always passes; others only from the allowlist
    allowRequest: (req, cb) => {
      const origin = req.headers.origin
      const host = req.headers.host
      const ok =
        !origin ||
        origin === `http://${host}` ||
        origin === `https://${host}` ||
        opts.allowedOrigins.includes(origin)
      cb(ok ? null : 'origin not allowed', ok)
    },
  })

  io.use((socket, next) => {
    // socket.io does not await middleware: every failure must end in next(err), never a rejection
    const token = cookieFromHeader(socket.handshake.headers.cookie, sessionCookie)
    sessions
      .resolve(token)
      .catch(() => null)
      .then((user) => {
        if (!user || !token) return next(new Error('auth.required'))
        socket.data.user = user
        socket.data.token = token
        next()
      })
      .catch(() => next(new Error('auth.required')))
  })

  io.on('connection', (socket) => {
    socket.on('live.subscribe', async (req, ack) => {
      const reply = typeof ack === 'function' ? ack : () => undefined
      const parsed = subscribeRequest.safeParse(req)
      if (!parsed.success)
        return reply({ ok: false, error: 'validation: channels must be a list of known channels' })
      const { user } = socket.data
      for (const ch of parsed.data.channels) {
        if (ch !== 'positions') continue
        if (user.role === 'enterprise_user' && user.enterprise_id)
          await socket.join(rooms.positionsEnterprise(user.enterprise_id))
        else await socket.join(rooms.positionsPark)
      }
      reply({ ok: true })
    })
  })

  const heartbeat = setInterval(
    () => io.emit('server.heartbeat', { server_time: new Date().toISOString() }),
    5_000,
  )
  // A signed-out or disabled account loses its sockets within this period.
  const recheck = setInterval(async () => {
    for (const socket of io.of('/').sockets.values()) {
      const still = await sessions.resolve(socket.data.token).catch(() => undefined)
      if (still === null) socket.disconnect(true)
    }
  }, 15_000)
  log.debug('socket.io ready')

  return {
    io,
    stop: async () => {
      clearInterval(heartbeat)
      clearInterval(recheck)
      io.disconnectSockets(true)
      await new Promise<void>((r) => io.close(() => r()))
    },
  }
}
