import type { HazwasteSummary } from '../../server/contracts/hazwaste'
import { request } from './http.client'

/** The hazardous-waste ledger (危废台账), read side. */
export const hazwasteApi = {
  summary: (signal?: AbortSignal) => request<HazwasteSummary>('GET', '/hazwaste/summary', { signal }),
}
