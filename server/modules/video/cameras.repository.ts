import type { CameraClass, CameraListQuery } from '../../contracts/video'
import type { Queryable } from '../../platform/db/db'

/** A camera as stored: its asset row (kind `camera`) joined to its stream. */
export interface CameraRow {
  id: string
  name: string
  name_en: string | null
  camera_class: CameraClass
  watches: string | null
  enterprise_id: string | null
  lon: number
  lat: number
  stream_url: string
  updated_at: Date
}

const columns = `a.id, a.name, a.name_en, a.props->>'camera_class' AS camera_class, a.props->>'watches' AS watches,
  c.enterprise_id, ST_X(a.geom) AS lon, ST_Y(a.geom) AS lat, c.stream_url, c.updated_at`
// both tables under row-level security: a camera another enterprise owns is in neither
const from = `cameras c JOIN assets a ON a.id = c.id AND a.kind = 'camera'`

export async function listCameras(q: Queryable, f: CameraListQuery): Promise<CameraRow[]> {
  const r = await q.query<CameraRow>(
    `SELECT ${columns} FROM ${from}
      WHERE ($1::text IS NULL OR a.props->>'camera_class' = $1)
        AND ($2::text IS NULL OR c.enterprise_id = $2)
      ORDER BY a.id`,
    [f.class ?? null, f.enterprise ?? null],
  )
  return r.rows
}

export async function findCamera(q: Queryable, id: string, lock = false): Promise<CameraRow | null> {
  const r = await q.query<CameraRow>(
    `SELECT ${columns} FROM ${from} WHERE c.id = $1 ${lock ? 'FOR UPDATE OF c' : ''}`,
    [id],
  )
  return r.rows[0] ?? null
}

export async function updateStream(q: Queryable, id: string, streamUrl: string): Promise<void> {
  await q.query('UPDATE cameras SET stream_url = $2, updated_at = now() WHERE id = $1', [id, streamUrl])
}
