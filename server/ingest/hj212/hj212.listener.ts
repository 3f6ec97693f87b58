import { createServer, type Server } from 'node:net'
import type { Bus } from '../../platform/bus/bus'
import type { Db } from '../../platform/db/db'
import type { Logger } from '../../platform/logger'
import { isTransientDbError } from '../../platform/db/errors'
import { ReadingsIngestService } from '../../modules/environment/readings-ingest.service'
import type { StoreResult, Upload } from '../../modules/environment/upload'
import { GroupCommitter, type GroupCommitOptions } from './group-commit'
import { Hj212Connection } from './hj212.connection'
import type { PeerLimiter } from '../shared/peer-limiter'
import { RejectionLog } from '../shared/rejection-log'

export interface Hj212ListenerOptions {
  /** TCP port; 0 picks a free one (see Hj212Listener.port) */
  port: number
  host: string
  db: Db
  bus: Bus
  log: Logger
  /** this node's name, for the rejection counters */
  node: string
  /** a connection with no traffic for this long is closed; default 5 min (devices send every 30 s or so) */
  idleMs?: number
  /** connections held at once; default 1000 */
  maxConnections?: number
  /** HJ 212 data-segment limit; default 9999 (set 1024 to hold devices to common practice) */
  maxSegmentLength?: number
  /** incomplete split sets are dropped this long after their first part; default 60 s */
  splitTimeoutMs?: number
  /** budget of rejection rows; default 20 per peer and 300 in all per minute */
  rejectionLimiter?: PeerLimiter
  /** group commit of uploads from all connections (see GroupCommitter); default 500 per group, 2 ms wait */
  groupCommit?: Pick<GroupCommitOptions, 'maxBatch' | 'maxWaitMs' | 'maxInFlight'>
  /** frames of one connection handled at once; default 32 */
  maxPipelined?: number
}

export interface Hj212Listener {
  /** the port actually bound */
  port: number
  rejections: RejectionLog
  connectionCount(): number
  stop(): Promise<void>
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve((server.address() as { port: number }).port)
    })
  })
}

/**
 * The HJ 212-2017 TCP listener for data collectors (数采仪). Registers the seeded monitor points' collectors
 * first (migration 0005's hj212_sync_registry), then accepts connections; see Hj212Connection for the pipeline.
 */
export async function startHj212Listener(o: Hj212ListenerOptions): Promise<Hj212Listener> {
  const store = new ReadingsIngestService(o.db, o.bus, o.log)
  const added = await store.syncRegistry()
  if (added) o.log.info({ added }, 'hj212 collectors and channels registered')
  const rejections = new RejectionLog({
    protocol: 'hj212',
    node: o.node,
    db: o.db,
    bus: o.bus,
    log: o.log,
    ...(o.rejectionLimiter ? { limiter: o.rejectionLimiter } : {}),
  })
  // Uploads arriving within a few ms from all connections commit in one transaction, and each device is
  // answered after that commit. storeMany retries transient errors itself; on any other error the committer
  // retries the group's uploads one by one, so one bad upload is not answered and the others are.
  const committer = new GroupCommitter<Upload, StoreResult>(
    (uploads) => store.storeMany(uploads),
    {
      maxBatch: 500,
      maxWaitMs: 2,
      maxInFlight: 2,
      ...o.groupCommit,
      attempts: 1,
      retryable: isTransientDbError,
    },
    (uploads, results) => store.announceMany(uploads, results),
  )
  const connections = new Set<Hj212Connection>()
  const deps = {
    store,
    rejections,
    log: o.log,
    maxSegmentLength: o.maxSegmentLength,
    splitTimeoutMs: o.splitTimeoutMs,
    commit: (upload: Upload) => committer.submit(upload),
    maxPipelined: o.maxPipelined,
  }
  const server = createServer((socket) => {
    try {
      const conn = new Hj212Connection(socket, deps, o.idleMs ?? 300_000)
      connections.add(conn)
      socket.on('close', () => connections.delete(conn))
    } catch (err) {
      o.log.error({ err }, 'hj212 connection setup failed')
      socket.destroy()
    }
  })
  server.maxConnections = o.maxConnections ?? 1000
  server.on('error', (err) => o.log.error({ err }, 'hj212 listener error'))
  const port = await listen(server, o.port, o.host)
  const expiry = setInterval(() => {
    for (const c of connections) c.expire(Date.now())
  }, 5_000)
  expiry.unref()
  o.log.info({ port }, 'hj212 listener ready')

  return {
    port,
    rejections,
    connectionCount: () => connections.size,
    async stop() {
      clearInterval(expiry)
      const closed = new Promise<void>((resolve) => server.close(() => resolve()))
      const busy = [...connections].map((c) => c.settled())
      for (const c of connections) c.close()
      await Promise.all(busy)
      await committer.drained()
      await closed
      await rejections.stop()
    },
  }
}
