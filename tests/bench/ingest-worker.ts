// Worker-thread entry of the JT/T 808 load (ingest-load.ts): {start} once, then {phase}s, then {close}.
import { parentPort, workerData } from 'node:worker_threads'
import { IngestLoad, type LoadSetup, type PhaseCommand } from './ingest-load'

const load = new IngestLoad(workerData as LoadSetup)
parentPort!.on('message', (m: { type: string; cmd?: PhaseCommand }) => {
  const reply = (p: Promise<unknown>, type: string) =>
    p.then(
      (r) => parentPort!.postMessage({ type, result: r }),
      (err: unknown) =>
        parentPort!.postMessage({ type: 'error', error: String((err as Error)?.stack ?? err) }),
    )
  if (m.type === 'start') void reply(load.start(), 'started')
  else if (m.type === 'phase') void reply(load.phase(m.cmd!), 'phase')
  else if (m.type === 'close') {
    load.close()
    parentPort!.postMessage({ type: 'closed' })
  }
})
