import type { ParkData } from '../../../geodata/types'
import type { PositionSample } from '../../../server/contracts/live'
import type { Clock } from '../clock'
import type { SimTag } from './sim-tag'
import { createTagSimulator, type ScriptedViolation, type ViolationOptions } from './tag-simulator'

export interface TagRunnerOptions {
  park: ParkData
  publish: (samples: PositionSample[]) => Promise<void> | void
  /** publish period in ms; default 1000 */
  periodMs?: number
  count?: number
  /** on-site workers after the cards (see TagSimulatorOptions.workforce); default 0 */
  workforce?: number
  seed?: number
  clock?: Clock
  /** scripted geofence violations (see tag-simulator.ts); default on at demo rates, false: none */
  violations?: ViolationOptions | false
  /** called when publish throws or rejects; the loop keeps running */
  onError?: (err: unknown) => void
}

export interface TagRunner {
  tags: SimTag[]
  /** ids of the on-site workers' cards */
  workforce: ReadonlySet<string>
  /** the scripted violations started so far, oldest first */
  scripted: readonly ScriptedViolation[]
  stop(): void
}

/**
 * Runs the tag simulator on a timer and hands each batch to `publish`. A tick that finds the previous
 * publish still pending is skipped (never overlapped): the simulation is time-based, so the next
 * batch simply covers the longer interval.
 */
export function startTagSimulator({
  park,
  publish,
  periodMs = 1000,
  count,
  workforce,
  seed,
  clock,
  violations,
  onError,
}: TagRunnerOptions): TagRunner {
  const sim = createTagSimulator({ park, count, workforce, seed, clock, violations })
  let busy = false
  const tick = (): void => {
    if (busy) return
    busy = true
    Promise.resolve()
      .then(() => publish(sim.step()))
      .catch((err: unknown) => onError?.(err))
      .finally(() => {
        busy = false
      })
  }
  const timer = setInterval(tick, periodMs)
  return {
    tags: sim.tags,
    workforce: sim.workforce,
    scripted: sim.scripted,
    stop: () => clearInterval(timer),
  }
}
