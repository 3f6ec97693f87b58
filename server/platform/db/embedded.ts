import { mkdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { postgis } from '@electric-sql/pglite-postgis'
import { PGLiteSocketServer } from '@electric-sql/pglite-socket'

export interface EmbeddedDatabase {
  url: string
  stop(): Promise<void>
}

/**
 * PGlite with PostGIS, served over the PostgreSQL wire protocol on loopback so node-postgres is used
 * unchanged. PGlite is one session: pglite-socket multiplexes connections and keeps a transaction on
 * the connection that opened it, so all session state we rely on must be transaction-local.
 */
export async function startEmbeddedDatabase(dataDir: string | null): Promise<EmbeddedDatabase> {
  let dir: string | undefined
  if (dataDir) {
    dir = resolve(dataDir)
    mkdirSync(dir, { recursive: true })
  }
  const db = await PGlite.create({ ...(dir ? { dataDir: dir } : {}), extensions: { postgis } })
  await db.exec('CREATE EXTENSION IF NOT EXISTS postgis')
  const server = new PGLiteSocketServer({ db, port: 0, host: '127.0.0.1', maxConnections: 32 })
  await server.start()
  const address = (server as unknown as { server: { address(): { port: number } } }).server.address()
  return {
    url: `postgres://postgres@127.0.0.1:${address.port}/postgres`,
    async stop() {
      await server.stop()
      await db.close()
    },
  }
}
