import type {
  MhAssessment,
  MhAssetAnswer,
  MhCheckBody,
  MhChemical,
  MhGradeBody,
  MhItemsBody,
  MhRegisterBody,
  MhResponsiblesBody,
  MhTankInventoryBody,
  MhUnit,
  MhUnitDetail,
} from '../../server/contracts/hazards'
import { request } from './http.client'

const enc = encodeURIComponent

/** Major hazard sources (重大危险源, GB 18218-2018). */
export const hazardsApi = {
  units: (signal?: AbortSignal) => request<MhUnit[]>('GET', '/hazards/units', { signal }),
  unit: (id: string, signal?: AbortSignal) =>
    request<MhUnitDetail>('GET', `/hazards/units/${enc(id)}`, { signal }),
  byAsset: (assetId: string, signal?: AbortSignal) =>
    request<MhAssetAnswer>('GET', `/hazards/by-asset/${enc(assetId)}`, { signal }),
  grade: (body: MhGradeBody, signal?: AbortSignal) =>
    request<MhAssessment>('POST', '/hazards/grade', { body, signal }),
  chemicals: (signal?: AbortSignal) => request<MhChemical[]>('GET', '/hazards/chemicals', { signal }),
  recordCheck: (unitId: string, body: MhCheckBody) =>
    request<MhUnitDetail>('POST', `/hazards/units/${enc(unitId)}/checks`, { body }),
  setTankInventory: (tankId: string, body: MhTankInventoryBody) =>
    request<MhAssetAnswer>('PUT', `/hazards/tanks/${enc(tankId)}/inventory`, { body }),
  /** the whole inventory of a production unit or warehouse (a tank farm's is its tanks') */
  setItems: (unitId: string, body: MhItemsBody) =>
    request<MhUnitDetail>('PUT', `/hazards/units/${enc(unitId)}/items`, { body }),
  /** the three 包保 persons (主要 / 技术 / 操作负责人) and their check intervals */
  setResponsibles: (unitId: string, body: MhResponsiblesBody) =>
    request<MhUnitDetail>('PUT', `/hazards/units/${enc(unitId)}/responsibles`, { body }),
  /** files the grade computed now (备案) */
  register: (unitId: string, body: MhRegisterBody) =>
    request<MhUnitDetail>('POST', `/hazards/units/${enc(unitId)}/register`, { body }),
}
export type HazardsApi = typeof hazardsApi
