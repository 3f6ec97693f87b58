import type { z } from 'zod'
import type {
  AssetDocument,
  DocumentCompliance,
  DocumentDetail,
  documentPatchBody,
  DocumentQuery,
  DocumentSummary,
  DocumentType,
  newDocumentQuery,
  ReminderRule,
  reminderRuleBody,
  VersionUploadQuery,
} from '../../server/contracts/documents'
import { documentFileUrl } from '../../server/contracts/documents'
import { ApiError } from './api-error'
import { apiBase, request } from './http.client'

const doc = (id: string, tail = '') => `/documents/${encodeURIComponent(id)}${tail}`

type QueryValues = Record<string, string | number | boolean | string[] | null | undefined>

/** Query string of defined values (arrays comma-joined). */
export function queryString(q: QueryValues): string {
  const p = new URLSearchParams()
  for (const [k, v] of Object.entries(q)) {
    if (v === undefined || v === null || v === '') continue
    if (Array.isArray(v)) {
      if (v.length) p.set(k, v.join(','))
    } else p.set(k, String(v))
  }
  const s = p.toString()
  return s ? `?${s}` : ''
}

/** Uploads a file as the raw body (name in X-Filename, metadata in the query); errors as ApiError. */
async function uploadRaw<T>(path: string, file: Blob, filename: string): Promise<T> {
  let res: Response
  try {
    res = await fetch(apiBase + path, {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        Accept: 'application/json',
        'Content-Type': file.type || 'application/octet-stream',
        'X-Filename': encodeURIComponent(filename),
      },
      body: file,
    })
  } catch (err) {
    throw new ApiError(0, 'network', err instanceof Error ? err.message : 'network error')
  }
  const parsed: unknown = await res.json().catch(() => undefined)
  if (!res.ok) throw ApiError.fromBody(res.status, parsed, res.statusText || `HTTP ${res.status}`)
  return parsed as T
}

type NewDocumentInput = Omit<z.input<typeof newDocumentQuery>, 'tags' | 'public'> & {
  tags?: string[]
  public?: boolean
}

/**
 * Document store (文档管理). Uploads are the file's bytes with the metadata in the query; files open at
 * `fileUrl` (inline view of PDFs/images, or download).
 */
export const documentsApi = {
  search: (q: Partial<DocumentQuery> = {}, signal?: AbortSignal) =>
    request<DocumentSummary[]>('GET', `/documents${queryString(q)}`, { signal }),
  get: (id: string, signal?: AbortSignal) => request<DocumentDetail>('GET', doc(id), { signal }),
  ofAsset: (assetId: string, signal?: AbortSignal) =>
    request<AssetDocument[]>('GET', `/assets/${encodeURIComponent(assetId)}/documents`, { signal }),
  compliance: (signal?: AbortSignal) =>
    request<DocumentCompliance>('GET', '/documents/compliance', { signal }),
  rules: (signal?: AbortSignal) => request<ReminderRule[]>('GET', '/documents/reminder-rules', { signal }),
  setRule: (type: DocumentType, body: z.input<typeof reminderRuleBody>) =>
    request<ReminderRule[]>('PUT', `/documents/reminder-rules/${type}`, { body }),
  patch: (id: string, body: z.input<typeof documentPatchBody>) =>
    request<DocumentDetail>('PATCH', doc(id), { body }),
  /** POST /documents: a new document and its first version */
  create: (meta: NewDocumentInput | Record<string, string>, file: Blob, filename: string) =>
    uploadRaw<DocumentDetail>(`/documents${queryString(meta as QueryValues)}`, file, filename),
  /** POST /documents/:id/versions: a new version (renewal, revision) */
  addVersion: (id: string, meta: VersionUploadQuery, file: Blob, filename: string) =>
    uploadRaw<DocumentDetail>(doc(id, `/versions${queryString(meta)}`), file, filename),
  /** browser URL of a version's file */
  fileUrl: (documentId: string, versionId: string, inline: boolean) =>
    documentFileUrl(documentId, versionId, inline),
}
export type DocumentsApi = typeof documentsApi
