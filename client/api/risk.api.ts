import type {
  BandsBody,
  LecBody,
  NewPointBody,
  NewUnitBody,
  RiskBand,
  RiskMap,
  RiskPoint,
  RiskPointDetail,
  RiskQuery,
  RiskUnit,
  RiskUnitDetail,
} from '../../server/contracts/risk'
import { request } from './http.client'

const query = (q: Record<string, string | undefined>) => {
  const p = new URLSearchParams()
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') p.set(k, v)
  const s = p.toString()
  return s ? `?${s}` : ''
}

/** 风险分级管控: colour bands, risk units, risk points and their LEC assessments, the four-colour map. */
export const riskApi = {
  bands: (signal?: AbortSignal) => request<RiskBand[]>('GET', '/risk/bands', { signal }),
  setBands: (body: BandsBody) => request<RiskBand[]>('PUT', '/risk/bands', { body }),
  units: (q: Partial<RiskQuery> = {}, signal?: AbortSignal) =>
    request<RiskUnit[]>('GET', `/risk/units${query(q)}`, { signal }),
  unit: (id: string, signal?: AbortSignal) =>
    request<RiskUnitDetail>('GET', `/risk/units/${encodeURIComponent(id)}`, { signal }),
  createUnit: (body: Partial<NewUnitBody> & Pick<NewUnitBody, 'name' | 'unit_type'>) =>
    request<RiskUnitDetail>('POST', '/risk/units', { body }),
  points: (q: Partial<RiskQuery> = {}, signal?: AbortSignal) =>
    request<RiskPoint[]>('GET', `/risk/points${query(q)}`, { signal }),
  point: (id: string, signal?: AbortSignal) =>
    request<RiskPointDetail>('GET', `/risk/points/${encodeURIComponent(id)}`, { signal }),
  createPoint: (body: Omit<NewPointBody, 'measures'> & { measures?: string }) =>
    request<RiskPointDetail>('POST', '/risk/points', { body }),
  assess: (id: string, body: LecBody) =>
    request<RiskPointDetail>('POST', `/risk/points/${encodeURIComponent(id)}/assessments`, { body }),
  map: (enterprise?: string, signal?: AbortSignal) =>
    request<RiskMap>('GET', `/risk/map${query({ enterprise })}`, { signal }),
}
export type RiskApi = typeof riskApi
