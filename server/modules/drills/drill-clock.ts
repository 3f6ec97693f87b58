// The clock of a drill run: drill time advances with wall time × speed from an anchor, stops when paused,
// jumps on seek, and never leaves [0, duration]. Pure, shared by the server (which keeps a run's clock) and
// any client that wants to interpolate between polls.
import type { DrillClock, DrillControl } from '../../contracts/drills'

export const minSpeed = 1
export const maxSpeed = 20

const clamp = (t: number, duration: number) => Math.min(Math.max(t, 0), duration)

export function startClock(nowMs: number, speed = 1): DrillClock {
  return { anchor_wall_ms: nowMs, anchor_t_s: 0, speed, paused: false }
}

/** Drill time at wall time `nowMs`, s. */
export function clockTime(c: DrillClock, nowMs: number, duration: number): number {
  if (c.paused) return clamp(c.anchor_t_s, duration)
  return clamp(c.anchor_t_s + (Math.max(0, nowMs - c.anchor_wall_ms) / 1000) * c.speed, duration)
}

/** The clock after a play / pause / speed / seek at wall time `nowMs` (re-anchored there). */
export function applyControl(c: DrillClock, ctl: DrillControl, nowMs: number, duration: number): DrillClock {
  const t = clockTime(c, nowMs, duration)
  switch (ctl.op) {
    case 'play':
      return { ...c, anchor_wall_ms: nowMs, anchor_t_s: t, paused: false }
    case 'pause':
      return { ...c, anchor_wall_ms: nowMs, anchor_t_s: t, paused: true }
    case 'speed':
      return { ...c, anchor_wall_ms: nowMs, anchor_t_s: t, speed: ctl.speed }
    case 'seek':
      return { ...c, anchor_wall_ms: nowMs, anchor_t_s: clamp(ctl.t_s, duration) }
  }
}
