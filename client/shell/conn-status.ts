import type { ConnectionState } from '../live/live.store'

/** Without a heartbeat or frame for this long, the data on screen is flagged stale, ms. */
export const staleAfterMs = 15_000

export type ConnDisplay = 'live' | 'stale' | 'offline' | 'connecting'

export interface ConnView {
  state: ConnDisplay
  /** since the server was last heard from; null if never */
  agoMs: number | null
}

export function connectionView(
  connection: ConnectionState,
  lastHeardMs: number | null,
  nowMs: number,
): ConnView {
  const agoMs = lastHeardMs === null ? null : Math.max(0, nowMs - lastHeardMs)
  if (connection === 'disconnected') return { state: 'offline', agoMs }
  if (connection === 'connecting' && agoMs === null) return { state: 'connecting', agoMs }
  if (agoMs === null || agoMs > staleAfterMs) return { state: 'stale', agoMs }
  return { state: 'live', agoMs }
}

/** Whole seconds below two minutes, then whole minutes. */
export function agoParts(agoMs: number): { unit: 's' | 'min'; value: number } {
  const s = Math.floor(agoMs / 1000)
  return s < 120 ? { unit: 's', value: s } : { unit: 'min', value: Math.floor(s / 60) }
}
