import type { z } from 'zod'
import type {
  AssetPlan,
  drillBody,
  EmergencyPlan,
  EmergencyResource,
  newPlanBody,
  newVersionBody,
  PlanDetail,
  PlanKind,
  planPatchBody,
} from '../../server/contracts/emergency-plans'
import { request } from './http.client'

const plan = (id: string, tail = '') => `/emergency/plans/${encodeURIComponent(id)}${tail}`

/**
 * Emergency plans (应急预案) and resources (应急资源). Writes (park admins; enterprise accounts their own) answer the
 * plan's detail; a 400 / 409 is an ApiError naming the field (`{error:{id,message,field}}`).
 */
export const emergencyPlansApi = {
  list: (signal?: AbortSignal) => request<EmergencyPlan[]>('GET', '/emergency/plans', { signal }),
  get: (id: string, signal?: AbortSignal) => request<PlanDetail>('GET', plan(id), { signal }),
  ofAsset: (assetId: string, kind?: PlanKind, signal?: AbortSignal) =>
    request<AssetPlan[]>(
      'GET',
      `/assets/${encodeURIComponent(assetId)}/plans${kind ? `?kind=${kind}` : ''}`,
      { signal },
    ),
  resources: (signal?: AbortSignal) =>
    request<EmergencyResource[]>('GET', '/emergency/resources', { signal }),
  /** POST /emergency/plans: a new plan (version 1) */
  create: (body: z.input<typeof newPlanBody>) => request<PlanDetail>('POST', '/emergency/plans', { body }),
  /** PATCH /emergency/plans/:id: edits of the version in place (draft text, review, filing) */
  patch: (id: string, body: z.input<typeof planPatchBody>) =>
    request<PlanDetail>('PATCH', plan(id), { body }),
  /** POST /emergency/plans/:id/versions: a new revision of the version in force */
  revise: (id: string, body: z.input<typeof newVersionBody>) =>
    request<PlanDetail>('POST', plan(id, '/versions'), { body }),
  /** POST /emergency/plans/:id/drills: a drill held */
  recordDrill: (id: string, body: z.input<typeof drillBody>) =>
    request<PlanDetail>('POST', plan(id, '/drills'), { body }),
}
export type EmergencyPlansApi = typeof emergencyPlansApi
