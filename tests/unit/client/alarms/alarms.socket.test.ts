import { describe, expect, it } from 'vitest'
import type { Alarm, AlarmReceipt } from '../../../../server/contracts'
import { bindAlarmFeed, type LiveSocket } from '../../../../client/live/alarms.socket'
import { AlarmStore } from '../../../../client/live/alarms.store'
import { alarm, delivery } from './alarm-fixture'

type Handler = (...args: unknown[]) => void

/** Just enough of a Socket.IO client: handlers by event, emitted requests recorded. */
class FakeSocket {
  connected = false
  readonly handlers = new Map<string, Handler[]>()
  readonly emitted: { event: string; ack: (res: { ok: boolean; error?: string }) => void }[] = []
  on(event: string, fn: Handler) {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), fn])
    return this
  }
  off(event: string, fn: Handler) {
    this.handlers.set(
      event,
      (this.handlers.get(event) ?? []).filter((h) => h !== fn),
    )
    return this
  }
  emit(event: string, _req: unknown, ack: (res: { ok: boolean; error?: string }) => void) {
    this.emitted.push({ event, ack })
    return this
  }
  fire(event: string, ...args: unknown[]) {
    for (const fn of this.handlers.get(event) ?? []) fn(...args)
  }
  connect() {
    this.connected = true
    this.fire('connect')
  }
}

const flush = () => new Promise((r) => setTimeout(r, 0))

function setup(snapshots: Alarm[][] = [[]]) {
  const socket = new FakeSocket()
  const store = new AlarmStore()
  let fetches = 0
  const feed = bindAlarmFeed(socket as unknown as LiveSocket, store, {
    fetchSnapshot: async () => snapshots[Math.min(fetches++, snapshots.length - 1)]!,
  })
  return { socket, store, feed, fetches: () => fetches }
}

describe('bindAlarmFeed', () => {
  it('subscribes on connect and fetches the snapshot only after the subscription is confirmed', async () => {
    const a = alarm({ id: '5' })
    const { socket, store, fetches } = setup([[a]])
    socket.connect()
    expect(socket.emitted.map((e) => e.event)).toEqual(['alarms.subscribe'])
    await flush()
    expect(fetches()).toBe(0)
    socket.emitted[0]!.ack({ ok: true })
    await flush()
    expect(fetches()).toBe(1)
    expect(store.subscribed).toBe(true)
    expect(store.list().map((x) => x.id)).toEqual(['5'])
  })

  it('answers each delivery with {ok:true} only after the store applied it, repeats included', () => {
    const { socket, store } = setup()
    socket.connect()
    const receipts: { ok: boolean; sizeThen: number }[] = []
    const receipt = (res: AlarmReceipt) => receipts.push({ ok: res.ok, sizeThen: store.size })
    const a = alarm({ id: '7' })
    socket.fire('alarm.raised', delivery(a, 'alarm.raised'), receipt)
    socket.fire('alarm.raised', delivery(a, 'alarm.raised', 2), receipt)
    expect(receipts).toEqual([
      { ok: true, sizeThen: 1 },
      { ok: true, sizeThen: 1 },
    ])
    expect(store.repeats).toBe(1)
  })

  it('withholds the receipt when the store could not apply the delivery (the server re-sends)', () => {
    const { socket, store } = setup()
    store.subscribe(() => {
      throw new Error('listener broke')
    })
    const receipts: AlarmReceipt[] = []
    const err = console.error
    console.error = () => undefined
    try {
      socket.fire('alarm.updated', delivery(alarm({ id: '8' })), (r: AlarmReceipt) => receipts.push(r))
    } finally {
      console.error = err
    }
    expect(receipts).toEqual([])
  })

  it('re-subscribes and re-snapshots after a reconnect, ignoring the older connection’s answers', async () => {
    const first = alarm({ id: '1' })
    const second = alarm({ id: '2' })
    const { socket, store, fetches } = setup([[first], [second]])
    socket.connect()
    socket.fire('disconnect')
    expect(store.subscribed).toBe(false)
    socket.connect()
    socket.emitted[0]!.ack({ ok: true }) // late answer of the first connection
    await flush()
    expect(fetches()).toBe(0)
    socket.emitted[1]!.ack({ ok: true })
    await flush()
    expect(store.list().map((a) => a.id)).toEqual(['1'])
    socket.fire('disconnect')
    socket.connect()
    socket.emitted[2]!.ack({ ok: true })
    await flush()
    expect(store.list().map((a) => a.id)).toEqual(['2'])
  })

  it('reports a refused subscription and tracks alarm.flood', () => {
    const { socket, store } = setup()
    socket.connect()
    socket.emitted[0]!.ack({ ok: false, error: 'no enterprise' })
    expect(store.error).toContain('no enterprise')
    socket.fire('alarm.flood', {
      position: 'park',
      name: 'p',
      in_flood: true,
      count: 11,
      window_s: 600,
      since: null,
      top: null,
    })
    expect(store.inFlood()).toBe(true)
  })

  it('binds to an already connected socket and unbinds on stop', () => {
    const socket = new FakeSocket()
    socket.connected = true
    const store = new AlarmStore()
    const feed = bindAlarmFeed(socket as unknown as LiveSocket, store, { fetchSnapshot: async () => [] })
    expect(socket.emitted).toHaveLength(1)
    feed.stop()
    socket.fire('alarm.raised', delivery(alarm(), 'alarm.raised'), () => undefined)
    expect(store.size).toBe(0)
  })
})
