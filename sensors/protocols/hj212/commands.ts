// System (ST) and command (CN) codes, answer codes: the code tables of HJ 212-2017 §6, as listed in protocols.md.

/** ST, system code (HJ 212-2017 §6 system code table). */
export const ST = {
  surfaceWater: 21,
  ambientAir: 22,
  vocs: 27,
  wasteGas: 31,
  wastewater: 32,
  /** 系统交互: platform answers */
  system: 91,
} as const

/** CN, command code (HJ 212-2017 §6 command code table). */
export const CN = {
  setRealtimeInterval: 1062,
  realtimeData: 2011,
  deviceStatus: 2021,
  dayData: 2031,
  minuteData: 2051,
  hourData: 2061,
  requestAnswer: 9011,
  executionResult: 9012,
  dataAnswer: 9014,
} as const

/** Data uploads a 数采仪 sends, which the platform answers with CN 9014 when Flag asks for it. */
export const DATA_UPLOAD_CNS = [CN.realtimeData, CN.minuteData, CN.hourData, CN.dayData] as const
export type DataUploadCn = (typeof DATA_UPLOAD_CNS)[number]

/** QnRtn, request answer codes (HJ 212-2017 §6 request answer table). */
export const QN_RTN = {
  ready: 1,
  refused: 2,
  badPw: 3,
  badMn: 4,
  badSt: 5,
  badFlag: 6,
  badQn: 7,
  badCn: 8,
  badCrc: 9,
  unknown: 100,
} as const
export type QnRtn = (typeof QN_RTN)[keyof typeof QN_RTN]

/**
 * ExeRtn, execution result codes (HJ 212-2017 §6 execution result table; not listed in protocols.md, taken from the standard's
 * table: 1 success, 2 failed for an unknown reason, 3 bad request condition, 4 timeout, 5 busy, 6 fault,
 * 100 no data).
 */
export const EXE_RTN = {
  success: 1,
  failed: 2,
  badCondition: 3,
  timeout: 4,
  busy: 5,
  fault: 6,
  noData: 100,
} as const
export type ExeRtn = (typeof EXE_RTN)[keyof typeof EXE_RTN]
