// Simulated hazmat trucks (危化品运输车辆): each books its trip through the bookings API, speaks JT/T 808 over real
// TCP from the dedicated gate, is approved (as the destination / park would), drives its booked route, waits in
// the hazmat parking, unloads at the destination and leaves; then books the next trip. One truck per cycle
// (chosen from the seed) turns off its route for about two minutes and comes back.
import type { ParkData } from '../../../geodata/types'
import { haversineM, type LonLat } from '../tags/geo'
import { simZones, zoneMarginM } from '../tags/sim-zones'
import { createPrng, hashSeed } from '../prng'
import { startJt808Terminal, type Jt808Terminal } from '../jt808/jt808-terminal'
import { TruckPlan, type Deviation, type TruckFix } from './truck-plan'

/** What the simulator needs of the bookings module (REST below; any adapter over the service works). */
export interface HazmatBookingsApi {
  create(
    body: Record<string, unknown>,
  ): Promise<{ id: string; route: { coordinates: [number, number][] }; route_stops_m: number[] }>
  assignTag(id: string, tagId: string): Promise<void>
  approve(id: string): Promise<void>
  enter(id: string): Promise<void>
  complete(id: string): Promise<void>
}

/** The bookings REST API as a signed-in park account. */
export function restBookingsApi(opts: {
  url: string
  username: string
  password: string
}): HazmatBookingsApi {
  let cookie: string | null = null
  const call = async (method: string, path: string, body: unknown): Promise<unknown> => {
    for (let attempt = 0; ; attempt++) {
      if (!cookie) {
        const r = await fetch(new URL('/api/v1/auth/login', opts.url), {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: opts.username, password: opts.password }),
        })
        if (r.status !== 200)
          throw new Error(`hazmat simulator: sign-in as ${opts.username} failed (${r.status})`)
        cookie = (r.headers.get('set-cookie') ?? '').split(';')[0]!
      }
      const r = await fetch(new URL(path, opts.url), {
        method,
        headers: { 'content-type': 'application/json', cookie },
        body: JSON.stringify(body),
      })
      if (r.status === 401 && attempt === 0) {
        cookie = null
        continue
      }
      const json: unknown = await r.json().catch(() => null)
      if (r.status >= 300)
        throw new Error(`hazmat simulator: ${method} ${path} → ${r.status} ${JSON.stringify(json)}`)
      return json
    }
  }
  return {
    create: async (b) =>
      (await call('POST', '/api/v1/bookings', b)) as Awaited<ReturnType<HazmatBookingsApi['create']>>,
    assignTag: async (id, tag) => void (await call('PUT', `/api/v1/bookings/${id}/tag`, { tag_id: tag })),
    approve: async (id) => void (await call('POST', `/api/v1/bookings/${id}/approve`, {})),
    enter: async (id) => void (await call('POST', `/api/v1/bookings/${id}/enter`, {})),
    complete: async (id) => void (await call('POST', `/api/v1/bookings/${id}/complete`, {})),
  }
}

const loads = [
  {
    chemical_name: '液氯 chlorine',
    cas_no: '7782-50-5',
    un_number: '1017',
    hazard_class: '2.3',
    t: [10, 30],
  },
  { chemical_name: '甲醇 methanol', cas_no: '67-56-1', un_number: '1230', hazard_class: '3', t: [15, 30] },
  { chemical_name: '液氨 ammonia', cas_no: '7664-41-7', un_number: '1005', hazard_class: '2.3', t: [10, 25] },
  { chemical_name: '甲苯 toluene', cas_no: '108-88-3', un_number: '1294', hazard_class: '3', t: [15, 30] },
  {
    chemical_name: '硫酸 sulfuric acid',
    cas_no: '7664-93-9',
    un_number: '1830',
    hazard_class: '8',
    t: [20, 32],
  },
] as const

export interface HazmatSimulatorOptions {
  bookings: HazmatBookingsApi
  jt808Host?: string
  jt808Port: number
  park: ParkData
  seed: number
  /** default 3 */
  trucks?: number
  /** ≤ 30 (the hazmat corridors' limit); default 30 */
  speedKmh?: number
  /** report period range in simulated seconds (default [2, 5]) */
  reportEveryS?: [number, number]
  parkingWaitS?: number
  visitS?: number
  /** which truck deviates in each cycle: 'seeded' (default), a fixed index, or 'none' */
  deviator?: 'seeded' | 'none' | number
  deviation?: Partial<Omit<Deviation, 'leg'>> & { leg?: Deviation['leg'] }
  /** simulated time runs this many times faster than real time (default 1) */
  timeScale?: number
  /** simulated start time, ms (default now); device times follow it */
  startAt?: number
  /** run only this many cycles (default: forever) */
  cycles?: number
  /** destination enterprises to pick from (default: those with tanks) */
  destinations?: string[]
  onEvent?: (e: HazmatSimEvent) => void
}

