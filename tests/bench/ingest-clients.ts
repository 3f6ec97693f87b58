// Worker-thread entry of the Socket.IO side of `npm run bench:ingest`: `count` signed-in clients subscribed to
// `positions`, counting the samples of each `positions.frame`. Client 0 also notes when each sample arrived
// ("tag|deviceMs" → epoch ms) while a phase records, for the device-to-client latency.
import { parentPort, workerData } from 'node:worker_threads'
import { io as connectSocket, type Socket } from 'socket.io-client'
import type { ClientToServerEvents, ServerToClientEvents } from '../../server/contracts'
import { ApiClient } from '../helpers/http'

interface ClientsSetup {
  url: string
  username: string
  password: string
  count: number
}

const setup = workerData as ClientsSetup
const epochNow = () => performance.timeOrigin + performance.now()
let samples: number[] = []
let frames = 0
let recording = false
let arrivals = new Map<string, number>()
const sockets: Socket<ServerToClientEvents, ClientToServerEvents>[] = []

async function start() {
  for (let i = 0; i < setup.count; i++) {
    const api = new ApiClient(setup.url)
    await api.login(setup.username, setup.password)
    const s: Socket<ServerToClientEvents, ClientToServerEvents> = connectSocket(setup.url, {
      transports: ['websocket'],
      reconnection: false,
      extraHeaders: { cookie: api.cookie! },
    })
    await new Promise<void>((resolve, reject) => {
      s.once('connect', resolve)
      s.once('connect_error', reject)
    })
    const res = await s.emitWithAck('live.subscribe', { channels: ['positions'] })
    if (!res.ok) throw new Error(`live.subscribe: ${JSON.stringify(res)}`)
    const me = i
    s.on('positions.frame', (frame) => {
      samples[me]! += frame.samples.length
      if (me !== 0) return
      frames++
      if (!recording) return
      const at = epochNow()
      for (const x of frame.samples) {
        const key = `${x.tag_id.replace(/^jt808-/, '')}|${Date.parse(x.t)}`
        if (!arrivals.has(key)) arrivals.set(key, at)
      }
    })
    sockets.push(s)
  }
  samples = sockets.map(() => 0)
}

parentPort!.on('message', (m: { type: string; record?: boolean }) => {
  if (m.type === 'start')
    start().then(
      () => parentPort!.postMessage({ type: 'started' }),
      (err: unknown) => parentPort!.postMessage({ type: 'error', error: String(err) }),
    )
  else if (m.type === 'begin') {
    samples = sockets.map(() => 0)
    frames = 0
    arrivals = new Map()
    recording = m.record ?? false
    parentPort!.postMessage({ type: 'begun' })
  } else if (m.type === 'end') {
    parentPort!.postMessage({
      type: 'ended',
      samples,
      frames,
      connected: sockets.filter((s) => s.connected).length,
      arrival_keys: [...arrivals.keys()],
      arrival_at: [...arrivals.values()],
    })
    recording = false
    arrivals = new Map()
  } else if (m.type === 'close') {
    for (const s of sockets) s.close()
    parentPort!.postMessage({ type: 'closed' })
  }
})
