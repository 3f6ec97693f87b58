import type Router from '@koa/router'
import type { Db } from '../../platform/db/db'
import { camerasRoutes } from './cameras.routes'
import { CamerasService } from './cameras.service'
import { gatePhotoRoutes } from './gate-photos.routes'
import { MediaFiles } from './media.files'
import { mediaRoutes } from './media.routes'

/**
 * Everything the video module answers under /api/v1 (behind the session check): cameras, the shipped test
 * stream, gate-event snapshots. main.ts spreads these into the web role's routers.
 */
export function videoRoutes(db: Db, files = new MediaFiles()): Router[] {
  return [camerasRoutes(new CamerasService(db)), mediaRoutes(files), gatePhotoRoutes(db, files)]
}
