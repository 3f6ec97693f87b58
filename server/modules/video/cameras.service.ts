import {
  testStreamPath,
  type Camera,
  type CameraList,
  type CameraListQuery,
  type CameraPatch,
} from '../../contracts/video'
import { auditIn } from '../../platform/audit'
import type { Db } from '../../platform/db/db'
import type { AppState } from '../../platform/http/auth-middleware'
import { errors } from '../../platform/http/errors'
import { findCamera, listCameras, updateStream, type CameraRow } from './cameras.repository'

const toCamera = (r: CameraRow): Camera => ({
  id: r.id,
  name: r.name,
  name_en: r.name_en,
  camera_class: r.camera_class,
  watches: r.watches,
  enterprise_id: r.enterprise_id,
  location: { lon: r.lon, lat: r.lat },
  stream_url: r.stream_url,
  test_stream: r.stream_url === testStreamPath,
  updated_at: r.updated_at.toISOString(),
})

/**
 * Cameras (视频监控点) and their streams, read in the caller's row-level-security scope (an enterprise sees its
 * own cameras only; any other is 404, not 403); the stream is set by park admins, audited with the reason.
 */
export class CamerasService {
  constructor(private readonly db: Db) {}

  async list(who: AppState, query: CameraListQuery): Promise<CameraList> {
    const rows = await this.db.tx(who.scope, (q) => listCameras(q, query))
    return { cameras: rows.map(toCamera) }
  }

  async get(who: AppState, id: string): Promise<Camera> {
    const row = await this.db.tx(who.scope, (q) => findCamera(q, id))
    if (!row) throw errors.notFound('camera', id)
    return toCamera(row)
  }

  async setStream(who: AppState, id: string, patch: CameraPatch, ip: string | null): Promise<Camera> {
    return this.db.tx(who.scope, async (q) => {
      const before = await findCamera(q, id, true)
      if (!before) throw errors.notFound('camera', id)
      await updateStream(q, id, patch.stream_url)
      await auditIn(q, {
        userId: who.user.id,
        username: who.user.username,
        action: 'camera.stream',
        target: `camera:${id}`,
        result: 'ok',
        ip,
        detail: { reason: patch.reason, old: before.stream_url, new: patch.stream_url },
        enterpriseId: before.enterprise_id,
      })
      const after = await findCamera(q, id)
      return toCamera(after!)
    })
  }
}
