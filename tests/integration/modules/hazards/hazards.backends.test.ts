// Migration 0021 and the demo seed on both database backends (PostgreSQL + PostGIS, embedded PGlite + PostGIS): the
// exposed-population function (SECURITY DEFINER, geography distance) gives the same counts, an enterprise reads
// only its own units through forced row-level security, and a grade computed on each backend is the same.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readPark } from '../../../../geodata/read'
import { seedPark } from '../../../../geodata/seed'
import { Db, systemScope } from '../../../../server/platform/db/db'
import { migrate } from '../../../../server/platform/db/migrate'
import { listUnits } from '../../../../server/modules/hazards/hazards.repository'
import { seedMajorHazardsDemo } from '../../../../server/modules/hazards/hazards.seed'
import { computeUnits } from '../../../../server/modules/hazards/hazards.service'
import { backends } from '../../platform/db/backends'

const results = new Map<
  string,
  { suggested: Record<string, number | null>; grades: Record<string, string | null> }
>()

describe.each(backends)('major hazards on $name', ({ name, kind, start }) => {
  let server: { url: string; stop(): Promise<void> }
  let db: Db

  beforeAll(async () => {
    server = await start()
    db = new Db(server.url, kind, 2)
    await migrate(db)
    await db.owner((q) => seedPark(q, readPark()))
    await db.owner((q) => seedMajorHazardsDemo(q, Date.parse('2026-03-01T04:00:00Z')))
  }, 120_000)
  afterAll(async () => {
    await db?.close()
    await server?.stop()
  })

  it('seeds, computes and isolates enterprises', async () => {
    const units = await db.tx(systemScope, async (q) => computeUnits(q, await listUnits(q, {}), '2026-03-01'))
    expect(units.length).toBeGreaterThan(40)
    const own = await db.tx({ scope: 'enterprise', enterpriseId: 'E13' }, (q) => listUnits(q, {}))
    expect(own.map((u) => u.enterprise_id)).toEqual(own.map(() => 'E13'))
    expect(own.length).toBeGreaterThan(0)
    // the enterprise gets the park's count of its neighbours, though it cannot read their buildings
    const park = units.find((u) => u.id === own[0]!.id)!
    expect(own[0]!.exposed_suggested).toBe(park.exposed_suggested)
    expect(park.exposed_suggested).toBeGreaterThan(0)
    results.set(name, {
      suggested: Object.fromEntries(units.map((u) => [u.id, u.exposed_suggested])),
      grades: Object.fromEntries(units.map((u) => [u.id, u.assessment.grade])),
    })
  })
})

describe('both backends', () => {
  it('agree on every unit’s exposed people and grade', () => {
    const [a, b] = [...results.values()]
    expect(a && b).toBeTruthy()
    expect(b!.suggested).toEqual(a!.suggested)
    expect(b!.grades).toEqual(a!.grades)
  })
})
