// `npm run bench`: measures the numbers that matter and writes tests/bench/results/latest.{json,md}.
// Uses PostgreSQL/Redis from BENCH_DATABASE_URL/TEST_DATABASE_URL and TEST_REDIS_URL (a fresh
// database is created and dropped), and the embedded PGlite + memory bus for comparison.
import { writeFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { fileURLToPath } from 'node:url'
import { Db } from '../../server/platform/db/db'
import { migrate } from '../../server/platform/db/migrate'
import { startEmbeddedDatabase } from '../../server/platform/db/embedded'
import { MemoryBus } from '../../server/platform/bus/memory-bus'
import { RedisBus } from '../../server/platform/bus/redis-bus'
import { loadConfig } from '../../server/platform/config'
import { createLogger } from '../../server/platform/logger'
import { startServer } from '../../server/main'
import { createTestDatabase, testRedisUrl } from '../helpers/services'
import { ApiClient } from '../helpers/http'
import { benchInsert, benchPipeline, prepareTags } from './positions.bench'
import { percentile, round, timeEach } from './stats'

const results: Record<string, unknown> = {
  date: new Date().toISOString(),
  machine: {
    cpus: cpus().length,
    cpu: cpus()[0]?.model,
    memory_gib: round(totalmem() / 2 ** 30, 0),
    node: process.version,
  },
}
const log = (k: string, v: unknown) => {
  results[k] = v
  console.log(k, JSON.stringify(v))
}

async function api(url: string, password: string) {
  const c = new ApiClient(url)
  await c.login('admin', password)
  const all = await timeEach(30, () => c.get('/api/v1/assets'))
  const size = JSON.stringify((await c.get('/api/v1/assets')).body).length
  const tanks = (await c.get('/api/v1/assets?kind=tank')).body.features.map((f: { id: string }) => f.id)
  const one = await timeEach(200, (i) => c.get(`/api/v1/assets/${tanks[i % tanks.length]}`))
  const park = await timeEach(50, () => c.get('/api/v1/park'))
  const ms = (v: number[]) => ({ p50_ms: round(percentile(v, 50)), p95_ms: round(percentile(v, 95)) })
  return {
    'GET /assets (all)': { ...ms(all), bytes: size },
    'GET /assets/:id (tank)': ms(one),
    'GET /park': ms(park),
  }
}

async function main() {
  const password = 'Bench-pass-2026'
  // PostgreSQL + Redis
  const pg = await createTestDatabase('cpt_bench')
  try {
    const db = new Db(pg.url, 'postgres')
    await migrate(db)
    await prepareTags(db, 500)
    log('postgres.insert_positions', await benchInsert(db, 100_000, 500, 500))
    const redis = await RedisBus.connect(testRedisUrl())
    log('postgres+redis.pipeline', await benchPipeline(db, redis, 50_000, 100, 500, 3600))
    await redis.close()
    await db.close()
    const server = await startServer(
      loadConfig({
        DATABASE_URL: pg.url,
        REDIS_URL: testRedisUrl(),
        PORT: '0',
        HJ212_PORT: '0',
        JT808_PORT: '0',
        HOST: '127.0.0.1',
        SIM: 'off',
        ADMIN_PASSWORD: password,
        LOG_LEVEL: 'silent',
      }),
      createLogger('silent'),
    )
    log('postgres.api', await api(server.url, password))
    await server.stop()
  } finally {
    await pg.drop()
  }
  // embedded defaults
  const emb = await startEmbeddedDatabase(null)
  try {
    const db = new Db(emb.url, 'pglite')
    await migrate(db)
    await prepareTags(db, 500)
    log('pglite.insert_positions', await benchInsert(db, 20_000, 500, 500))
    log('pglite+memory.pipeline', await benchPipeline(db, new MemoryBus(), 10_000, 100, 500, 3600))
    await db.close()
  } finally {
    await emb.stop()
  }
  const out = fileURLToPath(new URL('./results/', import.meta.url))
  writeFileSync(`${out}latest.json`, JSON.stringify(results, null, 2) + '\n')
  console.log(`written ${out}latest.json`)
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err)
    process.exit(1)
  },
)
