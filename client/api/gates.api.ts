import type { Gate, GateEvent, GateKind, GateSummary } from '../../server/contracts/gates'
import { request } from './http.client'

const kindQuery = (kind?: GateKind) => (kind ? `?kind=${kind}` : '')

/** Gates (卡口) and enterprise second gates (二道闸), read side: events, today's counts, the gates. */
export const gatesApi = {
  /** newest first */
  events: (f: { kind?: GateKind; limit?: number } = {}, signal?: AbortSignal) => {
    const q = new URLSearchParams({ limit: String(f.limit ?? 50) })
    if (f.kind) q.set('kind', f.kind)
    return request<GateEvent[]>('GET', `/gate-events?${q.toString()}`, { signal })
  },
  summary: (kind?: GateKind, signal?: AbortSignal) =>
    request<GateSummary>('GET', `/gates/summary${kindQuery(kind)}`, { signal }),
  gates: (kind?: GateKind, signal?: AbortSignal) =>
    request<Gate[]>('GET', `/gates${kindQuery(kind)}`, { signal }),
}
export type GatesApi = typeof gatesApi
