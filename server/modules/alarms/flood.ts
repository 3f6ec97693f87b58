import { defaultFlood, type FloodConfig } from './alarm-config'

export interface FloodStatus {
  inFlood: boolean
  /** annunciations in the window ending at the last evaluation */
  count: number
  /** when the current flood started (ms), null outside a flood */
  since: number | null
}

export type FloodChange = { type: 'flood_started' | 'flood_ended'; at: number; count: number }

/**
 * Alarm flood detection for one operator position (ISA-18.2, EEMUA 191): a sliding window of
 * annunciation times; more than `startAbove` in the window starts a flood, fewer than `endBelow` ends it
 * (hysteresis, so the banner does not flicker at the boundary). Pure: callers pass the times in.
 */
export class FloodDetector {
  private readonly times: number[] = []
  private status: FloodStatus = { inFlood: false, count: 0, since: null }

  constructor(private readonly config: FloodConfig = defaultFlood) {}

  get state(): FloodStatus {
    return { ...this.status }
  }

  /** An alarm was annunciated at t (times arrive in order; an older one is inserted in place). */
  add(t: number): FloodChange | null {
    let i = this.times.length
    while (i > 0 && this.times[i - 1]! > t) i--
    this.times.splice(i, 0, t)
    return this.evaluate(Math.max(t, this.times[this.times.length - 1]!))
  }

  /** Re-evaluates at now: the window slides, so a flood ends without new alarms. */
  evaluate(now: number): FloodChange | null {
    const from = now - this.config.windowMs
    while (this.times.length && this.times[0]! <= from) this.times.shift()
    const count = this.times.filter((t) => t <= now).length
    const s = this.status
    s.count = count
    if (!s.inFlood && count > this.config.startAbove) {
      s.inFlood = true
      s.since = now
      return { type: 'flood_started', at: now, count }
    }
    if (s.inFlood && count < this.config.endBelow) {
      s.inFlood = false
      s.since = null
      return { type: 'flood_ended', at: now, count }
    }
    return null
  }
}

/**
 * Flood state at `now` from a history of annunciation times, replayed in time order together with the
 * moments each time leaves the window (so a flood that ended between two alarms ends in the replay too).
 */
export function floodAt(times: number[], now: number, config: FloodConfig = defaultFlood): FloodStatus {
  const moments = [
    ...times.map((t) => ({ t, add: true })),
    ...times.map((t) => ({ t: t + config.windowMs, add: false })),
  ]
    .filter((m) => m.t <= now)
    .sort((a, b) => a.t - b.t || (a.add ? -1 : 1))
  const d = new FloodDetector(config)
  for (const m of moments) {
    if (m.add) d.add(m.t)
    else d.evaluate(m.t)
  }
  d.evaluate(now)
  return d.state
}
