// The worker role's position path for tag-rule tests, on the test server's PostgreSQL + PostGIS and Redis:
// samples published on `positions` go through the position writer (filtered, stored in PostGIS, forwarded) to
// the geofence worker with the rules under test, as main.ts wires them. The worker can be restarted with fresh
// rule instances, which must rebuild their state from the database.
import type { PositionSample } from '../../../../server/contracts'
import { AlarmsService } from '../../../../server/modules/alarms/alarms.service'
import { startPositionWriter } from '../../../../server/modules/tags/positions.writer'
import { startGeofenceWorker, type GeofenceWorker } from '../../../../server/modules/zones/geofence.worker'
import type { TagRule } from '../../../../server/modules/zones/zone-rules'
import { streams, type Subscription } from '../../../../server/platform/bus/bus'
import { systemScope, type Db } from '../../../../server/platform/db/db'
import { createLogger } from '../../../../server/platform/logger'
import { eventually } from '../../../helpers/http'
import { startTestServer, type TestServer } from '../../../helpers/server-config'
import { connectTestRedis, uniqueRedisPrefix, type TestRedisClient } from '../../../helpers/services'

export const log = createLogger('silent')

export interface AlarmRowLite {
  source_type: string
  source_id: string
  rule: string
  state: string
  priority: string
  condition_active: boolean
  last_value: number | null
  limit_value: number | null
  count: number
  enterprise_id: string | null
  source_event_time: Date
  props: Record<string, unknown>
}

export interface GeofenceStack {
  ts: TestServer
  /** the running worker (replaced by restart) */
  worker(): GeofenceWorker
  /** stops the worker and starts a new one with new rule instances (a node restart) */
  restart(): Promise<void>
  /** publishes raw samples as a device ingest would */
  publish(samples: PositionSample[]): Promise<void>
  alarms(where: string, params?: unknown[]): Promise<AlarmRowLite[]>
  sql<T extends object>(text: string, params?: unknown[]): Promise<T[]>
  close(): Promise<void>
}

export async function startGeofenceStack(
  dbPrefix: string,
  rules: (db: Db) => TagRule[],
  opts: { tagRulesReloadMs?: number } = {},
): Promise<GeofenceStack> {
  const ts = await startTestServer(dbPrefix, {
    SERVICES: 'web',
    SIM: 'off',
    REDIS_PREFIX: uniqueRedisPrefix(dbPrefix.replaceAll('_', '-')),
  })
  let redis: TestRedisClient | null = null
  let writer: Subscription | null = null
  let worker: GeofenceWorker | null = null
  const { db, bus } = ts.server
  const key = (name: string) => (bus as unknown as { key(n: string): string }).key(name)
  // consumer groups are created at '$': wait for them before publishing
  const groupReady = (stream: string, group: string) =>
    eventually(
      async () => (await redis!.xInfoGroups(key(stream)).catch(() => [])).some((g) => g.name === group),
      10_000,
      50,
    )
  const startWorker = async () => {
    worker = await startGeofenceWorker(
      { db, bus, log, node: 'rules-test', alarms: new AlarmsService(db) },
      { tagRules: rules(db), tagRulesReloadMs: opts.tagRulesReloadMs ?? 300, tickMs: 3_600_000 },
    )
    await groupReady(streams.positionsAccepted, 'geofence')
  }
  try {
    redis = await connectTestRedis()
    writer = startPositionWriter(db, bus, log, 'rules-test')
    await groupReady(streams.positions, 'position-writer')
    await startWorker()
  } catch (err) {
    // (assigned in startWorker: TypeScript cannot see it here)
    await (worker as GeofenceWorker | null)?.stop()
    await writer?.stop()
    await redis?.destroy()
    await ts.close()
    throw err
  }
  const sql = <T extends object>(text: string, params: unknown[] = []) =>
    db.query<T>(systemScope, text, params)
  return {
    ts,
    worker: () => worker!,
    restart: async () => {
      await worker!.stop()
      worker = null
      await startWorker()
    },
    publish: async (samples) => {
      await bus.publish(streams.positions, { samples })
    },
    alarms: (where, params = []) =>
      sql<AlarmRowLite>(
        `SELECT source_type, source_id, rule, state, priority, condition_active, last_value, limit_value, count,
                enterprise_id, source_event_time, props
           FROM alarms WHERE ${where} ORDER BY id`,
        params,
      ),
    sql,
    close: async () => {
      await worker?.stop()
      await writer?.stop()
      await redis?.destroy()
      await ts.close()
    },
  }
}
