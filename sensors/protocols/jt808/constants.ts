// Message ids, limits and result codes of JT/T 808-2013 / -2019 used by the platform.

/** Message ids (JT/T 808-2019 消息对照表). Terminal → platform ids start 0x0…, the reverse 0x8…. */
export const MsgId = {
  terminalAnswer: 0x0001,
  heartbeat: 0x0002,
  deregister: 0x0003,
  queryServerTime: 0x0004,
  register: 0x0100,
  authenticate: 0x0102,
  location: 0x0200,
  batch: 0x0704,
  platformAnswer: 0x8001,
  serverTime: 0x8004,
  registerAnswer: 0x8100,
} as const

/** Every way decodeFrame can refuse a frame; ingest keeps one counter per reason. */
export const rejectReasons = [
  'too_short',
  'bad_escape',
  'bad_checksum',
  'bad_length',
  'unsupported_encryption',
  'bad_body',
  'too_long',
] as const
export type RejectReason = (typeof rejectReasons)[number]

/** Body length is a 10-bit field of the attributes (JT/T 808-2019 §4.4 消息体属性). */
export const MAX_BODY_BYTES = 0x3ff
export const HEADER_BYTES_2013 = 12
export const HEADER_BYTES_2019 = 17
/** pkgTotal WORD + pkgNo WORD, present only when attribute bit 13 is set. */
export const SPLIT_BYTES = 4

/**
 * Largest well-formed frame on the wire: both 0x7E flags plus the 2019 split header, a full body and
 * the checksum, every byte escaped to two. Anything longer cannot be a JT/T 808 frame.
 */
export const MAX_FRAME_BYTES = 2 + 2 * (HEADER_BYTES_2019 + SPLIT_BYTES + MAX_BODY_BYTES + 1)

/** Result byte of 0x8001 / 0x0001 (JT/T 808 终端/平台通用应答). */
export const AnswerResult = {
  ok: 0,
  fail: 1,
  badMessage: 2,
  unsupported: 3,
  alarmConfirmed: 4,
} as const
export type AnswerResultCode = (typeof AnswerResult)[keyof typeof AnswerResult]

/** Result byte of 0x8100 (JT/T 808 终端注册应答); an auth code follows only for `ok`. */
export const RegisterResult = {
  ok: 0,
  vehicleRegistered: 1,
  noSuchVehicle: 2,
  terminalRegistered: 3,
  noSuchTerminal: 4,
} as const
export type RegisterResultCode = (typeof RegisterResult)[keyof typeof RegisterResult]
