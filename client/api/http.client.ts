import { ApiError } from './api-error'

export const apiBase = '/api/v1'

export interface RequestOptions {
  body?: unknown
  /** false: a 401 is the caller's business (login form, session probe), not a session expiry */
  sessionRequired?: boolean
  signal?: AbortSignal
}

let onUnauthorized: (() => void) | null = null

/** Called once per 401 on a request that needed a session (the app goes back to the login page). */
export function setUnauthorizedHandler(fn: (() => void) | null): void {
  onUnauthorized = fn
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const { body, sessionRequired = true, signal } = options
  let res: Response
  try {
    res = await fetch(apiBase + path, {
      method,
      credentials: 'same-origin',
      headers:
        body === undefined
          ? { Accept: 'application/json' }
          : { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    })
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err
    throw new ApiError(0, 'network', err instanceof Error ? err.message : 'network error')
  }
  if (res.status === 204) return undefined as T
  const parsed: unknown = await res.json().catch(() => undefined)
  if (!res.ok) {
    const error = ApiError.fromBody(res.status, parsed, res.statusText || `HTTP ${res.status}`)
    if (res.status === 401 && sessionRequired) onUnauthorized?.()
    throw error
  }
  return parsed as T
}
