import { isTransientDbError } from '../../platform/db/errors'

/** Resolves with p, or rejects after ms: a bus that hangs (Redis away) must not hold a device's answer. */
export function within<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`bus did not answer within ${ms} ms`)), ms)
  })
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer))
}

/**
 * Errors worth one more try of the whole transaction: the transient ones, and a row routed to the default
 * partition just as ensure_day_partitions attached that day's partition (23514 on `readings_default`).
 */
function retryable(err: unknown): boolean {
  const e = err as { code?: string; table?: string }
  return isTransientDbError(err) || (e?.code === '23514' && e.table === 'readings_default')
}

export async function withRetry<T>(fn: () => Promise<T>, attempts = 3): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn()
    } catch (err) {
      if (i >= attempts || !retryable(err)) throw err
      await new Promise((r) => setTimeout(r, 50 * i))
    }
  }
}
