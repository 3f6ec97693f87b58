// Migration 0008 and syncSafetySensors: the tank and process safety sensors and the gas-detector defaults, on a
// database seeded before the migration (PostgreSQL and PGlite) and on a new one seeded after it; the sync acts
// once per sensor and never undoes the park's edits; the simulator's steady state lies inside every limit.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readPark } from '../../../../geodata/read'
import { seedPark } from '../../../../geodata/seed'
import { parkSafetySensors } from '../../../../sensors/simulators/safety/park-safety-sensors'
import { resolveThresholds } from '../../../../server/modules/alarms/thresholds'
import { syncSafetySensors } from '../../../../server/modules/sensors/sensor-readings.repository'
import { safetySensorKinds } from '../../../../server/modules/sensors/sensor-readings.service'
import { Db, systemScope, type DbScope } from '../../../../server/platform/db/db'
import { listMigrations, migrate, migrationsDir } from '../../../../server/platform/db/migrate'
import { createTestDatabase } from '../../../helpers/services'
import { backends } from '../../platform/db/backends'
import { captureTransport, runFor } from '../../../unit/sensors/simulators/safety/harness'

const park = readPark()
const simulated = parkSafetySensors(park)
const safetyKinds = [...safetySensorKinds]

interface Row {
  id: string
  kind: string
  measure: string
  unit: string | null
  enterprise_id: string | null
  asset_id: string | null
  thresholds: Record<string, unknown>
}
const registry = (db: Db, scope: DbScope = systemScope) =>
  db.query<Row>(
    scope,
    `SELECT id, kind, measure, unit, enterprise_id, asset_id, thresholds FROM sensors WHERE kind = ANY($1) ORDER BY id`,
    [safetyKinds],
  )

describe.each(backends)('migration 0008 on an existing $name database', ({ kind, start }) => {
  let server: { url: string; stop(): Promise<void> }
  let db: Db
  const before = mkdtempSync(join(tmpdir(), 'cpt-before-0008-'))

  beforeAll(async () => {
    for (const m of listMigrations().filter((m) => m.version < '0008'))
      copyFileSync(join(migrationsDir, m.name), join(before, m.name))
    server = await start()
    db = new Db(server.url, kind, 4)
    await migrate(db, before)
    await db.owner((q) => seedPark(q, park))
    expect(await migrate(db)).toContain('0008_safety_sensors.sql')
  })
  afterAll(async () => {
    await db?.close()
    await server?.stop()
    rmSync(before, { recursive: true, force: true })
  })

  it('registers exactly the sensors the simulator sends, with their enterprise, unit and tank', async () => {
    const rows = await registry(db)
    expect(rows.map((r) => r.id)).toEqual(simulated.map((s) => s.id))
    const byId = new Map(rows.map((r) => [r.id, r]))
    for (const s of simulated)
      expect(byId.get(s.id)).toMatchObject({
        kind: s.kind,
        measure: s.measure,
        unit: s.unit,
        enterprise_id: s.enterprise_id,
      })
    expect(byId.get('T-E01-01.PT')).toMatchObject({
      asset_id: 'T-E01-01',
      thresholds: { high: 1000, high_high: 1200, silence_timeout_s: 120 },
    })
    // an atmospheric tank's breather-valve limits, a pressurised sphere's design limits
    expect(byId.get('T-E02-01.PT')!.thresholds).toMatchObject({ low: -0.2, high: 1.5 })
    expect(byId.get('T-E02-01.LT')!.thresholds).toMatchObject({ low: 10, high: 85, high_high: 90 })
    expect(rows.filter((r) => r.kind === 'process').every((r) => r.asset_id?.startsWith('B-'))).toBe(true)
  })

  it('adds rate-of-rise and silence defaults to gas detectors and keeps the GB/T 50493 set points', async () => {
    const rows = await registry(db)
    const lel = rows.find((r) => r.kind === 'gas_detector' && r.measure === 'combustible')!
    expect(lel.thresholds).toEqual({ rate_per_min: 10, rate_window_s: 60, silence_timeout_s: 60 })
    const cl2 = rows.find((r) => r.kind === 'gas_detector' && r.measure === 'Cl2')!
    expect(cl2.thresholds).toEqual({ silence_timeout_s: 60 })
    const resolved = resolveThresholds(lel)
    expect(resolved).toMatchObject({
      limits: [
        { rule: 'hh', value: 50 },
        { rule: 'h', value: 25 },
      ],
      rate: { perMin: 10, windowMs: 60_000 },
      silenceMs: 60_000,
    })
  })

  it('acts once per sensor: edits stay, deleted sensors stay deleted, removed keys stay removed', async () => {
    expect(await db.tx(systemScope, syncSafetySensors)).toBe(0)
    const lel = (await registry(db)).find((r) => r.measure === 'combustible')!.id
    await db.tx(systemScope, async (q) => {
      await q.query(
        `UPDATE sensors SET thresholds = '{"high": 70, "high_high": 80}' WHERE id = 'T-E01-02.LT'`,
      )
      await q.query(`DELETE FROM sensors WHERE id = 'T-E01-02.PT'`)
      await q.query(`UPDATE sensors SET thresholds = '{"silence_timeout_s": 30}' WHERE id = $1`, [lel])
    })
    expect(await db.owner(syncSafetySensors)).toBe(0)
    const rows = new Map((await registry(db)).map((r) => [r.id, r]))
    expect(rows.get('T-E01-02.LT')!.thresholds).toEqual({ high: 70, high_high: 80 })
    expect(rows.has('T-E01-02.PT')).toBe(false)
    expect(rows.get(lel)!.thresholds).toEqual({ silence_timeout_s: 30 })
  })

  it('isolates the safety sensors by enterprise and the sync log to the park', async () => {
    const e01: DbScope = { scope: 'enterprise', enterpriseId: 'E01' }
    const own = await registry(db, e01)
    expect(own.length).toBeGreaterThan(0)
    expect(own.every((r) => r.enterprise_id === 'E01')).toBe(true)
    const log = (scope: DbScope) =>
      db.query<{ n: number }>(scope, 'SELECT count(*)::int AS n FROM safety_sensor_sync')
    expect((await log(systemScope))[0]!.n).toBeGreaterThan(0)
    expect((await log(e01))[0]!.n).toBe(0)
  })
})

