import type {
  Collector,
  ReadingKind,
  ReadingsSeries,
  ReadingStep,
  SensorDetail,
  SensorKind,
  SensorLatestMap,
  SensorList,
} from '../../server/contracts'
import type { ComplianceReport } from '../../server/contracts/compliance'
import { request } from './http.client'

export interface ReadingsRequest {
  from: Date
  to: Date
  step: ReadingStep
  kind?: ReadingKind
}

const kindQuery = (kind?: SensorKind) => (kind ? `?kind=${kind}` : '')

export const sensorsApi = {
  list: (kind?: SensorKind) => request<SensorList>('GET', `/sensors${kindQuery(kind)}`),
  latest: (kind?: SensorKind) => request<SensorLatestMap>('GET', `/sensors/latest${kindQuery(kind)}`),
  detail: (id: string, signal?: AbortSignal) =>
    request<SensorDetail>('GET', `/sensors/${encodeURIComponent(id)}`, { signal }),
  readings: (id: string, r: ReadingsRequest, signal?: AbortSignal) => {
    const q = new URLSearchParams({
      from: r.from.toISOString(),
      to: r.to.toISOString(),
      step: r.step,
      kind: r.kind ?? 'rtd',
    })
    return request<ReadingsSeries>('GET', `/sensors/${encodeURIComponent(id)}/readings?${q}`, { signal })
  },
  collectors: () => request<Collector[]>('GET', '/environment/collectors'),
  compliance: (day: string) =>
    request<ComplianceReport>('GET', `/environment/compliance?day=${encodeURIComponent(day)}`),
}

export type SensorsApi = typeof sensorsApi

/** The park day (China Standard Time, UTC+8, no daylight saving) of an instant, as YYYY-MM-DD. */
export function chinaDay(ms: number): string {
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10)
}
