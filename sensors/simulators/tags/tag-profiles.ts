import type { TagKind } from '../../../server/contracts/live'
import type { EdgeCost } from './road-graph'

/** How one kind of tag moves. Seconds and metres; vehicle speeds as a fraction of the road's limit. */
export interface MotionProfile {
  onFoot: boolean
  /** vehicles: cruise speed as a fraction of the binding limit (road or speed zone; kept ≤ limitMargin) */
  limitFraction: readonly [number, number]
  /** people: walking speed in m/s */
  walkMs: readonly [number, number]
  /** mean seconds between short stops while under way (yielding, a phone call, a checkpoint) */
  stopEveryS: number
  stopS: readonly [number, number]
  cost: EdgeCost
}

const byLength: EdgeCost = (e) => e.lengthM
// hazmat trucks keep to the hazmat corridor where it exists; other traffic avoids it when it can
const hazmatFirst: EdgeCost = (e) => e.lengthM * (e.roadClass === 'hazmat' ? 1 : 1.6)
const avoidHazmat: EdgeCost = (e) => e.lengthM * (e.roadClass === 'hazmat' ? 1.3 : 1)

const vehicle: MotionProfile = {
  onFoot: false,
  limitFraction: [0.6, 0.9],
  walkMs: [0, 0],
  stopEveryS: 240,
  stopS: [10, 45],
  cost: avoidHazmat,
}
const person: MotionProfile = {
  onFoot: true,
  limitFraction: [0, 0],
  walkMs: [1.2, 1.6],
  stopEveryS: 150,
  stopS: [10, 60],
  cost: byLength,
}

export const motionProfiles: Record<TagKind, MotionProfile> = {
  vehicle,
  // laden tankers drive well under the limit
  hazmat_vehicle: { ...vehicle, limitFraction: [0.5, 0.8], cost: hazmatFirst },
  visitor: person,
  contractor: person,
  staff: { ...person, walkMs: [1.3, 1.7], stopEveryS: 120 },
}
