import type { Queryable } from '../../platform/db/db'

/**
 * The simulated park's enterprise second gates (二道闸): one per enterprise, `<enterprise>-G2`, on its parcel's fence
 * nearest the parcel's centre, while the park has none (a park that registered its own keeps them). Returns how
 * many were created.
 */
export async function seedEnterpriseGatesDemo(q: Queryable): Promise<number> {
  const r = await q.query(
    `INSERT INTO enterprise_gates (id, enterprise_id, name, geom)
     SELECT e.id || '-G2', e.id, e.name || '二道闸',
            ST_ClosestPoint(ST_Boundary(e.geom), ST_PointOnSurface(e.geom))
       FROM enterprises e
      WHERE NOT EXISTS (SELECT 1 FROM enterprise_gates)
     ON CONFLICT (id) DO NOTHING`,
  )
  return r.rowCount ?? 0
}
