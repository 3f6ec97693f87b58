// Child process of `npm run bench:ingest`: the whole server (all roles, SIM=off) in a process of its own, so its
// CPU time (process.cpuUsage) and RSS are the server's alone, not the load's. Talks to the parent over IPC:
// sends {ready, http, jt808} once started, answers {probe} with its CPU and memory, stops on {stop}.
import { createLogger } from '../../server/platform/logger'
import { startServer } from '../../server/main'
import { runningJt808Stats } from '../../server/ingest/jt808/jt808.listener'
import { testConfig } from '../helpers/server-config'

const env = JSON.parse(process.env.BENCH_SERVER_ENV ?? '{}') as Record<string, string>
const send = (m: unknown) => process.send?.(m)

async function main() {
  const server = await startServer(testConfig({ LOG_LEVEL: 'warn', ...env }), createLogger('warn'))
  process.on('message', (m: { type: string; id?: number }) => {
    if (m.type === 'probe') {
      const cpu = process.cpuUsage()
      const mem = process.memoryUsage()
      send({
        type: 'probe',
        id: m.id,
        cpuUserUs: cpu.user,
        cpuSystemUs: cpu.system,
        rss: mem.rss,
        heapUsed: mem.heapUsed,
        // the JT/T 808 listener's group commit and position counters
        jt808: runningJt808Stats().map((s) => ({ groupCommit: s.groupCommit, positions: s.positions })),
      })
    } else if (m.type === 'stop') {
      void server.stop().then(
        () => {
          send({ type: 'stopped' })
          process.exit(0)
        },
        (err: unknown) => {
          console.error(err)
          process.exit(1)
        },
      )
    }
  })
  send({ type: 'ready', http: server.ports.http, jt808: server.ports.jt808, url: server.url })
}

main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})
