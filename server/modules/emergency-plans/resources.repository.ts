import type { EmergencyResource, NewResourceBody, ResourceQuery } from '../../contracts/emergency-plans'
import type { Queryable } from '../../platform/db/db'
import { isoSql } from '../environment/sql'

// The only SQL of emergency resources (teams, supplies, experts, shelters, depots), in the caller's scope.

const cols = `r.id, r.kind, r.name, r.name_en, r.enterprise_id, ST_AsGeoJSON(r.geom, 7)::json AS geometry, r.props,
  ${isoSql('r.updated_at')} AS updated_at`

export async function listResources(q: Queryable, f: ResourceQuery): Promise<EmergencyResource[]> {
  const near = f.near ? `ST_SetSRID(ST_MakePoint($3, $4), 4326)::geography` : null
  const r = await q.query<EmergencyResource>(
    `SELECT ${cols}${near ? `, round(ST_Distance(r.geom::geography, ${near})::numeric, 1)::float8 AS distance_m` : ''}
       FROM emergency_resources r
      WHERE ($1::text IS NULL OR r.kind = $1)
        AND ($2::text IS NULL OR ($2 = 'park' AND r.enterprise_id IS NULL) OR r.enterprise_id = $2)
        ${near ? `AND r.geom IS NOT NULL AND ST_DWithin(r.geom::geography, ${near}, $5)` : ''}
      ORDER BY ${near ? 'distance_m,' : ''} r.kind, r.enterprise_id NULLS FIRST, r.id
      LIMIT 2000`,
    near
      ? [f.kind ?? null, f.enterprise ?? null, f.near!.lon, f.near!.lat, f.radius_m]
      : [f.kind ?? null, f.enterprise ?? null],
  )
  return r.rows
}

export async function insertResource(
  q: Queryable,
  enterpriseId: string | null,
  b: NewResourceBody,
  by: string,
): Promise<EmergencyResource> {
  const r = await q.query<EmergencyResource>(
    `WITH r AS (
       INSERT INTO emergency_resources (kind, name, name_en, enterprise_id, geom, props, updated_by)
       VALUES ($1, $2, $3, $4, CASE WHEN $5::float8 IS NULL THEN NULL ELSE ST_SetSRID(ST_MakePoint($5, $6), 4326) END,
               $7, $8)
       RETURNING *)
     SELECT ${cols} FROM r`,
    [
      b.kind,
      b.name,
      b.name_en ?? null,
      enterpriseId,
      b.position?.[0] ?? null,
      b.position?.[1] ?? null,
      JSON.stringify(b.props),
      by,
    ],
  )
  return r.rows[0]!
}
