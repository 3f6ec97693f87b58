// Plausibility of a terminal's clock. Device time is the natural key of a position (closed-area.md),
// so every fix is stored as reported, whatever its time: the database is the record, and the
// positions_default partition takes dates outside the day partitions. Only the live pipeline
// (cache, broadcast, future geofencing) is spared samples from a wrong clock: a fix dated ahead
// would pin "latest position" until the clock caught up, and a very old one is history, not news.

export interface DeviceTimePolicy {
  /** a fix more than this ahead of the server clock is 'future'; default 10 min */
  futureSkewMs: number
  /** a fix older than this is 'stale'; default 7 days (longer than any blind-area re-send we expect) */
  staleAfterMs: number
}

export const defaultDeviceTimePolicy: DeviceTimePolicy = {
  futureSkewMs: 10 * 60_000,
  staleAfterMs: 7 * 86_400_000,
}

export type DeviceTimeClass = 'ok' | 'future' | 'stale'

/** Classifies an ISO instant against the server clock `nowMs`. */
export function classifyDeviceTime(
  t: string,
  nowMs: number,
  policy = defaultDeviceTimePolicy,
): DeviceTimeClass {
  const ms = Date.parse(t)
  if (ms > nowMs + policy.futureSkewMs) return 'future'
  if (ms < nowMs - policy.staleAfterMs) return 'stale'
  return 'ok'
}
