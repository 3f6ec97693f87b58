import type {
  HdQuery,
  HdStats,
  HiddenDanger,
  HiddenDangerDetail,
  NewHiddenDangerBody,
  PhotoStage,
  TransitionBody,
} from '../../server/contracts/hidden-dangers'
import { ApiError } from './api-error'
import { apiBase, request } from './http.client'

const query = (q: Record<string, string | undefined>) => {
  const p = new URLSearchParams()
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') p.set(k, v)
  const s = p.toString()
  return s ? `?${s}` : ''
}
const hd = (id: string, rest = '') => `/hidden-dangers/${encodeURIComponent(id)}${rest}`

/** 隐患排查治理: the list, reports, the closed-loop steps, photos (raw bytes, name in X-Filename) and statistics. */
export const hiddenDangersApi = {
  list: (q: Partial<HdQuery> = {}, signal?: AbortSignal) =>
    request<HiddenDanger[]>('GET', `/hidden-dangers${query(q)}`, { signal }),
  get: (id: string, signal?: AbortSignal) => request<HiddenDangerDetail>('GET', hd(id), { signal }),
  report: (body: Partial<NewHiddenDangerBody> & Pick<NewHiddenDangerBody, 'title' | 'grade'>) =>
    request<HiddenDangerDetail>('POST', '/hidden-dangers', { body }),
  step: (id: string, body: TransitionBody) =>
    request<HiddenDangerDetail>('POST', hd(id, '/transitions'), { body }),
  stats: (enterprise?: string, signal?: AbortSignal) =>
    request<HdStats>('GET', `/hidden-dangers/stats${query({ enterprise })}`, { signal }),
  /** where a photo is shown (inline image) */
  photoUrl: (id: string, photoId: string) => `${apiBase}${hd(id, `/photos/${encodeURIComponent(photoId)}`)}`,
  async upload(id: string, stage: PhotoStage, file: Blob, filename: string): Promise<HiddenDangerDetail> {
    let res: Response
    try {
      res = await fetch(`${apiBase}${hd(id, `/photos?stage=${stage}`)}`, {
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
    return parsed as HiddenDangerDetail
  },
}
export type HiddenDangersApi = typeof hiddenDangersApi
