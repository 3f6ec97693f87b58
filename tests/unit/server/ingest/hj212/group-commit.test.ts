import { describe, expect, it } from 'vitest'
import { GroupCommitter } from '../../../../../server/ingest/hj212/group-commit'
import { OrderedAnswers } from '../../../../../server/ingest/hj212/answerer'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** A commit function that records its groups; `fail` decides per group whether it throws. */
function recorder(fail: (items: number[], call: number) => unknown = () => null, delayMs = 5) {
  const groups: number[][] = []
  let calls = 0
  const commit = async (items: number[]) => {
    calls++
    groups.push([...items])
    await sleep(delayMs)
    const err = fail(items, calls)
    if (err) throw err
    return items.map((i) => i * 10)
  }
  return { groups, commit, calls: () => calls }
}

describe('GroupCommitter', () => {
  it('commits items submitted together as one group and gives each its own result, in order', async () => {
    const r = recorder()
    const g = new GroupCommitter(r.commit, { maxWaitMs: 2 })
    const results = await Promise.all([1, 2, 3, 4].map((i) => g.submit(i)))
    expect(results).toEqual([10, 20, 30, 40])
    expect(r.groups).toEqual([[1, 2, 3, 4]])
    expect(g.stats).toMatchObject({ groups: 1, items: 4, largest: 4 })
  })

  it('caps a group at maxBatch and settles groups in the order they formed', async () => {
    const r = recorder()
    const order: number[] = []
    const g = new GroupCommitter(r.commit, { maxBatch: 3, maxInFlight: 2 })
    await Promise.all([1, 2, 3, 4, 5, 6, 7].map((i) => g.submit(i).then(() => order.push(i))))
    expect(r.groups.map((x) => x.length).every((n) => n <= 3)).toBe(true)
    expect(r.groups.flat()).toEqual([1, 2, 3, 4, 5, 6, 7])
    expect(order).toEqual([1, 2, 3, 4, 5, 6, 7])
  })

  it('settles a later group only after an earlier, slower one, even with two in flight', async () => {
    const order: string[] = []
    let call = 0
    const g = new GroupCommitter(
      async (items: string[]) => {
        await sleep(++call === 1 ? 40 : 1) // the first group commits slowly
        return items
      },
      { maxBatch: 1, maxInFlight: 2 },
      async (items) => {
        order.push(`after ${items.join()}`)
      },
    )
    await Promise.all(['a', 'b'].map((x) => g.submit(x).then(() => order.push(`done ${x}`))))
    expect(order).toEqual(['after a', 'done a', 'after b', 'done b'])
  })

  it('a failed group answers nobody: every item of it rejects, and `after` does not run for them', async () => {
    const boom = Object.assign(new Error('connection lost'), { code: '08006' })
    const r = recorder(() => boom)
    const after: number[][] = []
    const g = new GroupCommitter(r.commit, { retryable: () => true, attempts: 1 }, async (items) => {
      after.push(items)
    })
    const settled = await Promise.allSettled([1, 2, 3].map((i) => g.submit(i)))
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected', 'rejected'])
    expect(after).toEqual([])
    expect(r.groups).toEqual([[1, 2, 3]]) // transient: not split up one by one
    expect(g.stats.failedGroups).toBe(1)
  })

  it('retries a group on a retryable error and then answers it', async () => {
    const r = recorder((_items, call) => (call < 3 ? new Error('transient') : null))
    const g = new GroupCommitter(r.commit, { retryable: () => true, attempts: 3, backoffMs: 1 })
    expect(await Promise.all([1, 2].map((i) => g.submit(i)))).toEqual([10, 20])
    expect(r.groups).toEqual([
      [1, 2],
      [1, 2],
      [1, 2],
    ])
  })

  it('on another error, isolates: items are retried one by one and only the poisonous one fails', async () => {
    const r = recorder((items) => (items.includes(2) ? new Error('invalid byte sequence') : null))
    const g = new GroupCommitter(r.commit, { retryable: () => false })
    const settled = await Promise.allSettled([1, 2, 3].map((i) => g.submit(i)))
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
    expect(settled[0]).toMatchObject({ value: 10 })
    expect(r.groups).toEqual([[1, 2, 3], [1], [2], [3]])
  })

  it('keeps accepting after a failure, and drained() waits for everything in flight', async () => {
    const r = recorder((_items, call) => (call === 1 ? new Error('x') : null))
    const g = new GroupCommitter(r.commit, { retryable: () => true, attempts: 1 })
    await expect(g.submit(1)).rejects.toThrow('x')
    const later = g.submit(2)
    await g.drained()
    expect(await later).toBe(20)
    expect(g.queued).toBe(0)
  })
})

describe('OrderedAnswers', () => {
  it('writes answers in frame order, whatever order the frames finish in', () => {
    const out: string[] = []
    const answers = new OrderedAnswers((d) => out.push(d))
    const a = answers.open()
    const b = answers.open()
    const c = answers.open()
    c.write('C')
    c.close()
    b.write('B')
    expect(out).toEqual([]) // a is not handled yet
    a.write('A')
    expect(out).toEqual(['A'])
    a.close()
    b.close()
    expect(out.join('')).toBe('ABC')
  })

  it('a frame closed without an answer lets the next ones through', () => {
    const out: string[] = []
    const answers = new OrderedAnswers((d) => out.push(d))
    const a = answers.open()
    const b = answers.open()
    b.write('B')
    a.close()
    expect(out).toEqual(['B'])
  })
})
