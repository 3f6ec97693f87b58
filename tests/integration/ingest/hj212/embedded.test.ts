// The embedded defaults (PGlite with PostGIS, in-process bus): migration 0005 applies, the simulated
// collectors of `SIM=on` deliver over TCP, and a raw upload is answered after its commit and stored once.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { systemScope } from '../../../../server/platform/db/db'
import { testConfig } from '../../../helpers/server-config'
import { createLogger } from '../../../../server/platform/logger'
import { startServer, type RunningServer } from '../../../../server/main'
import { ApiClient, eventually } from '../../../helpers/http'
import { collectors, Device, upload, water } from './device'

describe('HJ 212 ingest on embedded PGlite', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cpt-hj212-'))
  const adminPassword = 'Admin-pass-2026'
  let server: RunningServer

  beforeAll(async () => {
    server = await startServer(
      testConfig({
        DATA_DIR: dataDir,
        SIM: 'on',
        SIM_TAGS: '0',
        ADMIN_PASSWORD: adminPassword,
        LOG_LEVEL: 'silent',
      }),
      createLogger('silent'),
    )
  })
  afterAll(async () => {
    await server?.stop()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('receives real-time data from every simulated collector (SIM=on) within seconds', async () => {
    expect(server.db.kind).toBe('pglite')
    await eventually(async () => {
      const [r] = await server.db.query<{ n: number }>(
        systemScope,
        `SELECT count(DISTINCT mn)::int AS n FROM hj212_packets WHERE cn = 2011`,
      )
      return r!.n === collectors.length
    }, 60_000)
    const api = new ApiClient(server.url)
    await api.login('admin', adminPassword)
    const list = (await api.get('/api/v1/environment/collectors')).body as { mn: string; online: boolean }[]
    expect(list).toHaveLength(collectors.length)
    expect(list.every((c) => c.online)).toBe(true)
  })

  it('answers a raw upload after its commit, and a retransmit without storing it twice', async () => {
    const device = await Device.open(server.ports.hj212!)
    try {
      const dataTime = new Date(Date.UTC(2026, 10, 22, 1, 0))
      const values = [{ code: 'w01018', field: 'Rtd' as const, value: 44.4, flag: 'N' as const }]
      const { qn, frame } = upload(water, { dataTime, values })
      for (let i = 0; i < 2; i++) {
        expect(await device.exchange(frame)).toMatchObject({ cn: 9014, qn })
        const rows = await server.db.query(
          systemScope,
          'SELECT value FROM readings WHERE sensor_id = $1 AND t = $2',
          [`${water.mn}.w01018`, dataTime],
        )
        expect(rows).toEqual([{ value: 44.4 }])
      }
    } finally {
      device.close()
    }
  })
})
