// Day partitions of the time-series tables (ensure_day_partitions, migration 0004) and the natural
// key of positions, on PostgreSQL and on PGlite.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Db, systemScope, type DbScope } from '../../../../server/platform/db/db'
import { migrate } from '../../../../server/platform/db/migrate'
import { ensurePartitions } from '../../../../server/platform/db/partitions'
import { backends } from './backends'

const e01: DbScope = { scope: 'enterprise', enterpriseId: 'E01' }

describe.each(backends)('day partitions on $name', ({ kind, start }) => {
  let server: { url: string; stop(): Promise<void> }
  let db: Db

  beforeAll(async () => {
    server = await start()
    db = new Db(server.url, kind, 4)
    await migrate(db)
  })
  afterAll(async () => {
    await db?.close()
    await server?.stop()
  })

  const count = async (scope: DbScope, table: string) =>
    Number((await db.query<{ n: string }>(scope, `SELECT count(*) AS n FROM ${table}`))[0]!.n)

  const tables = [
    {
      parent: 'positions',
      insert: `INSERT INTO positions (tag_id, device_time, geom, source)
               VALUES ('T-future', ($1::date::timestamp + interval '12 hours') AT TIME ZONE 'UTC', ST_SetSRID(ST_MakePoint(118.8, 32.2), 4326), 'test')`,
      where: `tag_id = 'T-future'`,
    },
    {
      parent: 'readings',
      insert: `INSERT INTO readings (sensor_id, t, value) VALUES ('S-future', ($1::date::timestamp + interval '12 hours') AT TIME ZONE 'UTC', 1.5)`,
      where: `sensor_id = 'S-future'`,
    },
  ]

  it.each(tables)(
    'moves $parent rows out of the default partition into the new day partition',
    async ({ parent, insert, where }) => {
      const day = (
        await db.query<{ d: string }>(
          systemScope,
          `SELECT to_char((now() AT TIME ZONE 'UTC')::date + 10, 'YYYY-MM-DD') AS d`,
        )
      )[0]!.d
      const partition = `${parent}_p${day.replaceAll('-', '')}`
      const whereIs = async () =>
        (
          await db.owner((q) =>
            q.query<{ part: string }>(
              `SELECT tableoid::regclass::text AS part FROM ${parent} WHERE ${where}`,
            ),
          )
        ).rows
      await db.owner((q) => q.query(insert, [day]))
      expect(await whereIs()).toEqual([{ part: `${parent}_default` }])

      const create = () =>
        db.query<{ n: number }>(systemScope, `SELECT ensure_day_partitions($1, $2::date, 1) AS n`, [
          parent,
          day,
        ])
      expect((await create())[0]!.n).toBe(1)
      expect(await whereIs()).toEqual([{ part: partition }])
      expect((await create())[0]!.n).toBe(0)
      expect(await whereIs()).toEqual([{ part: partition }])
    },
  )

  it('cuts days at UTC midnight whatever the session time zone', async () => {
    const part = await db.owner(async (q) => {
      const day = (await q.query<{ d: string }>(`SELECT ((now() AT TIME ZONE 'UTC')::date + 20)::text AS d`))
        .rows[0]!.d
      for (const [tag, offset] of [
        ['T-start', '0 seconds'],
        ['T-end', '1 day - 1 millisecond'],
        ['T-next', '1 day'],
      ]) {
        await q.query(
          `INSERT INTO positions (tag_id, device_time, geom, source)
           VALUES ($1, ($2::date::timestamp + $3::interval) AT TIME ZONE 'UTC', ST_SetSRID(ST_MakePoint(118.8, 32.2), 4326), 'test')`,
          [tag, day, offset],
        )
      }
      await q.query(`SET LOCAL TimeZone = 'Asia/Shanghai'`)
      await q.query(`SELECT ensure_day_partitions('positions', $1::date, 1)`, [day])
      return `positions_p${day.replaceAll('-', '')}`
    })
    const rows = await db.owner((q) =>
      q.query<{ tag_id: string; part: string }>(
        `SELECT tag_id, tableoid::regclass::text AS part FROM positions WHERE tag_id IN ('T-start', 'T-end', 'T-next') ORDER BY device_time`,
      ),
    )
    expect(rows.rows).toEqual([
      { tag_id: 'T-start', part },
      { tag_id: 'T-end', part },
      { tag_id: 'T-next', part: 'positions_default' },
    ])
  })

  it('creates yesterday to two days ahead for both tables, once', async () => {
    await ensurePartitions(db)
    expect(await ensurePartitions(db)).toBe(0)
    const parts = await db.owner((q) =>
      q.query<{ n: string }>(
        `SELECT count(*) AS n FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
          WHERE i.inhparent IN ('positions'::regclass, 'readings'::regclass)
            AND c.relname ~ '_p\\d{8}$'
            AND to_date(right(c.relname, 8), 'YYYYMMDD') BETWEEN (now() AT TIME ZONE 'UTC')::date - 1 AND (now() AT TIME ZONE 'UTC')::date + 2`,
      ),
    )
    expect(Number(parts.rows[0]!.n)).toBe(8)
  })

  it('refuses a table that is not partitioned by day', async () => {
    await expect(
      db.query(systemScope, `SELECT ensure_day_partitions('assets', current_date, 1)`),
    ).rejects.toThrow(/not a partitioned table/)
  })

  it.each([
    ['today (a day partition)', 'T-dup-1', `now()`],
    ['a year back (the default partition)', 'T-dup-2', `now() - interval '1 year'`],
  ])(
    'stores a duplicate (tag_id, device_time) once with ON CONFLICT DO NOTHING: %s',
    async (_name, tag, time) => {
      await ensurePartitions(db)
      const t = (await db.query<{ t: Date }>(systemScope, `SELECT date_trunc('second', ${time}) AS t`))[0]!.t
      const insert = () =>
        db.tx(
          e01,
          async (q) =>
            (
              await q.query(
                `INSERT INTO positions (tag_id, device_time, enterprise_id, geom, source)
             VALUES ($1, $2, 'E01', ST_SetSRID(ST_MakePoint(118.8, 32.2), 4326), 'test') ON CONFLICT DO NOTHING`,
                [tag, t],
              )
            ).rowCount,
        )
      expect([await insert(), await insert()]).toEqual([1, 0])
      expect(await count(systemScope, `positions WHERE tag_id = '${tag}'`)).toBe(1)
    },
  )
})
