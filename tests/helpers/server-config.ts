import { loadConfig, type Config } from '../../server/platform/config'
import { createLogger } from '../../server/platform/logger'
import { startServer, type RunningServer } from '../../server/main'
import { createTestDatabase, testRedisUrl } from './services'

/**
 * A server configuration for tests: HTTP and every device listener on an ephemeral loopback port
 * (so test servers never collide with each other or with a running product), quiet logs, no simulated
 * on-site workforce; `env`
 * adds the services and overrides any default.
 */
export function testConfig(env: Record<string, string | undefined>): Config {
  return loadConfig({
    PORT: '0',
    HJ212_PORT: '0',
    JT808_PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    // the on-site workforce only where a test asks for it (it doubles the simulated tags)
    SIM_WORKERS: '0',
    ...env,
  })
}

export interface TestServer {
  server: RunningServer
  /** stops the server and drops its database */
  close(): Promise<void>
}

/**
 * A whole server (the roles `env` selects) on a fresh PostgreSQL + PostGIS database and the test
 * Redis, configured by `testConfig`; `close()` stops it and drops the database.
 */
export async function startTestServer(databasePrefix: string, env: Record<string, string | undefined> = {}) {
  const db = await createTestDatabase(databasePrefix)
  try {
    const config = testConfig({ DATABASE_URL: db.url, REDIS_URL: testRedisUrl(), ...env })
    const server = await startServer(config, createLogger(config.LOG_LEVEL))
    const started: TestServer = {
      server,
      close: async () => {
        await server.stop()
        await db.drop()
      },
    }
    return started
  } catch (err) {
    await db.drop()
    throw err
  }
}
