import {
  annualReportUrl,
  operationsReportUrl,
  type OperationsReportData,
} from '../../server/contracts/reports'
import { request } from './http.client'

/**
 * Reports (报告): the annual evaluation report and the bi-monthly operation feedback report. HTML opens in a new
 * browser tab, the PDF downloads (both are plain links: the session cookie goes with them).
 */
export const reportsApi = {
  annualUrl: (year: number, format: 'html' | 'pdf') => annualReportUrl(year, format),
  operationsUrl: (periodId: string, format: 'html' | 'pdf') => operationsReportUrl(periodId, format),
  /** the bi-monthly figures (the tab's summary) */
  operations: (periodId: string, signal?: AbortSignal) =>
    request<OperationsReportData>('GET', `/reports/operations/${encodeURIComponent(periodId)}.json`, {
      signal,
    }),
}
export type ReportsApi = typeof reportsApi
