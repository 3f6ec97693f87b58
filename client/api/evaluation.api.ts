import type { z } from 'zod'
import type {
  Checklist,
  checklistItemBody,
  EvaluationDetail,
  EvaluationSummary,
  GradeBand,
  gradeBandsBody,
  scoreBody,
} from '../../server/contracts/evaluation'
import { request } from './http.client'

const year = (y: number, tail = '') => `/evaluations/${encodeURIComponent(String(y))}${tail}`

/** Annual park evaluation (园区年度安全风险评估, 《化工园区安全风险排查治理导则》). */
export const evaluationApi = {
  checklist: (signal?: AbortSignal) => request<Checklist>('GET', '/evaluation-checklist', { signal }),
  putItem: (id: string, body: z.input<typeof checklistItemBody>) =>
    request<Checklist>('PUT', `/evaluation-checklist/items/${encodeURIComponent(id)}`, { body }),
  setBands: (body: z.input<typeof gradeBandsBody>) =>
    request<GradeBand[]>('PUT', '/evaluation-checklist/grades', { body }),
  list: (signal?: AbortSignal) => request<EvaluationSummary[]>('GET', '/evaluations', { signal }),
  get: (y: number, signal?: AbortSignal) => request<EvaluationDetail>('GET', year(y), { signal }),
  create: (y: number) => request<EvaluationDetail>('POST', '/evaluations', { body: { year: y } }),
  setSummary: (y: number, summary: string) =>
    request<EvaluationDetail>('PATCH', year(y), { body: { summary } }),
  score: (y: number, itemId: string, body: z.input<typeof scoreBody>) =>
    request<EvaluationDetail>('PATCH', year(y, `/items/${encodeURIComponent(itemId)}`), { body }),
  submit: (y: number) => request<EvaluationDetail>('POST', year(y, '/submit'), { body: {} }),
  approve: (y: number) => request<EvaluationDetail>('POST', year(y, '/approve'), { body: {} }),
  sendBack: (y: number, reason: string) =>
    request<EvaluationDetail>('POST', year(y, '/return'), { body: { reason } }),
}
export type EvaluationApi = typeof evaluationApi
