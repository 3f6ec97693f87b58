// Data retention on real PostgreSQL + PostGIS and on the embedded PGlite: old day partitions of readings and
// positions are dropped whole, old rows in the default partition deleted, everything newer kept.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { applyRetention, firstDayKept } from '../../../../server/modules/sensors/retention'
import { Db, systemScope } from '../../../../server/platform/db/db'
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../../../../server/platform/db/embedded'
import { migrate } from '../../../../server/platform/db/migrate'
import { createTestDatabase, type TestDatabase } from '../../../helpers/services'

const now = new Date('2026-11-28T10:00:00Z')

/** The same scenario on any database that has the migrations applied. */
function retentionScenario(db: () => Db) {
  const partitions = async (parent: string) =>
    (
      await db().owner((q) =>
        q.query<{ name: string }>(
          `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
             JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = $1 ORDER BY 1`,
          [parent],
        ),
      )
    ).rows.map((r) => r.name)
  const times = async (sql: string) =>
    (await db().query<{ t: Date }>(systemScope, sql)).map((r) => r.t.toISOString())

  beforeAll(async () => {
    await db().query(
      systemScope,
      `SELECT ensure_day_partitions('readings', '2026-10-20', 15), ensure_day_partitions('positions', '2026-11-20', 10)`,
    )
    const readingAt = [
      '2026-10-20T05:00:00Z',
      '2026-10-28T23:59:59Z',
      '2026-10-29T00:00:00Z',
      '2026-11-02T12:00:00Z',
    ]
    // the default partition: a day without a partition long ago, and a device clock far ahead
    const defaultAt = ['2026-09-01T00:00:00Z', '2027-01-01T00:00:00Z']
    await db().query(
      systemScope,
      `INSERT INTO readings (sensor_id, kind, t, value) SELECT 'S1', 'rtd', t, 1 FROM unnest($1::timestamptz[]) AS t`,
      [[...readingAt, ...defaultAt]],
    )
    await db().query(
      systemScope,
      `INSERT INTO positions (tag_id, device_time, geom, source)
       SELECT 'T1', t, ST_SetSRID(ST_MakePoint(120, 31), 4326), 'test' FROM unnest($1::timestamptz[]) AS t`,
      [['2026-11-20T01:00:00Z', '2026-11-22T23:00:00Z', '2026-11-23T00:00:00Z', '2026-11-01T00:00:00Z']],
    )
  })

  it('keeps the days asked for, drops older partitions and default-partition rows', async () => {
    expect(firstDayKept(30, now)).toBe('2026-10-29')
    const r = await applyRetention(db(), { readingsDays: 30, positionsDays: 6 }, now)
    expect(r).toEqual({
      keptFrom: { readings: '2026-10-29', positions: '2026-11-22' },
      dropped: { readings: 9, positions: 2 },
    })
    const readings = await partitions('readings')
    expect(readings).toContain('readings_default')
    expect(readings.filter((p) => p !== 'readings_default')).toEqual(
      ['29', '30', '31']
        .map((d) => `readings_p202610${d}`)
        .concat(['01', '02', '03'].map((d) => `readings_p202611${d}`)),
    )
    expect(await times('SELECT t FROM readings ORDER BY t')).toEqual([
      '2026-10-29T00:00:00.000Z',
      '2026-11-02T12:00:00.000Z',
      '2027-01-01T00:00:00.000Z',
    ])
    expect(await times('SELECT device_time AS t FROM positions ORDER BY 1')).toEqual([
      '2026-11-22T23:00:00.000Z',
      '2026-11-23T00:00:00.000Z',
    ])
    expect(await partitions('positions')).toContain('positions_default')
  })

  it('is idempotent, and 0 days keeps a table forever', async () => {
    expect((await applyRetention(db(), { readingsDays: 30, positionsDays: 6 }, now)).dropped).toEqual({
      readings: 0,
      positions: 0,
    })
    const forever = await applyRetention(db(), { readingsDays: 0, positionsDays: 0 }, new Date('2030-01-01Z'))
    expect(forever).toEqual({
      keptFrom: { readings: null, positions: null },
      dropped: { readings: 0, positions: 0 },
    })
    expect(await times('SELECT t FROM readings ORDER BY t')).toHaveLength(3)
  })

  it('touches only readings and positions; the app role itself may not delete', async () => {
    await expect(
      db().query(systemScope, `SELECT drop_day_partitions_before('users', '2030-01-01')`),
    ).rejects.toThrow(/not a partitioned table/)
    await expect(db().query(systemScope, `DELETE FROM readings`)).rejects.toThrow(/permission denied/)
    await expect(applyRetention(db(), { readingsDays: -1, positionsDays: 0 }, now)).rejects.toThrow(
      /whole days/,
    )
    expect(await times('SELECT t FROM readings ORDER BY t')).toHaveLength(3)
  })
}

describe('retention on PostgreSQL + PostGIS', () => {
  let database: TestDatabase
  let db: Db
  beforeAll(async () => {
    database = await createTestDatabase('cpt_retention')
    db = new Db(database.url, 'postgres')
    await migrate(db)
  })
  afterAll(async () => {
    await db?.close()
    await database?.drop()
  })
  retentionScenario(() => db)
})

describe('retention on embedded PGlite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cpt-retention-'))
  let embedded: EmbeddedDatabase
  let db: Db
  beforeAll(async () => {
    embedded = await startEmbeddedDatabase(join(dir, 'pglite'))
    db = new Db(embedded.url, 'pglite')
    await migrate(db)
  })
  afterAll(async () => {
    await db?.close()
    await embedded?.stop()
    rmSync(dir, { recursive: true, force: true })
  })
  retentionScenario(() => db)
})
