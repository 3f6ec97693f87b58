// Status and alarm DWORDs of 0x0200 (JT/T 808 状态位 / 报警标志位定义).

export interface LocationStatus {
  /** bit 0 */
  acc: boolean
  /** bit 1: positioned; an unfixed report repeats the last or a zero position */
  fixed: boolean
  /** bit 2: latitude is south */
  south: boolean
  /** bit 3: longitude is west */
  west: boolean
  /** bit 18: GPS used for the fix */
  gps: boolean
  /** bit 19: BeiDou used for the fix */
  beidou: boolean
}

export const STATUS_BIT = { acc: 0, fixed: 1, south: 2, west: 3, gps: 18, beidou: 19 } as const

/** The alarm bits the platform acts on; others stay readable in the raw `alarm` DWORD. */
export const ALARM_BIT = {
  sos: 0,
  overspeed: 1,
  fatigue: 2,
  overspeedWarning: 13,
  overtimeParking: 19,
  zoneInOut: 20,
  routeInOut: 21,
  routeDeviation: 23,
  collision: 29,
  rollover: 30,
} as const
export type AlarmName = keyof typeof ALARM_BIT

const bit = (word: number, n: number): boolean => ((word >>> n) & 1) === 1

export function decodeStatus(status: number): LocationStatus {
  return {
    acc: bit(status, STATUS_BIT.acc),
    fixed: bit(status, STATUS_BIT.fixed),
    south: bit(status, STATUS_BIT.south),
    west: bit(status, STATUS_BIT.west),
    gps: bit(status, STATUS_BIT.gps),
    beidou: bit(status, STATUS_BIT.beidou),
  }
}

/** Names of the set alarm bits, in bit order. */
export function decodeAlarms(alarm: number): AlarmName[] {
  return (Object.keys(ALARM_BIT) as AlarmName[]).filter((name) => bit(alarm, ALARM_BIT[name]))
}

/** DWORD with the named bits set (for simulators and tests). */
export function encodeAlarms(names: readonly AlarmName[]): number {
  return names.reduce((w, name) => (w | (1 << ALARM_BIT[name])) >>> 0, 0)
}
