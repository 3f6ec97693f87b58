// Migration 0015 and syncCameras: the `camera` asset kind and the demo park's cameras on a database seeded before
// the migration (PostgreSQL and PGlite) and on a new one seeded after it; created once, never re-created.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readPark } from '../../../../geodata/read'
import { seedPark } from '../../../../geodata/seed'
import { testStreamPath } from '../../../../server/contracts/video'
import { syncCameras } from '../../../../server/modules/video/cameras.seed'
import { Db, systemScope, type DbScope } from '../../../../server/platform/db/db'
import { listMigrations, migrate, migrationsDir } from '../../../../server/platform/db/migrate'
import { createTestDatabase } from '../../../helpers/services'
import { backends } from '../../platform/db/backends'

const park = readPark()
const expected =
  park.gates.features.length + park.enterprises.features.length + park.tankFarms.features.length

interface Row {
  id: string
  camera_class: string
  watches: string | null
  enterprise_id: string | null
  stream_url: string
}
const cameras = (db: Db, scope: DbScope = systemScope) =>
  db.query<Row>(
    scope,
    `SELECT a.id, a.props->>'camera_class' AS camera_class, a.props->>'watches' AS watches, c.enterprise_id,
            c.stream_url
       FROM cameras c JOIN assets a USING (id) ORDER BY a.id`,
  )

describe.each(backends)('migration 0015 on an existing $name database', ({ kind, start }) => {
  let server: { url: string; stop(): Promise<void> }
  let db: Db
  const before = mkdtempSync(join(tmpdir(), 'cpt-before-0015-'))

  beforeAll(async () => {
    for (const m of listMigrations().filter((m) => m.version < '0015'))
      copyFileSync(join(migrationsDir, m.name), join(before, m.name))
    server = await start()
    db = new Db(server.url, kind, 4)
    await migrate(db, before)
    await db.owner((q) => seedPark(q, park))
    expect(await migrate(db)).toContain('0015_cameras.sql')
  })
  afterAll(async () => {
    await db?.close()
    await server?.stop()
    rmSync(before, { recursive: true, force: true })
  })

  it('creates a camera per park gate, enterprise and tank farm, each on the test stream', async () => {
    const rows = await cameras(db)
    expect(rows).toHaveLength(expected)
    expect(rows.every((r) => r.stream_url === testStreamPath)).toBe(true)
    const gates = rows.filter((r) => r.camera_class === 'gate')
    expect(gates.map((r) => r.watches).sort()).toEqual(park.gates.features.map((g) => g.id).sort())
    expect(gates.every((r) => r.enterprise_id === null)).toBe(true)
    const farms = rows.filter((r) => r.camera_class === 'tank_farm')
    expect(farms).toHaveLength(park.tankFarms.features.length)
    for (const f of park.tankFarms.features)
      expect(farms.find((r) => r.watches === f.id)?.enterprise_id).toBe(f.properties.enterprise_id)
    expect(rows.filter((r) => r.camera_class === 'enterprise').map((r) => r.enterprise_id)).toEqual(
      park.enterprises.features.map((e) => e.id).sort(),
    )
  })

  it('keeps the other asset kinds and refuses an unknown one', async () => {
    const [n] = await db.query<{ n: number }>(
      systemScope,
      `SELECT count(*)::int AS n FROM assets WHERE kind = 'tank'`,
    )
    expect(n!.n).toBe(park.tanks.features.length)
    await expect(
      db.owner((q) =>
        q.query(
          `INSERT INTO assets (id, kind, name, geom) VALUES ('X1', 'drone', 'x', ST_Point(121, 32, 4326))`,
        ),
      ),
    ).rejects.toThrow(/assets_kind_check/)
  })

  it('creates nothing more on later starts, even after the park removed a camera', async () => {
    expect(await db.owner(syncCameras)).toBe(0)
    await db.owner((q) => q.query(`DELETE FROM assets WHERE id = 'CAM-G1'`))
    expect(await db.owner(syncCameras)).toBe(0)
    expect(await cameras(db)).toHaveLength(expected - 1)
  })

  it('shows an enterprise its own cameras only, the park gates’ ones not even as assets', async () => {
    const scope: DbScope = { scope: 'enterprise', enterpriseId: 'E01' }
    const own = await cameras(db, scope)
    expect(own.length).toBeGreaterThan(1)
    expect(own.every((r) => r.enterprise_id === 'E01')).toBe(true)
    const assets = await db.query<{ id: string }>(
      scope,
      `SELECT id FROM assets WHERE kind = 'camera' ORDER BY id`,
    )
    expect(assets.map((a) => a.id)).toEqual(own.map((r) => r.id))
    // the park-wide assets other than cameras stay visible
    const gates = await db.query<{ id: string }>(scope, `SELECT id FROM assets WHERE kind = 'gate'`)
    expect(gates.length).toBe(park.gates.features.length)
  })
})

describe('syncCameras on a new database (migrations, then seeding)', () => {
  let db: Db
  let drop: () => Promise<void>

  beforeAll(async () => {
    const t = await createTestDatabase('cpt_cameras_new')
    drop = t.drop
    db = new Db(t.url, 'postgres', 4)
    await migrate(db)
  })
  afterAll(async () => {
    await db?.close()
    await drop?.()
  })

  it('creates nothing before the park is seeded, then every camera once', async () => {
    expect(await db.owner(syncCameras)).toBe(0)
    await db.owner((q) => seedPark(q, park))
    expect(await db.owner(syncCameras)).toBe(expected)
    expect(await db.owner(syncCameras)).toBe(0)
  })
})
