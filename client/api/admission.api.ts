import type { z } from 'zod'
import type {
  AdmissionApplication,
  AdmissionCatalogueEntry,
  AdmissionCheckKey,
  AdmissionDecisionBody,
  AdmissionQuery,
  AdmissionSettings,
  admissionSettingsBody,
  AdmissionSummary,
  CatalogueEntryBody,
  newAdmissionBody,
  PlannedUse,
} from '../../server/contracts/admission'
import { admissionReportUrl } from '../../server/contracts/admission'
import { request } from './http.client'

const app = (id: string, tail = '') => `/admissions/${encodeURIComponent(id)}${tail}`
const qs = (q: Partial<AdmissionQuery>) => {
  const p = new URLSearchParams(Object.entries(q).filter(([, v]) => v) as [string, string][]).toString()
  return p ? `?${p}` : ''
}

export interface AdmissionZone {
  id: string
  name: string
  name_en: string | null
  zone_type: string
  planned_use: PlannedUse | null
}

/**
 * Admission assessments (准入评估): applications with their checklist and verdict, the park's decisions on items,
 * re-assessment, the printable report, the eliminated/restricted catalogue, the settings and the zones' planned use.
 */
export const admissionApi = {
  list: (q: Partial<AdmissionQuery> = {}, signal?: AbortSignal) =>
    request<AdmissionSummary[]>('GET', `/admissions${qs(q)}`, { signal }),
  get: (id: string, signal?: AbortSignal) => request<AdmissionApplication>('GET', app(id), { signal }),
  create: (body: z.input<typeof newAdmissionBody>) =>
    request<AdmissionApplication>('POST', '/admissions', { body }),
  reassess: (id: string) => request<AdmissionApplication>('POST', app(id, '/assess')),
  decide: (id: string, key: AdmissionCheckKey, body: AdmissionDecisionBody) =>
    request<AdmissionApplication>('POST', app(id, `/items/${key}/decision`), { body }),
  settings: (signal?: AbortSignal) => request<AdmissionSettings>('GET', '/admissions/settings', { signal }),
  setSettings: (body: z.input<typeof admissionSettingsBody>) =>
    request<AdmissionSettings>('PUT', '/admissions/settings', { body }),
  catalogue: (signal?: AbortSignal) =>
    request<AdmissionCatalogueEntry[]>('GET', '/admissions/catalogue', { signal }),
  addCatalogueEntry: (body: CatalogueEntryBody) =>
    request<AdmissionCatalogueEntry>('POST', '/admissions/catalogue', { body }),
  removeCatalogueEntry: (id: string) =>
    request<void>('DELETE', `/admissions/catalogue/${encodeURIComponent(id)}`),
  zones: (signal?: AbortSignal) => request<AdmissionZone[]>('GET', '/admissions/zones', { signal }),
  setPlannedUse: (zoneId: string, planned_use: PlannedUse | null) =>
    request<AdmissionZone[]>('PUT', `/admissions/zones/${encodeURIComponent(zoneId)}/planned-use`, {
      body: { planned_use },
    }),
  /** browser URL of the printable report */
  reportUrl: (id: string) => admissionReportUrl(id),
}
export type AdmissionApi = typeof admissionApi
