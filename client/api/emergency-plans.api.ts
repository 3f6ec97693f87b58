import type {
  AssetPlan,
  EmergencyPlan,
  EmergencyResource,
  PlanDetail,
  PlanKind,
} from '../../server/contracts/emergency-plans'
import { request } from './http.client'

/** Emergency plans (应急预案) and resources (应急资源), read side. */
export const emergencyPlansApi = {
  list: (signal?: AbortSignal) => request<EmergencyPlan[]>('GET', '/emergency/plans', { signal }),
  get: (id: string, signal?: AbortSignal) =>
    request<PlanDetail>('GET', `/emergency/plans/${encodeURIComponent(id)}`, { signal }),
  ofAsset: (assetId: string, kind?: PlanKind, signal?: AbortSignal) =>
    request<AssetPlan[]>(
      'GET',
      `/assets/${encodeURIComponent(assetId)}/plans${kind ? `?kind=${kind}` : ''}`,
      { signal },
    ),
  resources: (signal?: AbortSignal) =>
    request<EmergencyResource[]>('GET', '/emergency/resources', { signal }),
}
export type EmergencyPlansApi = typeof emergencyPlansApi
