import type {
  ActionBody,
  GasAnalysisBody,
  GradeBody,
  GradeResult,
  LocationFacts,
  NewFilingBody,
  NewPermitBody,
  PermitAction,
  PermitDetail,
  PermitSettings,
  SpotCheck,
  WorkFiling,
  WorkPermit,
} from '../../server/contracts/permits'
import { request } from './http.client'

export type GradePreview = GradeResult & { facts: LocationFacts; allowed: boolean; message: string | null }

/** Special work (特殊作业): permits, gas analyses, lifecycle actions, filings (报备) and spot checks. */
export const permitsApi = {
  list: (q: { active?: boolean } = {}, signal?: AbortSignal) =>
    request<WorkPermit[]>('GET', `/permits${q.active ? '?active=true' : ''}`, { signal }),
  get: (id: string, signal?: AbortSignal) =>
    request<PermitDetail>('GET', `/permits/${encodeURIComponent(id)}`, { signal }),
  preview: (body: GradeBody, signal?: AbortSignal) =>
    request<GradePreview>('POST', '/permits/preview', { body, signal }),
  create: (body: NewPermitBody) => request<PermitDetail>('POST', '/permits', { body }),
  act: (id: string, action: PermitAction, body: ActionBody = {}) =>
    request<PermitDetail>('POST', `/permits/${encodeURIComponent(id)}/actions/${action}`, { body }),
  addAnalysis: (id: string, body: GasAnalysisBody) =>
    request<PermitDetail>('POST', `/permits/${encodeURIComponent(id)}/gas-analyses`, { body }),
  spotChecks: (signal?: AbortSignal) => request<SpotCheck[]>('GET', '/permits/spot-checks', { signal }),
  settings: (signal?: AbortSignal) => request<PermitSettings>('GET', '/permits/settings', { signal }),
  filings: (signal?: AbortSignal) => request<WorkFiling[]>('GET', '/work-filings', { signal }),
  file: (body: NewFilingBody) => request<WorkFiling>('POST', '/work-filings', { body }),
  withdraw: (id: string) =>
    request<WorkFiling>('POST', `/work-filings/${encodeURIComponent(id)}/withdraw`, { body: {} }),
}
export type PermitsApi = typeof permitsApi