describe('syncSafetySensors on a new database (migrations, then seeding)', () => {
  let db: Db
  let drop: () => Promise<void>

  beforeAll(async () => {
    const t = await createTestDatabase('cpt_safety_reg')
    drop = t.drop
    db = new Db(t.url, 'postgres', 4)
    await migrate(db)
    await db.owner((q) => seedPark(q, park))
  })
  afterAll(async () => {
    await db?.close()
    await drop?.()
  })

  it('creates nothing before seeding is done, then every sensor and default once', async () => {
    expect(await registry(db)).toHaveLength(149) // the seeded gas detectors, without defaults yet
    const tanks = park.tanks.features.length
    const processes = simulated.filter((s) => s.kind === 'process').length
    expect(await db.owner(syncSafetySensors)).toBe(3 * tanks + processes + 149)
    expect(await db.owner(syncSafetySensors)).toBe(0)
    expect((await registry(db)).map((r) => r.id)).toEqual(simulated.map((s) => s.id))
  })

  it('holds the simulator’s steady state inside every sensor’s limits (30 simulated minutes)', async () => {
    const { batches } = await runFor(
      30 * 60,
      { seed: 3, leak: false, faults: { fault: 0, comms: 0, maintenance: 0, calibration: 0 } },
      captureTransport(),
    )
    const range = new Map<string, { min: number; max: number }>()
    for (const b of batches)
      for (const r of b.readings) {
        const x = range.get(r.sensor) ?? { min: Infinity, max: -Infinity }
        range.set(r.sensor, { min: Math.min(x.min, r.v!), max: Math.max(x.max, r.v!) })
      }
    const outside: string[] = []
    for (const row of await registry(db)) {
      const t = resolveThresholds(row)
      if ('error' in t) throw new Error(`${row.id}: ${t.error}`)
      const { min, max } = range.get(row.id)!
      for (const l of t.limits)
        if (l.direction === 'high' ? max >= l.value : min <= l.value)
          outside.push(`${row.id} ${l.rule} ${l.value}: ${min}..${max}`)
    }
    expect(outside).toEqual([])
  })
})
