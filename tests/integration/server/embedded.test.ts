import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { testConfig } from '../../helpers/server-config'
import { createLogger } from '../../../server/platform/logger'
import { startServer, type RunningServer } from '../../../server/main'
import { systemScope } from '../../../server/platform/db/db'
import { readPark } from '../../../geodata/read'
import { ApiClient, eventually } from '../../helpers/http'

// The embedded defaults of `npm start`: PGlite with PostGIS over pglite-socket, in-process bus.
describe('embedded defaults (no DATABASE_URL, no REDIS_URL)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cpt-embedded-'))
  const env = {
    DATA_DIR: dataDir,
    SIM_TAGS: '8',
    LOG_LEVEL: 'silent',
  }
  let server: RunningServer | null = null
  afterAll(async () => {
    await server?.stop()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('starts, seeds the park, generates the admin password and stores live positions', async () => {
    server = await startServer(testConfig(env), createLogger('silent'))
    expect(server.adminPassword).toMatch(/^[A-Za-z0-9]{16}$/)
    const api = new ApiClient(server.url)
    expect((await api.get('/api/v1/health')).body).toMatchObject({
      status: 'ok',
      db_kind: 'pglite',
      bus_kind: 'memory',
    })
    await api.login('admin', server.adminPassword!)
    const tanks = await api.get('/api/v1/assets?kind=tank')
    expect(tanks.body.features).toHaveLength(readPark().tanks.features.length)
    const db = server.db
    await eventually(
      async () =>
        (await db.query<{ n: number }>(systemScope, 'SELECT count(*)::int AS n FROM positions'))[0]!.n > 0,
    )
    await server.stop()
    server = null
  })

  it('keeps its data across a restart and does not seed twice', async () => {
    server = await startServer(testConfig({ ...env, SIM: 'off' }), createLogger('silent'))
    expect(server.adminPassword).toBeNull()
    const [row] = await server.db.query<{ parks: number; positions: number; admins: number }>(
      systemScope,
      `SELECT (SELECT count(*) FROM parks)::int AS parks, (SELECT count(*) FROM positions)::int AS positions,
              (SELECT count(*) FROM users WHERE username = 'admin')::int AS admins`,
    )
    expect(row).toMatchObject({ parks: 1, admins: 1 })
    expect(row!.positions).toBeGreaterThan(0)
  })
})
