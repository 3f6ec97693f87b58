// Migration 0027 and the projects + enforcement demo seeds on both database backends (PostgreSQL + PostGIS,
// embedded PGlite + PostGIS): the location and stage rows, the close guard trigger of rectification notices, and
// forced row-level security per enterprise give the same answers on each.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readPark } from '../../../../geodata/read'
import { seedPark } from '../../../../geodata/seed'
import { Db, systemScope } from '../../../../server/platform/db/db'
import { migrate } from '../../../../server/platform/db/migrate'
import { seedEnforcementDemo } from '../../../../server/modules/enforcement/enforcement.seed'
import { listNotices } from '../../../../server/modules/enforcement/enforcement.repository'
import { listProjects } from '../../../../server/modules/projects/projects.repository'
import { seedProjectsDemo } from '../../../../server/modules/projects/projects.seed'
import { backends } from '../../platform/db/backends'

const now = Date.parse('2026-03-01T04:00:00Z')
const results = new Map<string, unknown>()

describe.each(backends)('projects and enforcement on $name', ({ name, kind, start }) => {
  let server: { url: string; stop(): Promise<void> }
  let db: Db

  beforeAll(async () => {
    server = await start()
    db = new Db(server.url, kind, 2)
    await migrate(db)
    await db.owner((q) => seedPark(q, readPark()))
    await db.owner(async (q) => {
      await seedProjectsDemo(q, now)
      await seedEnforcementDemo(q, now)
    })
  }, 300_000)
  afterAll(async () => {
    await db?.close()
    await server?.stop()
  })

  it('seeds, guards the closing of notices and isolates enterprises', async () => {
    const projects = await db.tx(systemScope, (q) => listProjects(q, {}))
    expect(projects).toHaveLength(10)
    const notices = await db.tx(systemScope, (q) => listNotices(q, {}, '2026-03-01'))
    expect(notices).toHaveLength(9)
    await expect(
      db.query(
        systemScope,
        `UPDATE rectification_notices SET state = 'closed', closed_on = '2026-03-01', closed_on_time = true
          WHERE id = 'RN-DEMO-07'`,
      ),
    ).rejects.toThrow(/closes only with evidence/)
    const own = await db.tx({ scope: 'enterprise', enterpriseId: 'E01' }, async (q) => ({
      projects: (await listProjects(q, {})).map((p) => p.id),
      notices: (await listNotices(q, {}, '2026-03-01')).map((n) => n.id),
      plans: (await q.query('SELECT id FROM inspection_plans')).rowCount,
    }))
    expect(own).toEqual({ projects: ['PRJ-E01-CL2'], notices: ['RN-DEMO-01'], plans: 0 })
    results.set(name, {
      projects: projects.map((p) => [p.id, p.status, p.location.type, p.stages.map((s) => s.state)]),
      notices: notices.map((n) => [n.id, n.state, n.deadline, n.closed_on_time]),
    })
  })
})

describe('both backends', () => {
  it('agree on every project and notice', () => {
    const [a, b] = [...results.values()]
    expect(a && b).toBeTruthy()
    expect(b).toEqual(a)
  })
})
