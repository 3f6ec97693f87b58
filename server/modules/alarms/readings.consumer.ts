import { z } from 'zod'
import { readingKind } from '../../contracts/environment'
import { streams, type Bus, type Subscription } from '../../platform/bus/bus'
import { isTransientDbError } from '../../platform/db/errors'
import type { Logger } from '../../platform/logger'
import type { AlarmEngine } from './alarm.engine'

/** What the alarm engine reads from a readings entry (HJ 212 ingest publishes more; MQTT gas the same). */
const readingsEntry = z.object({
  readings: z.array(
    z.object({
      sensor_id: z.string().min(1).max(100),
      t: z.string().min(1),
      value: z.number().nullable(),
      flag: z.string().max(4).nullable().optional(),
      kind: readingKind.optional(),
    }),
  ),
})

export interface ReadingAlarmsOptions {
  /** this node's consumer name (stable across restarts, so its pending entries come back to it) */
  consumer: string
  stream?: string
  group?: string
}

/**
 * Worker role: consumes readings (stream `readings.recorded`, entries `{ readings: [{sensor_id, t, value,
 * flag, kind}] }`) through a consumer group and evaluates each against its thresholds. An entry is
 * acknowledged only after its alarms committed; one that keeps failing is dead-lettered with a system
 * alarm, so a reading that could not be evaluated is never dropped silently.
 */
export function startReadingAlarms(
  bus: Bus,
  engine: AlarmEngine,
  log: Logger,
  opts: ReadingAlarmsOptions,
): Subscription {
  const stream = opts.stream ?? streams.readingsRecorded
  return bus.consume<unknown>(
    stream,
    opts.group ?? 'alarms',
    opts.consumer,
    async (entries) => {
      for (const e of entries) {
        const parsed = readingsEntry.safeParse(e.payload)
        if (!parsed.success) {
          log.warn(
            { id: e.id, stream, issue: parsed.error.issues[0]?.message },
            'readings entry ignored by alarms',
          )
          continue
        }
        for (const r of parsed.data.readings) await engine.evaluateReading({ ...r, flag: r.flag ?? null })
      }
    },
    {
      batch: 50,
      isTransient: isTransientDbError,
      onDeadLetter: (entry, err) => {
        void engine
          .raiseSystemAlarm({
            source_type: 'system',
            source_id: `bus:${stream}`,
            rule: 'dead_letter',
            priority: 'high',
            message: `readings not evaluated for alarms (entry ${entry.id} dead-lettered): ${String(err).slice(0, 200)}`,
            props: { entry: entry.id },
          })
          .catch((e: unknown) => log.error({ err: e, entry: entry.id }, 'dead-letter alarm not raised'))
      },
    },
  )
}