export type HazmatSimEvent =
  | { type: 'booked' | 'approved' | 'completed'; truck: number; cycle: number; booking: string; tag?: string }
  | {
      type: 'departed'
      truck: number
      cycle: number
      booking: string
      tag: string
      deviation: { startS: number; endS: number } | null
    }
  | { type: 'error'; truck: number; error: string }

export interface HazmatSimulator {
  trucks: { phone: string; plate: string; tagId: string }[]
  stop(): Promise<void>
}

const provinces = '苏浙皖鲁沪'
const plateChars = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789'

/**
 * The lowest posted limit (speed zones, corridors) on the road from a to b, checked every 10 m: trucks keep
 * to it like the tag simulator's vehicles do, so only a scripted deviation raises an alarm.
 */
export function zoneSpeedLimit(park: ParkData): (a: LonLat, b: LonLat) => number | null {
  const zones = simZones(park).filter((z) => z.speedLimitKmh !== null)
  return (a, b) => {
    const n = Math.max(1, Math.ceil(haversineM(a, b) / 10))
    let limit: number | null = null
    for (const z of zones)
      for (let i = 0; i <= n; i++) {
        const p: LonLat = [a[0] + ((b[0] - a[0]) * i) / n, a[1] + ((b[1] - a[1]) * i) / n]
        if (z.distanceM(p) <= zoneMarginM) {
          limit = Math.min(limit ?? Infinity, z.speedLimitKmh!)
          break
        }
      }
    return limit
  }
}

