export interface BackoffOptions {
  /** first delay, ms; default 1000 */
  initialMs?: number
  /** ceiling, ms; default 60 000 */
  maxMs?: number
}

/** Reconnect delay after `failures` consecutive failed attempts (0 = first retry): doubling, capped. */
export function backoffMs(
  failures: number,
  { initialMs = 1000, maxMs = 60_000 }: BackoffOptions = {},
): number {
  return Math.min(maxMs, initialMs * 2 ** Math.min(failures, 30))
}
