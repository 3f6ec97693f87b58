// Construction projects (三同时) on a fresh PostgreSQL + PostGIS database and Redis, wired as main.ts wires them
// (tests/helpers/module-stack.ts), with the document store's routes (stage documents are uploaded there).
import { DocumentsService } from '../../../../server/modules/documents/documents.service'
import { documentsRoutes } from '../../../../server/modules/documents/documents.routes'
import { ProjectsService } from '../../../../server/modules/projects/projects.service'
import { projectsRoutes } from '../../../../server/modules/projects/projects.routes'
import { textPdf } from '../../../../server/platform/files/pdf'
import type { ApiClient } from '../../../helpers/http'
import { startModuleStack } from '../../../helpers/module-stack'

export { silent } from '../../../helpers/module-stack'

export function startProjectsStack(prefix: string) {
  return startModuleStack(prefix, ({ db }) => {
    const projects = new ProjectsService(db)
    const documents = new DocumentsService(db, { afterUpload: async () => undefined })
    return { routers: [projectsRoutes(projects), documentsRoutes(documents)], extra: { projects } }
  })
}
export type ProjectsStack = Awaited<ReturnType<typeof startProjectsStack>>

/**
 * Uploads a one-page PDF as a new document of the store with a client's cookie (metadata in the query, as the
 * client does) and returns the answer.
 */
export async function uploadDocument(base: string, c: ApiClient, query: Record<string, string>) {
  const res = await fetch(new URL(`/api/v1/documents?${new URLSearchParams(query)}`, base), {
    method: 'POST',
    headers: {
      'content-type': 'application/pdf',
      'x-filename': encodeURIComponent(`${query.title ?? 'doc'}.pdf`),
      ...(c.cookie ? { cookie: c.cookie } : {}),
    },
    body: new Uint8Array(textPdf({ title: query.title ?? 'doc', lines: ['test'] })),
  })
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON
  return { status: res.status, body: (await res.json()) as any }
}
