// Where a simulated hazmat truck is, seconds after it passed the gate: along its booked route (gate → hazmat
// parking → destination → gate) at a steady speed, waiting at the parking for the dispatch order and at the
// destination while it unloads, optionally turning off the route for a while (a scripted deviation). Pure.
import { bearingDeg, haversineM, offsetM, type LonLat } from '../tags/geo'

export interface Deviation {
  /** the leg it happens on: 0 gate → parking, 1 parking → destination, 2 destination → gate */
  leg: 0 | 1 | 2
  /** where on the leg it starts, 0–1 of the leg's length (clamped so it ends on the leg) */
  at: number
  durationS: number
  /** how far off the route, metres (to the right of the travel direction; negative: left) */
  offsetM: number
}

export interface TruckPlanOptions {
  /** cruise speed, km/h */
  speedKmh: number
  /** the posted limit on the line from a to b (speed zones it passes), km/h; the truck keeps to 90 % of it */
  limitKmh?: (a: LonLat, b: LonLat) => number | null
  parkingWaitS: number
  visitS: number
  deviation?: Deviation | null
}

export interface TruckFix {
  lon: number
  lat: number
  speedKmh: number
  headingDeg: number
  phase: 'to_parking' | 'parking' | 'to_destination' | 'unloading' | 'to_gate' | 'done'
  /** inside the scripted deviation */
  deviating: boolean
}

const rampS = 15

export class TruckPlan {
  private readonly cum: number[] = [0]
  /** seconds of driving from the start of the line to each vertex, and the speed on each segment (m/s) */
  private readonly cumT: number[] = [0]
  private readonly segV: number[] = []
  private readonly legs: { fromM: number; toM: number; startS: number; endS: number }[] = []
  private readonly waits: { startS: number; endS: number; atM: number; phase: TruckFix['phase'] }[] = []
  readonly totalS: number
  private readonly dev: { startS: number; endS: number; offsetM: number } | null

  constructor(
    private readonly line: readonly LonLat[],
    /** metres along the line of [parking, destination, end] */
    stopsM: readonly number[],
    private readonly opts: TruckPlanOptions,
  ) {
    for (let i = 1; i < line.length; i++) {
      const a = line[i - 1]!
      const b = line[i]!
      const len = haversineM(a, b)
      const limit = opts.limitKmh?.(a, b) ?? null
      const v = Math.min(opts.speedKmh, limit === null ? Infinity : 0.9 * limit) / 3.6
      this.segV.push(v)
      this.cum.push(this.cum[i - 1]! + len)
      this.cumT.push(this.cumT[i - 1]! + len / v)
    }
    const total = this.cum.at(-1)!
    const [p, d, e] = [stopsM[0] ?? 0, stopsM[1] ?? total, stopsM[2] ?? total].map((m) => Math.min(m, total))
    let t = 0
    const drive = (fromM: number, toM: number) => {
      const endS = t + Math.max(0, this.timeAt(toM) - this.timeAt(fromM))
      this.legs.push({ fromM, toM, startS: t, endS })
      t = endS
    }
    const wait = (s: number, atM: number, phase: TruckFix['phase']) => {
      this.waits.push({ startS: t, endS: t + s, atM, phase })
      t += s
    }
    drive(0, p!)
    wait(opts.parkingWaitS, p!, 'parking')
    drive(p!, d!)
    wait(opts.visitS, d!, 'unloading')
    drive(d!, e!)
    this.totalS = t
    const dv = opts.deviation
    if (dv) {
      const leg = this.legs[dv.leg]!
      const len = leg.endS - leg.startS
      const dur = Math.min(dv.durationS, len)
      const startS = leg.startS + Math.max(0, Math.min(1, dv.at)) * (len - dur)
      this.dev = { startS, endS: startS + dur, offsetM: dv.offsetM }
    } else this.dev = null
  }

  /** The deviation's window in seconds after departure, if any. */
  deviationWindow(): { startS: number; endS: number } | null {
    return this.dev ? { startS: this.dev.startS, endS: this.dev.endS } : null
  }

  /** index of the segment holding metre m (1-based: segment i runs from vertex i-1 to i) */
  private segmentOf(m: number): number {
    let i = 1
    while (i < this.cum.length - 1 && this.cum[i]! < m) i++
    return i
  }

  /** driving seconds from the start of the line to metre m */
  private timeAt(m: number): number {
    if (this.cum.length < 2) return 0
    const i = this.segmentOf(m)
    return this.cumT[i - 1]! + Math.max(0, m - this.cum[i - 1]!) / this.segV[i - 1]!
  }

  /** the metre reached after t driving seconds from the start of the line, and the speed there (m/s) */
  private metreAt(t: number): { m: number; v: number } {
    if (this.cum.length < 2) return { m: 0, v: 0 }
    let i = 1
    while (i < this.cumT.length - 1 && this.cumT[i]! < t) i++
    const v = this.segV[i - 1]!
    return { m: Math.min(this.cum[i]!, this.cum[i - 1]! + Math.max(0, t - this.cumT[i - 1]!) * v), v }
  }

  private pointAt(m: number): { p: LonLat; heading: number } {
    const cum = this.cum
    let i = 1
    while (i < cum.length - 1 && cum[i]! < m) i++
    const a = this.line[i - 1]!
    const b = this.line[i]!
    const seg = cum[i]! - cum[i - 1]!
    const f = seg > 0 ? Math.max(0, Math.min(1, (m - cum[i - 1]!) / seg)) : 0
    return { p: [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f], heading: bearingDeg(a, b) }
  }

  at(s: number): TruckFix {
    for (const w of this.waits)
      if (s >= w.startS && s < w.endS) {
        const { p, heading } = this.pointAt(w.atM)
        return { lon: p[0], lat: p[1], speedKmh: 0, headingDeg: heading, phase: w.phase, deviating: false }
      }
    const phases: TruckFix['phase'][] = ['to_parking', 'to_destination', 'to_gate']
    for (const [i, leg] of this.legs.entries()) {
      if (s < leg.startS || s >= leg.endS) continue
      const here = this.metreAt(this.timeAt(leg.fromM) + (s - leg.startS))
      const { p, heading } = this.pointAt(Math.min(here.m, leg.toM))
      let out: LonLat = p
      let deviating = false
      const d = this.dev
      if (d && s >= d.startS && s < d.endS) {
        const ramp = Math.min(1, (s - d.startS) / rampS, (d.endS - s) / rampS)
        const right = ((heading + 90) * Math.PI) / 180
        out = offsetM(p, Math.sin(right) * d.offsetM * ramp, Math.cos(right) * d.offsetM * ramp)
        deviating = true
      }
      return {
        lon: out[0],
        lat: out[1],
        speedKmh: Math.round(here.v * 3.6 * 10) / 10,
        headingDeg: Math.round(heading) % 360,
        phase: phases[i]!,
        deviating,
      }
    }
    const end = this.pointAt(this.cum.at(-1)!)
    return {
      lon: end.p[0],
      lat: end.p[1],
      speedKmh: 0,
      headingDeg: end.heading,
      phase: 'done',
      deviating: false,
    }
  }
}
