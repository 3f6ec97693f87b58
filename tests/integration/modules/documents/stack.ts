// The document store and notification center routes on a fresh PostgreSQL + PostGIS database and Redis, wired as
// main.ts wires them (tests/helpers/module-stack.ts). The clock is the test's: reminders run at simulated times.
import { AssetsService } from '../../../../server/modules/assets/assets.service'
import { assetsRoutes } from '../../../../server/modules/assets/assets.routes'
import { DocumentsService } from '../../../../server/modules/documents/documents.service'
import { documentsRoutes } from '../../../../server/modules/documents/documents.routes'
import { NotificationsService } from '../../../../server/modules/notifications/notifications.service'
import { notificationsRoutes } from '../../../../server/modules/notifications/notifications.routes'
import { runDocumentReminders } from '../../../../server/modules/notifications/reminders.scheduler'
import { noChannels } from '../../../../server/modules/notifications/channels'
import { startModuleStack } from '../../../helpers/module-stack'

export { silent } from '../../../helpers/module-stack'

export function startDocumentsStack(prefix: string, clock: () => number) {
  return startModuleStack(prefix, ({ db }) => {
    const documents = new DocumentsService(db, {
      clock,
      afterUpload: (id, now) => runDocumentReminders(db, now, { documentId: id, channels: noChannels }),
    })
    return {
      // the assets router first, as in main.ts: /api/v1/assets/:id/documents must still reach this router
      routers: [
        assetsRoutes(new AssetsService(db)),
        documentsRoutes(documents),
        notificationsRoutes(new NotificationsService(db)),
      ],
      extra: { documents },
    }
  })
}
export type DocumentsStack = Awaited<ReturnType<typeof startDocumentsStack>>

/** Uploads raw bytes as a new document (metadata in the query) with a client's cookie. */
export async function upload(
  base: string,
  cookie: string | null,
  path: string,
  bytes: Uint8Array,
  filename: string,
  contentType = 'application/octet-stream',
) {
  const res = await fetch(new URL(path, base), {
    method: 'POST',
    headers: {
      'content-type': contentType,
      'x-filename': encodeURIComponent(filename),
      ...(cookie ? { cookie } : {}),
    },
    body: new Uint8Array(bytes),
  })
  const text = await res.text()
  let body: unknown = text
  try {
    body = JSON.parse(text)
  } catch {
    /* not JSON */
  }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON
  return { status: res.status, body: body as any }
}
