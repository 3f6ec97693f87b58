import type { TagKind } from '../../../server/contracts/live'
import type { Prng } from '../prng'
import type { ParkPlaces } from './park-places'

/**
 * What a leg is for: 'visit' ends at the tag's own enterprise, 'park' at a parking lot, 'exit' at a
 * gate (the card is handed back and re-issued, so the vehicle re-enters later), 'roam' anywhere.
 */
export type Purpose = 'visit' | 'park' | 'exit' | 'roam'

const isVehicle = (kind: TagKind): boolean => kind === 'vehicle' || kind === 'hazmat_vehicle'

/** The leg that follows one just completed (after its dwell). */
export function nextPurpose(kind: TagKind, done: Purpose, rng: Prng, places: ParkPlaces): Purpose {
  if (kind === 'staff') return 'roam'
  if (!isVehicle(kind)) return done === 'visit' ? 'roam' : 'visit'
  if (done === 'exit') return 'visit'
  // the park's lots are for hazmat trucks waiting for a slot or a convoy; other vehicles just leave
  if (kind === 'hazmat_vehicle' && done === 'visit' && places.parking.length > 0 && rng.chance(0.35))
    return 'park'
  return 'exit'
}

/** Seconds spent at the end of a leg: loading, a meeting, registration at the gate. */
export function dwellS(kind: TagKind, done: Purpose, rng: Prng): number {
  if (done === 'visit') return rng.float(60, 300)
  if (done === 'park') return rng.float(60, 240)
  if (done === 'exit') return rng.float(60, 180)
  return kind === 'staff' ? rng.float(20, 120) : rng.float(30, 180)
}

export function gatesFor(kind: TagKind, places: ParkPlaces): string[] {
  return kind === 'hazmat_vehicle' ? places.dedicatedGates : places.generalGates
}

/** People come in on foot through the general gates (bus stop, visitor centre outside the fence). */
export function arrivalNodes(places: ParkPlaces): string[] {
  return places.generalGates
}

/**
 * Destination node of a leg. `homeNode` is the tag's enterprise frontage (null for park staff).
 * `allowed` keeps the tag out of zones it may not enter (sim-zones.ts): a pool is narrowed to the
 * allowed nodes, unless none are.
 */
export function destinationOf(
  kind: TagKind,
  purpose: Purpose,
  homeNode: string | null,
  rng: Prng,
  places: ParkPlaces,
  allowed: (nodeId: string) => boolean = () => true,
): string {
  const pick = (pool: readonly string[]): string => {
    const ok = pool.filter(allowed)
    return rng.pick(ok.length > 0 ? ok : pool)
  }
  if (purpose === 'visit' && homeNode) return homeNode
  if (purpose === 'park') return pick(places.parking)
  if (purpose === 'exit') return pick(gatesFor(kind, places))
  return pick([
    ...places.enterprises.map((e) => e.nodeId),
    ...places.muster,
    // patrols also check the gates and the parking lots
    ...(kind === 'staff' ? [...places.generalGates, ...places.parking] : []),
  ])
}
