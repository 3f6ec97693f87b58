import type { Queryable } from '../../../../server/platform/db/db'

// Minimal rows for tenant-isolation checks: two enterprises, assets of each and one park-wide asset,
// a park user and an enterprise user with one session each, and audit rows of both enterprises.
export const assetsOf = {
  E01: ['A-E01-1', 'A-E01-2'],
  E02: ['A-E02-1'],
  park: ['A-PARK-1'],
}

const square = (lon: number, lat: number) =>
  `POLYGON((${lon} ${lat}, ${lon + 0.001} ${lat}, ${lon + 0.001} ${lat + 0.001}, ${lon} ${lat + 0.001}, ${lon} ${lat}))`

export async function insertFixtures(q: Queryable): Promise<void> {
  for (const [id, lon, code] of [
    ['E01', 118.8, '91320000E01'],
    ['E02', 118.81, '91320000E02'],
  ] as const) {
    await q.query(
      `INSERT INTO enterprises (id, name, name_en, industry, industry_en, risk, credit_code, geom)
       VALUES ($1, $1, $1, '化工', 'chemicals', 'orange', $2, ST_GeomFromText($3, 4326))`,
      [id, code, square(lon, 32.2)],
    )
  }
  const assets = [
    ...assetsOf.E01.map((id) => [id, 'E01']),
    ...assetsOf.E02.map((id) => [id, 'E02']),
    ...assetsOf.park.map((id) => [id, null]),
  ]
  for (const [id, ent] of assets) {
    await q.query(
      `INSERT INTO assets (id, kind, enterprise_id, name, geom)
       VALUES ($1, 'building', $2, $1, ST_SetSRID(ST_MakePoint(118.8, 32.2), 4326))`,
      [id, ent],
    )
  }
  const users = await q.query<{ id: string }>(
    `INSERT INTO users (username, display_name, role, enterprise_id, password_hash) VALUES
       ('admin', 'Admin', 'park_admin', NULL, 'x'), ('e01user', 'E01 user', 'enterprise_user', 'E01', 'x')
     RETURNING id`,
  )
  for (const [i, u] of users.rows.entries()) {
    await q.query(
      `INSERT INTO sessions (id, user_id, expires_at) VALUES ($1, $2, now() + interval '1 hour')`,
      [`session-${i}`, u.id],
    )
  }
  await q.query(
    `INSERT INTO audit_log (action, result, enterprise_id) VALUES ('login', 'ok', 'E01'), ('login', 'ok', 'E02')`,
  )
}
