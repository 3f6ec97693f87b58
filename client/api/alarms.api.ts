import type { Alarm, AlarmDetail, AlarmPriority } from '../../server/contracts'
import { request } from './http.client'

export interface AlarmListFilter {
  state?: 'active' | 'all'
  priority?: readonly AlarmPriority[]
  enterprise?: string
  limit?: number
}

export function alarmQueryString(filter: AlarmListFilter = {}): string {
  const q = new URLSearchParams()
  if (filter.state) q.set('state', filter.state)
  if (filter.priority?.length) q.set('priority', filter.priority.join(','))
  if (filter.enterprise) q.set('enterprise', filter.enterprise)
  if (filter.limit) q.set('limit', String(filter.limit))
  const s = q.toString()
  return s ? `?${s}` : ''
}

const path = (id: string, action = '') => `/alarms/${encodeURIComponent(id)}${action}`

/** /api/v1/alarms: reads, acknowledgement (every role but screen), shelving (park admin, operator). */
export const alarmsApi = {
  list: (filter?: AlarmListFilter) => request<Alarm[]>('GET', `/alarms${alarmQueryString(filter)}`),
  /** the snapshot a client applies pushed alarms on top of */
  active: () => request<Alarm[]>('GET', `/alarms${alarmQueryString({ state: 'active', limit: 1000 })}`),
  get: (id: string) => request<AlarmDetail>('GET', path(id)),
  ack: (id: string, reason?: string) =>
    request<Alarm>('POST', path(id, '/ack'), { body: reason ? { reason } : {} }),
  /** `until`: ISO instant, in the future and at most 8 h ahead */
  shelve: (id: string, until: string, reason: string) =>
    request<Alarm>('POST', path(id, '/shelve'), { body: { until, reason } }),
  unshelve: (id: string, reason?: string) =>
    request<Alarm>('POST', path(id, '/unshelve'), { body: reason ? { reason } : {} }),
}
