import type { LoginBody, Me } from '../../server/contracts'
import { ApiError } from './api-error'
import { request } from './http.client'

export const authApi = {
  login: (body: LoginBody) => request<Me>('POST', '/auth/login', { body, sessionRequired: false }),
  logout: () => request<void>('POST', '/auth/logout', { sessionRequired: false }),
  /** null when there is no session */
  async me(): Promise<Me | null> {
    try {
      return await request<Me>('GET', '/me', { sessionRequired: false })
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return null
      throw err
    }
  },
}