export function startHazmatSimulator(o: HazmatSimulatorOptions): HazmatSimulator {
  const zoneLimit = zoneSpeedLimit(o.park)
  const n = o.trucks ?? 3
  const scale = o.timeScale ?? 1
  const realStart = Date.now()
  const simStart = o.startAt ?? realStart
  const simNow = () => simStart + (Date.now() - realStart) * scale
  const prng = createPrng(hashSeed(o.seed, 'hazmat'))
  const withTanks = [...new Set(o.park.tanks.features.map((t) => t.properties.enterprise_id))].sort()
  const destinations =
    o.destinations ?? (withTanks.length ? withTanks : o.park.enterprises.features.map((e) => e.id))
  const gate = o.park.gates.features.find((g) => g.properties.gate_class === 'dedicated')
  const nodeAt = (id: string | undefined): LonLat | null => {
    const f = o.park.roadNodes.features.find((x) => x.id === id)
    return f ? [f.geometry.coordinates[0]!, f.geometry.coordinates[1]!] : null
  }
  const gatePoint = nodeAt(gate?.properties.node_id) ?? [
    o.park.gates.features[0]!.geometry.coordinates[0]!,
    o.park.gates.features[0]!.geometry.coordinates[1]!,
  ]
  let stopped = false
  const terminals: Jt808Terminal[] = []
  const sleeps = new Set<() => void>()
  const waiting = new Set<() => void>()
  const sleep = (simMs: number) =>
    new Promise<void>((res) => {
      const wake = () => {
        clearTimeout(timer)
        sleeps.delete(wake)
        res()
      }
      const timer = setTimeout(wake, simMs / scale)
      sleeps.add(wake)
    })

  const trucks = Array.from({ length: n }, (_, i) => {
    const r = createPrng(hashSeed(o.seed, 'truck', i))
    const digits = String(10_000_000 + r.int(0, 89_999_999))
    const phone = `0000000001${(39_000_000_000 + Number(digits)).toString().slice(-10)}`.slice(-20)
    const plate =
      provinces[r.int(0, provinces.length - 1)]! +
      'ABCDEF'[r.int(0, 5)]! +
      Array.from({ length: 5 }, () => plateChars[r.int(0, plateChars.length - 1)]).join('')
    return { phone, plate, tagId: `jt808-${phone.replace(/^0+/, '')}`, prng: r }
  })

  const run = async (i: number) => {
    const t = trucks[i]!
    let fix: () => TruckFix | null = () => ({
      lon: gatePoint[0],
      lat: gatePoint[1],
      speedKmh: 0,
      headingDeg: 0,
      phase: 'done',
      deviating: false,
    })
    const [minS, maxS] = o.reportEveryS ?? [2, 5]
    let nextReport = 0
    let registered: () => void = () => undefined
    const ready = new Promise<void>((res) => {
      registered = res
      waiting.add(res)
    })
    const terminal = startJt808Terminal({
      host: o.jt808Host ?? '127.0.0.1',
      port: o.jt808Port,
      phone: t.phone,
      version: 2019,
      vehicle: {
        province: 32,
        city: 1100,
        maker: 'CPT',
        model: 'HZ-808',
        deviceId: `HZ${i}`,
        plateColor: 2,
        plate: t.plate,
      },
      imei: `86${t.phone.slice(-13)}`,
      softwareVersion: 'hazmat-sim-1',
      reportIntervalMs: Math.max(20, 1000 / scale),
      heartbeatIntervalMs: 30_000,
      answerTimeoutMs: 5_000,
      nextFix: () => {
        const now = simNow()
        if (now < nextReport) return null
        nextReport = now + t.prng.float(minS, maxS) * 1000
        const f = fix()
        if (!f) return null
        return {
          lon: f.lon,
          lat: f.lat,
          speedKmh: f.speedKmh,
          headingDeg: f.headingDeg,
          time: new Date(Math.floor(now / 1000) * 1000),
        }
      },
      onEvent: (e) => {
        if (e.type === 'authenticated') registered()
      },
    })
    terminals.push(terminal)
    await ready
    if (stopped) return
    for (let cycle = 0; !stopped && (o.cycles === undefined || cycle < o.cycles); cycle++) {
      const load = loads[t.prng.int(0, loads.length - 1)]!
      const day = new Date(simNow() + 8 * 3_600_000).toISOString().slice(0, 10)
      const booking = await o.bookings.create({
        plate: t.plate,
        driver_name: `驾驶员${i + 1}`,
        driver_licence: `3201${String(100000 + i * 7919).slice(-6)}`,
        escort_name: `押运员${i + 1}`,
        escort_licence: `3202${String(200000 + i * 104729).slice(-6)}`,
        chemical_name: load.chemical_name,
        cas_no: load.cas_no,
        un_number: load.un_number,
        hazard_class: load.hazard_class,
        quantity_t: Math.round(t.prng.float(load.t[0], load.t[1]) * 1000) / 1000,
        enterprise_id: destinations[t.prng.int(0, destinations.length - 1)]!,
        park_day: day,
      })
      o.onEvent?.({ type: 'booked', truck: i, cycle, booking: booking.id })
      if (stopped) return
      await o.bookings.assignTag(booking.id, t.tagId)
      await o.bookings.approve(booking.id)
      o.onEvent?.({ type: 'approved', truck: i, cycle, booking: booking.id, tag: t.tagId })
      await o.bookings.enter(booking.id)
      const deviator =
        o.deviator === 'none'
          ? -1
          : typeof o.deviator === 'number'
            ? o.deviator
            : hashSeed(o.seed, 'deviator', cycle) % n
      const dev: Deviation | null =
        deviator === i
          ? {
              leg: o.deviation?.leg ?? 1,
              at: o.deviation?.at ?? 0.5,
              durationS: o.deviation?.durationS ?? 120,
              offsetM: o.deviation?.offsetM ?? 90,
            }
          : null
      const plan = new TruckPlan(booking.route.coordinates, booking.route_stops_m, {
        speedKmh: Math.min(30, o.speedKmh ?? 30),
        limitKmh: zoneLimit,
        parkingWaitS: o.parkingWaitS ?? 120,
        visitS: o.visitS ?? 240,
        deviation: dev,
      })
      const departed = simNow()
      fix = () => plan.at((simNow() - departed) / 1000)
      o.onEvent?.({
        type: 'departed',
        truck: i,
        cycle,
        booking: booking.id,
        tag: t.tagId,
        deviation: plan.deviationWindow(),
      })
      await sleep(plan.totalS * 1000 + 10_000)
      if (stopped) return
      await o.bookings.complete(booking.id)
      o.onEvent?.({ type: 'completed', truck: i, cycle, booking: booking.id, tag: t.tagId })
      // back outside the gate until the next trip
      fix = () => ({
        lon: gatePoint[0],
        lat: gatePoint[1],
        speedKmh: 0,
        headingDeg: 0,
        phase: 'done',
        deviating: false,
      })
      await sleep(prng.float(60, 300) * 1000)
    }
  }

  const runs = trucks.map((_, i) =>
    run(i).catch((err: unknown) => {
      if (!stopped)
        o.onEvent?.({ type: 'error', truck: i, error: err instanceof Error ? err.message : String(err) })
    }),
  )
  return {
    trucks: trucks.map(({ phone, plate, tagId }) => ({ phone, plate, tagId })),
    stop: async () => {
      stopped = true
      for (const w of [...sleeps]) w()
      for (const w of waiting) w()
      for (const t of terminals) await t.stop()
      await Promise.allSettled(runs)
    },
  }
}
