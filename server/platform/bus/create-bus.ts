import type { Bus } from './bus'
import { MemoryBus } from './memory-bus'
import { RedisBus } from './redis-bus'

export async function createBus(
  redisUrl: string | undefined,
  onError?: (err: unknown) => void,
): Promise<Bus> {
  return redisUrl ? RedisBus.connect(redisUrl, onError ? { onError } : {}) : new MemoryBus()
}
