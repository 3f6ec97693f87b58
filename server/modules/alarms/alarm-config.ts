import { maxShelveHours, type AlarmPriority } from '../../contracts/alarms'
import type { Role } from '../../contracts/auth'

/** Who may do what to an alarm (ISA-18.2: shelving and removal from service need authorisation). */
export interface AlarmPolicy {
  ackRoles: readonly Role[]
  shelveRoles: readonly Role[]
  serviceRoles: readonly Role[]
  maxShelveMs: number
}

export const defaultAlarmPolicy: AlarmPolicy = {
  // enterprise users acknowledge their own enterprise's alarms (row-level security limits which)
  ackRoles: ['park_admin', 'operator', 'enterprise_user'],
  shelveRoles: ['park_admin', 'operator'],
  serviceRoles: ['park_admin'],
  maxShelveMs: maxShelveHours * 3_600_000,
}

/**
 * Default priority per rule (ISA-18.2: priority from consequence and time to respond). HH/LL and the
 * GB/T 50493 second gas alarm (which is `hh`) → urgent; H/L, the first gas alarm (`h`) and a fast rise →
 * high; device silence and HJ 212 fault/comms flags → low. Overridable per sensor (`thresholds.priorities`).
 */
export const defaultRulePriorities: Record<string, AlarmPriority> = {
  hh: 'urgent',
  ll: 'urgent',
  h: 'high',
  l: 'high',
  roc: 'high',
  silent: 'low',
  flag_fault: 'low',
  flag_comms: 'low',
}

export function priorityFor(rule: string, overrides: Record<string, AlarmPriority> = {}): AlarmPriority {
  return overrides[rule] ?? defaultRulePriorities[rule] ?? 'low'
}

/** An operator position: the areas it watches, as enterprise ids; '*' = the whole park. */
export interface OperatorPosition {
  id: string
  name: string
  enterprises: '*' | readonly string[]
}
export const defaultPositions: readonly OperatorPosition[] = [
  { id: 'park', name: '园区总控 Park control', enterprises: '*' },
]

export const positionsOf = (enterpriseId: string | null, positions = defaultPositions) =>
  positions.filter(
    (p) => p.enterprises === '*' || (enterpriseId !== null && p.enterprises.includes(enterpriseId)),
  )

/** Flood (ISA-18.2 / EEMUA 191): > startAbove annunciations in windowMs starts, < endBelow ends. */
export interface FloodConfig {
  windowMs: number
  startAbove: number
  endBelow: number
}
export const defaultFlood: FloodConfig = { windowMs: 600_000, startAbove: 10, endBelow: 5 }

/** Timing of the engine's background work. */
export interface AlarmTiming {
  /** urgent alarms still unacknowledged this long after annunciation escalate */
  escalateAfterS: number
  /** socket receipt timeout per delivery, and deliveries per socket (1 + re-sends) */
  receiptTimeoutMs: number
  maxDeliveries: number
}
export const defaultTiming: AlarmTiming = { escalateAfterS: 60, receiptTimeoutMs: 5_000, maxDeliveries: 4 }
