// Smooth display of live tags: each new sample starts a glide from where the tag is drawn now to
// the sample, over `durationMs`. Pure (no Cesium): degrees in, degrees out, time in ms.

export interface LonLat {
  lon: number
  lat: number
}

/** glide time from the displayed position to a new sample, ms */
export const motionDurationMs = 1000
/** beyond this distance a tag jumps instead of gliding (a card handed out at another gate), m */
export const snapDistanceM = 500

const metresPerDegLat = 111_320

/** Equirectangular distance in metres; exact enough within a park. */
export function distanceM(a: LonLat, b: LonLat): number {
  const dx = (b.lon - a.lon) * metresPerDegLat * Math.cos(((a.lat + b.lat) / 2) * (Math.PI / 180))
  const dy = (b.lat - a.lat) * metresPerDegLat
  return Math.hypot(dx, dy)
}

/** Progress of a glide in [0, 1]; 1 once `durationMs` has elapsed (or for a zero duration). */
export function glideFraction(nowMs: number, startMs: number, durationMs: number): number {
  if (durationMs <= 0) return 1
  const f = (nowMs - startMs) / durationMs
  return f <= 0 ? 0 : f >= 1 ? 1 : f
}

export function lerpLonLat(a: LonLat, b: LonLat, f: number, result: LonLat): LonLat {
  result.lon = a.lon + (b.lon - a.lon) * f
  result.lat = a.lat + (b.lat - a.lat) * f
  return result
}

/** One tag's glide state; `displayed` is mutated in place by `step`. */
export class TagMotion {
  readonly displayed: LonLat
  private readonly from: LonLat
  private readonly to: LonLat
  private startMs = 0
  private moving = false

  constructor(
    lon: number,
    lat: number,
    private readonly durationMs = motionDurationMs,
  ) {
    this.displayed = { lon, lat }
    this.from = { lon, lat }
    this.to = { lon, lat }
  }

  /** Starts a glide from the currently displayed position to (lon, lat). */
  retarget(lon: number, lat: number, nowMs: number): void {
    this.step(nowMs)
    this.from.lon = this.displayed.lon
    this.from.lat = this.displayed.lat
    this.to.lon = lon
    this.to.lat = lat
    this.startMs = nowMs
    this.moving = true
    if (distanceM(this.from, this.to) > snapDistanceM) this.finish()
  }

  /** Advances the glide to `nowMs`; returns true while the tag still moves. */
  step(nowMs: number): boolean {
    if (!this.moving) return false
    const f = glideFraction(nowMs, this.startMs, this.durationMs)
    lerpLonLat(this.from, this.to, f, this.displayed)
    if (f >= 1) this.moving = false
    return this.moving
  }

  get isMoving(): boolean {
    return this.moving
  }

  private finish(): void {
    this.displayed.lon = this.to.lon
    this.displayed.lat = this.to.lat
    this.moving = false
  }
}
