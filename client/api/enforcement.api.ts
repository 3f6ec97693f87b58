import type { z } from 'zod'
import type {
  EnforcementStats,
  Inspection,
  inspectionBody,
  InspectionPlan,
  inspectionPlanBody,
  InspectionQuery,
  noticeBody,
  NoticeDetail,
  NoticeQuery,
  noticeStepBody,
  Penalty,
  penaltyBody,
  PenaltyQuery,
  PenaltyStepBody,
  RectificationNotice,
  StatsQuery,
} from '../../server/contracts/enforcement'
import { request } from './http.client'

const query = (q: Record<string, string | undefined>) => {
  const p = new URLSearchParams()
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') p.set(k, v)
  const s = p.toString()
  return s ? `?${s}` : ''
}
const base = '/enforcement'

/**
 * The enforcement ledger (执法台账): inspection plans (park staff), inspection records, penalties and their steps,
 * rectification notices with their steps (rectification records carry evidence document ids: upload the files
 * to the document store first), and statistics per enterprise and month.
 */
export const enforcementApi = {
  plans: (signal?: AbortSignal) => request<InspectionPlan[]>('GET', `${base}/plans`, { signal }),
  createPlan: (body: z.input<typeof inspectionPlanBody>) =>
    request<InspectionPlan>('POST', `${base}/plans`, { body }),
  inspections: (q: Partial<InspectionQuery> = {}, signal?: AbortSignal) =>
    request<Inspection[]>('GET', `${base}/inspections${query(q)}`, { signal }),
  createInspection: (body: z.input<typeof inspectionBody>) =>
    request<Inspection>('POST', `${base}/inspections`, { body }),
  penalties: (q: Partial<PenaltyQuery> = {}, signal?: AbortSignal) =>
    request<Penalty[]>('GET', `${base}/penalties${query(q)}`, { signal }),
  createPenalty: (body: z.input<typeof penaltyBody>) =>
    request<Penalty>('POST', `${base}/penalties`, { body }),
  penaltyStep: (id: string, body: PenaltyStepBody) =>
    request<Penalty>('POST', `${base}/penalties/${encodeURIComponent(id)}/transitions`, { body }),
  notices: (q: Partial<NoticeQuery> = {}, signal?: AbortSignal) =>
    request<RectificationNotice[]>('GET', `${base}/notices${query(q)}`, { signal }),
  notice: (id: string, signal?: AbortSignal) =>
    request<NoticeDetail>('GET', `${base}/notices/${encodeURIComponent(id)}`, { signal }),
  createNotice: (body: z.input<typeof noticeBody>) =>
    request<NoticeDetail>('POST', `${base}/notices`, { body }),
  noticeStep: (id: string, body: z.input<typeof noticeStepBody>) =>
    request<NoticeDetail>('POST', `${base}/notices/${encodeURIComponent(id)}/transitions`, { body }),
  stats: (q: Partial<StatsQuery> = {}, signal?: AbortSignal) =>
    request<EnforcementStats>('GET', `${base}/stats${query(q)}`, { signal }),
}
export type EnforcementApi = typeof enforcementApi
