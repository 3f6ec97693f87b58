import type { z } from 'zod'
import type {
  newOrgNodeBody,
  OrgHistoryEntry,
  OrgMoveBody,
  OrgNode,
  orgNodePatch,
} from '../../server/contracts/organisation'
import { request } from './http.client'

const node = (id: string, tail = '') => `/organisation/nodes/${encodeURIComponent(id)}${tail}`

/** A user account as the park admin's account list gives it (for linking a person to an account). */
export interface OrgUserOption {
  id: string
  username: string
  display_name: string
  role: string
}

/**
 * The organisation chart (组织机构). Everyone reads; park admins create, edit, move/reorder and remove nodes (a 400
 * / 409 is an ApiError naming the field); park staff read the edit history.
 */
export const organisationApi = {
  nodes: (signal?: AbortSignal) => request<OrgNode[]>('GET', '/organisation/nodes', { signal }),
  create: (body: z.input<typeof newOrgNodeBody>) => request<OrgNode>('POST', '/organisation/nodes', { body }),
  patch: (id: string, body: z.input<typeof orgNodePatch>) => request<OrgNode>('PATCH', node(id), { body }),
  /** answers the whole chart after the move */
  move: (id: string, body: OrgMoveBody) => request<OrgNode[]>('POST', node(id, '/move'), { body }),
  remove: (id: string) => request<void>('DELETE', node(id)),
  history: (nodeId?: string, signal?: AbortSignal) =>
    request<OrgHistoryEntry[]>(
      'GET',
      `/organisation/history${nodeId ? `?node=${encodeURIComponent(nodeId)}` : ''}`,
      { signal },
    ),
  /** the park's accounts (park admins only; others get a 403) */
  users: (signal?: AbortSignal) => request<OrgUserOption[]>('GET', '/users', { signal }),
}
export type OrganisationApi = typeof organisationApi
