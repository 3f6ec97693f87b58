import type { z } from 'zod'
import type {
  newProjectBody,
  Project,
  ProjectDetail,
  projectPatchBody,
  ProjectQuery,
  stageBody,
  StageKind,
} from '../../server/contracts/projects'
import { request } from './http.client'

const query = (q: Record<string, string | undefined>) => {
  const p = new URLSearchParams()
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') p.set(k, v)
  const s = p.toString()
  return s ? `?${s}` : ''
}
const prj = (id: string, rest = '') => `/projects/${encodeURIComponent(id)}${rest}`

/**
 * Construction projects (建设项目三同时): the list, a project with its four stages and its documents, creation, edits
 * and one stage's record. Stage documents are uploaded through the document store (owner_type project) first.
 */
export const projectsApi = {
  list: (q: Partial<ProjectQuery> = {}, signal?: AbortSignal) =>
    request<Project[]>('GET', `/projects${query(q)}`, { signal }),
  get: (id: string, signal?: AbortSignal) => request<ProjectDetail>('GET', prj(id), { signal }),
  create: (body: z.input<typeof newProjectBody>) => request<ProjectDetail>('POST', '/projects', { body }),
  patch: (id: string, body: z.input<typeof projectPatchBody>) =>
    request<ProjectDetail>('PATCH', prj(id), { body }),
  setStage: (id: string, stage: StageKind, body: z.input<typeof stageBody>) =>
    request<ProjectDetail>('PUT', prj(id, `/stages/${stage}`), { body }),
}
export type ProjectsApi = typeof projectsApi
