import type { TagKind } from '../../../server/contracts/live'

/** A positioning card (定位卡) as the simulator issues it. */
export interface SimTag {
  /** CARD-0001 … */
  id: string
  kind: TagKind
  /** plate for vehicles, masked name (and firm) for people */
  label: string
  /** the enterprise the card was issued for; null for park staff */
  enterprise_id: string | null
}
