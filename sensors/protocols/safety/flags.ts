/**
 * Data flags on the wire: N normal, F fault, M maintenance, C calibration, B communication abnormal (the
 * gateway lost the sensor). Stored and evaluated in HJ 212-2017 terms, where F means "stopped" and a fault is
 * D: the alarm engine raises `flag_fault` on D and `flag_comms` on B, and suppresses a channel's threshold
 * alarms while it is flagged M or C.
 */
export const wireFlags = ['N', 'F', 'M', 'C', 'B'] as const
export type WireFlag = (typeof wireFlags)[number]

export type DataFlag = 'N' | 'D' | 'M' | 'C' | 'B'

const toData: Record<WireFlag, DataFlag> = { N: 'N', F: 'D', M: 'M', C: 'C', B: 'B' }

export const dataFlagOf = (flag: WireFlag): DataFlag => toData[flag]
