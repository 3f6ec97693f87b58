// One server per test file (every role but the simulators, on PostgreSQL + PostGIS and Redis, with its
// alarm worker) whose registry has the safety sensors of migration 0008, for the MQTT and HTTP ingest tests,
// which start their listener or router next to it as main.ts will.
import type { Alarm, RejectionsReport } from '../../../server/contracts'
import { SensorReadingsService } from '../../../server/modules/sensors/sensor-readings.service'
import { systemScope } from '../../../server/platform/db/db'
import { createLogger } from '../../../server/platform/logger'
import { ApiClient, signedInClient } from '../../helpers/http'
import { startTestServer } from '../../helpers/server-config'
import { uniqueRedisPrefix } from '../../helpers/services'

export const silent = createLogger('silent')
const adminPassword = 'Admin-pass-2026'

export async function startSafetyStack(databasePrefix: string) {
  const started = await startTestServer(databasePrefix, {
    SIM: 'off',
    REDIS_PREFIX: uniqueRedisPrefix('cpt-safety'),
    ADMIN_PASSWORD: adminPassword,
  })
  const { server } = started
  const { db, bus } = server
  const service = new SensorReadingsService(db, bus, silent)
  // what main.ts will do after seeding a new database
  await service.syncRegistry()
  const admin = new ApiClient(server.url)
  await admin.login('admin', adminPassword)

  /** A signed-in client of the server, with a new account of the role. */
  function client(username: string, role: string, enterpriseId: string | null = null) {
    return signedInClient(admin, server.url, username, { role, enterpriseId })
  }

  return {
    server,
    db,
    bus,
    service,
    admin,
    client,
    /** stored real-time readings of a sensor, oldest first */
    rows: (sensorId: string) =>
      db.query<{ t: Date; value: number | null; flag: string; kind: string; enterprise_id: string | null }>(
        systemScope,
        `SELECT t, value, flag, kind, enterprise_id FROM readings WHERE sensor_id = $1 ORDER BY t`,
        [sensorId],
      ),
    alarmsOf: (sensorId: string) =>
      db.query<Pick<Alarm, 'rule' | 'state' | 'priority' | 'count'> & { limit_value: number | null }>(
        systemScope,
        `SELECT rule, state, priority, count, limit_value FROM alarms WHERE source_id = $1 ORDER BY rule`,
        [sensorId],
      ),
    latest: async (sensorId: string) =>
      (await bus.getLatest<{ t: string; value: number | null; flag: string | null }>('live:readings'))[
        sensorId
      ],
    rejections: async (protocol: string) =>
      (await admin.get(`/api/v1/ingest/rejections?protocol=${protocol}&limit=500`)).body as RejectionsReport,
    /** an HJ 212 channel: a sensor that exists but does not take safety readings */
    hj212Channel: async () =>
      (
        await db.query<{ id: string }>(
          systemScope,
          `SELECT id FROM sensors WHERE kind = 'hj212_channel' LIMIT 1`,
        )
      )[0]!.id,
    close: started.close,
  }
}
export type SafetyStack = Awaited<ReturnType<typeof startSafetyStack>>

/** An instant `secondsAgo` before now, as a device would send it (whole seconds). */
export const ago = (secondsAgo: number) => Math.floor(Date.now() / 1000 - secondsAgo) * 1000
