// Migration 0005 on a database that already holds the park and readings (seeded before 0005 existed), on
// PostgreSQL and on PGlite: collectors and channels are registered, old readings keep their values under the
// new natural key, day partitions still attach, and the new tables are tenant-isolated.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Db, systemScope, type DbScope } from '../../../../server/platform/db/db'
import { listMigrations, migrate, migrationsDir } from '../../../../server/platform/db/migrate'
import { readPark } from '../../../../geodata/read'
import { seedPark } from '../../../../geodata/seed'
import { parkCollectors } from '../../../../sensors/simulators/hj212/park-collectors'
import { backends } from '../../platform/db/backends'

const e01: DbScope = { scope: 'enterprise', enterpriseId: 'E01' }
const park = readPark()

describe.each(backends)('migration 0005 on an existing $name database', ({ kind, start }) => {
  let server: { url: string; stop(): Promise<void> }
  let db: Db
  const before = mkdtempSync(join(tmpdir(), 'cpt-before-0005-'))
  const count = async (scope: DbScope, sql: string, params: unknown[] = []) =>
    (await db.query<{ n: number }>(scope, `SELECT count(*)::int AS n FROM ${sql}`, params))[0]!.n

  beforeAll(async () => {
    for (const m of listMigrations().filter((m) => m.version < '0005'))
      copyFileSync(join(migrationsDir, m.name), join(before, m.name))
    server = await start()
    db = new Db(server.url, kind, 4)
    await migrate(db, before)
    await db.owner(async (q) => {
      await seedPark(q, park)
      await q.query(
        `INSERT INTO readings (sensor_id, t, value, flag) VALUES ('MP-E01-1', '2026-11-01T00:00:00Z', 7.5, 'N')`,
      )
    })
    expect(await migrate(db)).toContain('0005_environment.sql')
  })
  afterAll(async () => {
    await db?.close()
    await server?.stop()
    rmSync(before, { recursive: true, force: true })
  })

  it('registers one collector per monitor-point MN, with the simulator’s PW, and its default channels', async () => {
    const collectors = parkCollectors(park)
    const rows = await db.query<{ mn: string; pw: string }>(
      systemScope,
      'SELECT mn, pw FROM hj212_collectors ORDER BY mn',
    )
    expect(rows).toEqual(collectors.map((c) => ({ mn: c.mn, pw: c.pw })))
    const water = collectors.filter((c) => c.measure === 'wastewater').length
    expect(await count(systemScope, `sensors WHERE kind = 'hj212_channel'`)).toBe(
      water * 4 + (collectors.length - water) * 5,
    )
    const [cod] = await db.query(systemScope, `SELECT thresholds FROM sensors WHERE id = $1`, [
      `${collectors.find((c) => c.measure === 'wastewater')!.mn}.w01018`,
    ])
    expect(cod).toEqual({ thresholds: { high: 50, source: 'GB 18918-2002 一级A' } })
  })

  it('keeps old readings as real-time values and keys readings by (sensor, kind, time)', async () => {
    expect(
      await db.query(systemScope, `SELECT kind, value, stats FROM readings WHERE sensor_id = 'MP-E01-1'`),
    ).toEqual([{ kind: 'rtd', value: 7.5, stats: null }])
    const insert = (k: string) =>
      db.tx(
        systemScope,
        async (q) =>
          (
            await q.query(
              `INSERT INTO readings (sensor_id, kind, t, value) VALUES ('MP-E01-1', $1, '2026-11-01T00:00:00Z', 1) ON CONFLICT DO NOTHING`,
              [k],
            )
          ).rowCount,
      )
    expect([await insert('min'), await insert('min'), await insert('rtd')]).toEqual([1, 0, 0])
    await expect(insert('weekly')).rejects.toThrow(/readings_kind_check/)
  })

  it('still creates and attaches day partitions (the CHECK constraint is copied)', async () => {
    const [r] = await db.query<{ n: number }>(
      systemScope,
      `SELECT ensure_day_partitions('readings', '2026-11-01', 1) AS n`,
    )
    expect(r!.n).toBe(1)
    const parts = await db.owner((q) =>
      q.query(`SELECT tableoid::regclass::text AS part FROM readings WHERE sensor_id = 'MP-E01-1'`),
    )
    expect(new Set(parts.rows.map((p) => p.part))).toEqual(new Set(['readings_p20261101']))
  })

  it('isolates collectors and packets by enterprise, and rejections to the park', async () => {
    await db.tx(systemScope, (q) =>
      q.query(`INSERT INTO ingest_rejections (protocol, reason, detail) VALUES ('hj212', 'bad_crc', 'test')`),
    )
    const all = await count(systemScope, 'hj212_collectors')
    const own = await count(e01, 'hj212_collectors')
    expect(own).toBeGreaterThan(0)
    expect(own).toBeLessThan(all)
    expect(await count(e01, `hj212_collectors WHERE enterprise_id <> 'E01'`)).toBe(0)
    expect(await count(systemScope, 'ingest_rejections')).toBe(1)
    expect(await count(e01, 'ingest_rejections')).toBe(0)
    await expect(
      db.tx(e01, (q) =>
        q.query(`INSERT INTO ingest_rejections (protocol, reason, detail) VALUES ('x', 'y', 'z')`),
      ),
    ).rejects.toThrow(/row-level security/)
  })
})
