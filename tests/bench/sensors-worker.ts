// Worker-thread entry of the HJ 212 throughput load (see sensors.bench.ts): the clients get their own event
// loop, so the server's is not shared with them.
import { parentPort, workerData } from 'node:worker_threads'
import { runThroughput, type ThroughputLoad } from './sensors-load'

runThroughput(workerData as ThroughputLoad).then(
  (r) => parentPort!.postMessage(r),
  (err: unknown) => {
    throw err
  },
)
