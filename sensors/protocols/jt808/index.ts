// Public API of the JT/T 808 codec: pure encode/decode, a stream framer and a reassembler.
// The TCP listener (server/ingest/jt808) and the simulators build on this; nothing here does I/O.
export * from './constants'
export { escape, unescape, checksum, type UnescapeResult } from './escape'
export { decodeBcdTime, encodeBcdTime, bcdToDigits, digitsToBcd } from './bcd'
export { decodeGbk, encodeGbk, encodeGbkFixed } from './gbk'
export {
  decodeHeader,
  encodeHeader,
  normalizeTerminal,
  type Jt808Header,
  type Jt808Split,
  type Jt808Version,
  type HeaderInput,
  type HeaderResult,
} from './header'
export { encodeFrame } from './encode'
export { decodeFrame } from './decode'
export { decodeBody, type BodyResult } from './decode-body'
export type { Jt808Message, Jt808Kind, DecodeResult, DecodeOk, DecodeRejected, RawBody } from './types'
export { Jt808Framer, type FramerResult, type FramerStats, type FramerOptions } from './framer'
export {
  Jt808Reassembler,
  type ReassemblerOptions,
  type ReassemblyResult,
  type ReassemblerStats,
} from './reassembly'
export {
  replyHeader,
  encodePlatformAnswerFrame,
  encodeRegisterAnswerFrame,
  encodeServerTimeFrame,
} from './answers'
export { toPositionSample, type TerminalPosition } from './to-position'
export { decodeGeneralAnswer, encodeGeneralAnswer, type GeneralAnswer } from './messages/general-answer'
export { decodeRegister, encodeRegister, type Register } from './messages/register'
export { decodeRegisterAnswer, encodeRegisterAnswer, type RegisterAnswer } from './messages/register-answer'
export {
  decodeAuthenticate,
  encodeAuthenticate,
  type Authenticate,
  type VersionLayout,
} from './messages/authenticate'
export {
  decodeLocation,
  encodeLocation,
  LOCATION_BASE_BYTES,
  type Jt808Location,
  type LocationInput,
} from './messages/location'
export { decodeExtras, encodeExtras, type LocationExtras, type RawExtra } from './messages/location-extras'
export {
  decodeStatus,
  decodeAlarms,
  encodeAlarms,
  ALARM_BIT,
  STATUS_BIT,
  type AlarmName,
  type LocationStatus,
} from './messages/location-flags'
export { decodeBatch, encodeBatch, type LocationBatch } from './messages/batch'
export { decodeServerTime, encodeServerTime, type ServerTime } from './messages/server-time'
