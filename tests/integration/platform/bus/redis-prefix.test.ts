import { afterAll, describe, expect, it } from 'vitest'
import { RedisBus } from '../../../../server/platform/bus/redis-bus'
import { testRedisUrl, uniqueRedisPrefix } from '../../../helpers/services'

// Two deployments (or test servers) on one Redis must not see each other's streams or live state.
describe('RedisBus prefix', () => {
  const buses: RedisBus[] = []
  afterAll(async () => {
    for (const b of buses) await b.close()
  })

  it('keeps streams and live cache apart per prefix', async () => {
    const a = await RedisBus.connect(testRedisUrl(), { prefix: uniqueRedisPrefix('a') })
    const b = await RedisBus.connect(testRedisUrl(), { prefix: uniqueRedisPrefix('b') })
    buses.push(a, b)
    const seenA: number[] = []
    const seenB: number[] = []
    const ta = a.tail<number>('s', (es) => seenA.push(...es.map((e) => e.payload)))
    const tb = b.tail<number>('s', (es) => seenB.push(...es.map((e) => e.payload)))
    await a.publish('s', 1)
    await b.publish('s', 2)
    await a.setLatest('k', { x: 'from a' })
    const deadline = Date.now() + 10_000
    while ((seenA.length < 1 || seenB.length < 1) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50))
    await ta.stop()
    await tb.stop()
    expect(seenA).toEqual([1])
    expect(seenB).toEqual([2])
    expect(await a.getLatest('k')).toEqual({ x: 'from a' })
    expect(await b.getLatest('k')).toEqual({})
    expect(await a.getLatestFields('k', ['x', 'missing'])).toEqual({ x: 'from a' })
    expect(await a.getLatestFields('k', [])).toEqual({})
    expect(a.key('s')).toBe(`${a.prefix}:s`)
  })
})
