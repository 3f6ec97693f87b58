import type { Logger } from './logger'

/** Runs a job now and then every periodMs, never overlapping itself; errors are logged, not thrown. */
export function every(
  periodMs: number,
  name: string,
  log: Logger,
  job: () => Promise<unknown>,
): { stop(): void } {
  let running = false
  const run = async () => {
    if (running) return
    running = true
    try {
      await job()
    } catch (err) {
      log.error({ err, job: name }, 'scheduled job failed')
    } finally {
      running = false
    }
  }
  void run()
  const timer = setInterval(run, periodMs)
  timer.unref()
  return { stop: () => clearInterval(timer) }
}
