// Ordinary vehicles through the park's gates (卡口) and the enterprises' second gates (二道闸), as plate cameras
// report them: a vehicle arrives at a general or unattended gate, may drive to an enterprise and pass its second
// gate in and out, and leaves the park through a gate of the same classes. Hazmat trucks are the hazmat
// simulator's (they come with bookings); the dedicated and emergency gates see none of this traffic.
import { demoGatePhotos, demoPhotoPrefix } from '../../../server/contracts/video'
import { createPrng, type Prng } from '../prng'

/** ordinary vehicles: the blue-plate capture */
const photoRef = `${demoPhotoPrefix}${demoGatePhotos[1]}`

export interface TrafficGate {
  id: string
  /** park gates: dedicated | general | unattended | emergency; null for a second gate */
  gate_class: string | null
  lanes: number
}
export interface SecondGate {
  id: string
  enterprise_id: string
}

/** One plate recognition, as POST /api/v1/ingest/gate-events takes it. */
export interface GateEventWire {
  plate: string
  gate: string
  lane: number
  direction: 'in' | 'out'
  /** epoch ms */
  t: number
  /** the capture: a snapshot shipped with the demo (server/contracts/video.ts demoGatePhotos) */
  photo_ref: string
}

export interface GateTrafficOptions {
  parkGates: readonly TrafficGate[]
  secondGates: readonly SecondGate[]
  seed: number
  /** first arrival after this (epoch ms) */
  startMs: number
  /** mean seconds between arrivals at the park (exponential); default 40 */
  meanArrivalS?: number
  /** share of vehicles that visit an enterprise with a second gate; default 0.6 */
  visitShare?: number
  /** minutes in the park, uniform; default 8–45 */
  stayMin?: readonly [number, number]
}

// letters of Chinese plates (no I, no O)
const plateChars = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789'
const plateOf = (rng: Prng) =>
  `苏E${Array.from({ length: 5 }, () => plateChars[rng.int(0, plateChars.length - 1)]).join('')}`

/**
 * The park's gate traffic as a queue of future events; `due(now)` takes those whose time has come, oldest first,
 * and plans arrivals up to `now`. Deterministic for a seed.
 */
export class GateTraffic {
  private readonly rng: Prng
  private readonly entries: TrafficGate[]
  private readonly pending: GateEventWire[] = []
  private nextArrival: number
  private readonly meanMs: number
  private readonly visitShare: number
  private readonly stay: readonly [number, number]

  constructor(private readonly o: GateTrafficOptions) {
    this.rng = createPrng(o.seed)
    this.entries = o.parkGates.filter((g) => g.gate_class === 'general' || g.gate_class === 'unattended')
    if (!this.entries.length) throw new Error('gate traffic needs a general or unattended park gate')
    this.meanMs = (o.meanArrivalS ?? 40) * 1000
    this.visitShare = o.visitShare ?? 0.6
    this.stay = o.stayMin ?? [8, 45]
    this.nextArrival = o.startMs + this.gap()
  }

  private gap(): number {
    return Math.max(1000, Math.round(-Math.log(1 - this.rng.next()) * this.meanMs))
  }

  private pass(gate: TrafficGate | SecondGate, plate: string, direction: 'in' | 'out', t: number) {
    const lanes = 'lanes' in gate ? Math.max(1, gate.lanes) : 1
    this.pending.push({
      plate,
      gate: gate.id,
      lane: this.rng.int(1, lanes),
      direction,
      t: Math.round(t / 1000) * 1000,
      photo_ref: photoRef,
    })
  }

  /** One vehicle's visit, planned whole at its arrival. */
  private arrive(t: number): void {
    const plate = plateOf(this.rng)
    const leaveAt = t + this.rng.float(this.stay[0], this.stay[1]) * 60_000
    this.pass(this.rng.pick(this.entries), plate, 'in', t)
    if (this.o.secondGates.length && this.rng.chance(this.visitShare)) {
      const second = this.rng.pick(this.o.secondGates)
      // a few minutes' drive in; out again a few minutes before leaving the park
      const inAt = t + this.rng.float(1, 4) * 60_000
      const outAt = Math.max(inAt + 60_000, leaveAt - this.rng.float(1, 4) * 60_000)
      this.pass(second, plate, 'in', inAt)
      this.pass(second, plate, 'out', outAt)
    }
    this.pass(this.rng.pick(this.entries), plate, 'out', Math.max(leaveAt, t + 3 * 60_000))
  }

  /** Events due at `now` (time order), removed from the queue. */
  due(now: number): GateEventWire[] {
    while (this.nextArrival <= now) {
      this.arrive(this.nextArrival)
      this.nextArrival += this.gap()
    }
    this.pending.sort((a, b) => a.t - b.t)
    const i = this.pending.findIndex((e) => e.t > now)
    return this.pending.splice(0, i === -1 ? this.pending.length : i)
  }

  /** vehicles planned but not yet reported (for tests and diagnostics) */
  get queued(): number {
    return this.pending.length
  }
}
