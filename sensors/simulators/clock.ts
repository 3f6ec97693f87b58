/** Time source of the simulators, injected so tests drive time by hand. Milliseconds since the epoch. */
export interface Clock {
  now(): number
}

export const systemClock: Clock = { now: () => Date.now() }

export interface ManualClock extends Clock {
  set(ms: number): void
  advance(ms: number): void
}

/** A clock that moves only when told to. */
export function createManualClock(startMs = Date.UTC(2025, 0, 1)): ManualClock {
  let t = startMs
  return {
    now: () => t,
    set: (ms) => {
      t = ms
    },
    advance: (ms) => {
      t += ms
    },
  }
}
