import type {
  Contractor,
  ContractorDetail,
  EnterpriseRecordDetail,
  Licence,
  OperationRecord,
  ParkBasics,
  SafetyBasicsSettings,
} from '../../server/contracts/safety-basics'
import { request } from './http.client'

const q = (params: Record<string, string | undefined>) => {
  const s = new URLSearchParams(
    Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined),
  )
  return s.size ? `?${s}` : ''
}
const id = encodeURIComponent

/** 安全基础管理: enterprise records, licences, start-up / overhaul records, contractors, park basics. */
export const safetyBasicsApi = {
  parkBasics: (signal?: AbortSignal) => request<ParkBasics>('GET', '/park/basics', { signal }),
  settings: (signal?: AbortSignal) =>
    request<SafetyBasicsSettings>('GET', '/park/basics/settings', { signal }),
  updateSettings: (body: Record<string, unknown>) =>
    request<SafetyBasicsSettings>('PATCH', '/park/basics/settings', { body }),

  profile: (enterpriseId: string, signal?: AbortSignal) =>
    request<EnterpriseRecordDetail>('GET', `/enterprises/${id(enterpriseId)}/profile`, { signal }),
  putProfile: (enterpriseId: string, body: Record<string, unknown>) =>
    request<EnterpriseRecordDetail>('PUT', `/enterprises/${id(enterpriseId)}/profile`, { body }),

  licences: (filter: { enterprise?: string; due?: 'true' } = {}, signal?: AbortSignal) =>
    request<Licence[]>('GET', `/licences${q(filter)}`, { signal }),
  createLicence: (body: Record<string, unknown>) => request<Licence>('POST', '/licences', { body }),
  patchLicence: (licenceId: string, body: Record<string, unknown>) =>
    request<Licence>('PATCH', `/licences/${id(licenceId)}`, { body }),

  operations: (filter: { enterprise?: string; from?: string; to?: string } = {}, signal?: AbortSignal) =>
    request<OperationRecord[]>('GET', `/operations-records${q(filter)}`, { signal }),
  createOperation: (body: Record<string, unknown>) =>
    request<OperationRecord>('POST', '/operations-records', { body }),
  patchOperation: (recordId: string, body: Record<string, unknown>) =>
    request<OperationRecord>('PATCH', `/operations-records/${id(recordId)}`, { body }),

  contractors: (filter: { enterprise?: string } = {}, signal?: AbortSignal) =>
    request<Contractor[]>('GET', `/contractors${q(filter)}`, { signal }),
  contractor: (contractorId: string, signal?: AbortSignal) =>
    request<ContractorDetail>('GET', `/contractors/${id(contractorId)}`, { signal }),
  createContractor: (body: Record<string, unknown>) =>
    request<ContractorDetail>('POST', '/contractors', { body }),
  patchContractor: (contractorId: string, body: Record<string, unknown>) =>
    request<ContractorDetail>('PATCH', `/contractors/${id(contractorId)}`, { body }),
  blacklist: (contractorId: string, reason: string) =>
    request<ContractorDetail>('PUT', `/contractors/${id(contractorId)}/blacklist`, { body: { reason } }),
  unblacklist: (contractorId: string) =>
    request<ContractorDetail>('DELETE', `/contractors/${id(contractorId)}/blacklist`),
  addPerson: (contractorId: string, body: Record<string, unknown>) =>
    request<ContractorDetail>('POST', `/contractors/${id(contractorId)}/people`, { body }),
  requestEntry: (contractorId: string, body: Record<string, unknown>) =>
    request<ContractorDetail>('POST', `/contractors/${id(contractorId)}/entries`, { body }),
  decideEntry: (
    contractorId: string,
    entryId: string,
    body: { status: 'approved' | 'rejected'; note?: string },
  ) =>
    request<ContractorDetail>('PATCH', `/contractors/${id(contractorId)}/entries/${id(entryId)}`, { body }),
}
export type SafetyBasicsApi = typeof safetyBasicsApi
