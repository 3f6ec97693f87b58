import type { Bus } from './bus'
import { MemoryBus } from './memory-bus'
import { RedisBus } from './redis-bus'

export async function createBus(
  redisUrl: string | undefined,
  onError?: (err: unknown) => void,
  prefix = '',
): Promise<Bus> {
  return redisUrl ? RedisBus.connect(redisUrl, { prefix, ...(onError ? { onError } : {}) }) : new MemoryBus()
}
