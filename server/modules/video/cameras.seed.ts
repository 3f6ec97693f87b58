import type { Queryable } from '../../platform/db/db'

/**
 * Creates the demo park's cameras (migration 0015's cameras_sync) when the park has none yet. Call it after
 * seeding a new database; idempotent, and it never re-creates a camera the park removed while others remain.
 * Returns the number of cameras created.
 */
export async function syncCameras(q: Queryable): Promise<number> {
  // as the park: under the owner role forced row-level security would otherwise hide the rows
  await q.query(`SELECT set_config('app.scope', 'park', true)`)
  const r = await q.query<{ n: number }>('SELECT cameras_sync() AS n')
  return r.rows[0]?.n ?? 0
}
