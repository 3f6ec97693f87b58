// Real services for integration tests: a fresh PostgreSQL database per suite and a Redis database
// that is never db 0. CI provides both (.ci/run sets TEST_DATABASE_URL / TEST_REDIS_URL); when one is
// unreachable the suite fails with a message that says which and how to point the tests at it.
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { createClient } from 'redis'

const defaultDatabaseUrl = 'postgres://postgres@127.0.0.1:5432/postgres'
const defaultRedisUrl = 'redis://127.0.0.1:6379/13'
const defaultMqttUrl = 'mqtt://127.0.0.1:1883'
const safePrefix = /^[a-z][a-z0-9_]{0,30}$/

const withDatabase = (url: string, database: string) => {
  const u = new URL(url)
  u.pathname = `/${database}`
  return u.toString()
}
// for messages: never print a password
const redact = (url: string) => {
  const u = new URL(url)
  if (u.password) u.password = '***'
  return u.toString()
}
const uniqueSuffix = () => `${Date.now().toString(36)}_${process.pid}_${randomBytes(3).toString('hex')}`

/**
 * The `postgres` database of the server the tests create their databases on: the server of
 * TEST_DATABASE_URL (its database part is replaced), else local PostgreSQL with trust auth.
 */
export function adminDatabaseUrl(): string {
  return withDatabase(process.env.TEST_DATABASE_URL || defaultDatabaseUrl, 'postgres')
}

export interface TestDatabase {
  /** connection string of the new, empty database (no extensions: the migrations create them) */
  url: string
  /** drops the database, ending any connection still open to it */
  drop(): Promise<void>
}

async function withAdmin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const url = adminDatabaseUrl()
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 })
  try {
    await client.connect()
  } catch (err) {
    throw new Error(
      `PostgreSQL is not reachable at ${redact(url)} (set TEST_DATABASE_URL): ${(err as Error).message}`,
      { cause: err },
    )
  }
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}

/** Creates a uniquely named database `<prefix>_<unique>` on the admin server. */
export async function createTestDatabase(prefix = 'cpt_it'): Promise<TestDatabase> {
  if (!safePrefix.test(prefix)) throw new Error(`database prefix must match ${safePrefix}: ${prefix}`)
  const name = `${prefix}_${uniqueSuffix()}`
  await withAdmin((c) => c.query(`CREATE DATABASE "${name}"`))
  return {
    url: withDatabase(adminDatabaseUrl(), name),
    drop: () =>
      withAdmin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  }
}

/** The Redis the tests use: TEST_REDIS_URL, else local Redis database 13 (never 0). */
export function testRedisUrl(): string {
  return process.env.TEST_REDIS_URL || defaultRedisUrl
}

/** A stream or key name no other test run uses; delete it after the test, never FLUSHDB. */
export function uniqueStreamName(prefix: string): string {
  return `${prefix}:${uniqueSuffix()}`
}

const makeRedisClient = (url: string) =>
  createClient({ url, socket: { connectTimeout: 5_000, reconnectStrategy: false } })
export type TestRedisClient = ReturnType<typeof makeRedisClient>

/**
 * A plain Redis client on testRedisUrl() for setting up and inspecting state. Fails fast with a clear
 * message instead of retrying forever when Redis is not there.
 */
export async function connectTestRedis(): Promise<TestRedisClient> {
  const url = testRedisUrl()
  const client = makeRedisClient(url)
  client.on('error', () => undefined) // connect() rejects with the same error
  try {
    await client.connect()
  } catch (err) {
    throw new Error(
      `Redis is not reachable at ${redact(url)} (set TEST_REDIS_URL): ${(err as Error).message}`,
      {
        cause: err,
      },
    )
  }
  return client
}

/** A Redis namespace of its own for one test server, so parallel servers never share streams or keys. */
export function uniqueRedisPrefix(prefix = 'cpt-test'): string {
  return `${prefix}-${Date.now().toString(36)}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`
}

/** The MQTT broker the tests use: TEST_MQTT_URL, else local Mosquitto. Give each run its own topic prefix. */
export function testMqttUrl(): string {
  return process.env.TEST_MQTT_URL || defaultMqttUrl
}

/** A topic prefix no other test run uses (MQTT_TOPIC_PREFIX syntax). */
export function uniqueTopicPrefix(prefix = 'cpt-test'): string {
  return `${prefix}/${Date.now().toString(36)}-${process.pid}-${randomBytes(3).toString('hex')}`
}
