// HJ 212-2017 (and HJ/T 212-2005 field devices): pure encode/decode and a stream framer, shared by the
// simulators (which encode) and server/ingest/hj212 (which decodes and answers).
export { hj212Crc, crcHex, formatCrc, parseCrcHex } from './crc'
export { POLLUTANT_CODES, pollutantInfo, toCode2017, type Medium, type PollutantCode } from './codes'
export {
  CN,
  DATA_UPLOAD_CNS,
  EXE_RTN,
  QN_RTN,
  ST,
  type DataUploadCn,
  type ExeRtn,
  type QnRtn,
} from './commands'
export { COMMON_SEGMENT_LENGTH, MAX_SEGMENT_LENGTH } from './frame-format'
export {
  DATA_FLAGS,
  POLLUTANT_FIELDS,
  decodeFlag,
  encodeFlag,
  isDataFlag,
  naturalKey,
  wantsAck,
  type DataFlag,
  type FlagInput,
  type Hj212Cp,
  type Hj212Flag,
  type Hj212Packet,
  type PollutantField,
  type PollutantValue,
} from './packet'
export {
  qnRtnFor,
  type Hj212RejectReason,
  type Hj212Rejection,
  type Hj212Result,
  type PartialHeader,
} from './result'
export { cstToIso, formatDataTime, formatQn, parseCstTimestamp } from './time'
export { parseCp } from './cp'
export { parseSegment } from './parse'
export { decodePacket, type DecodeOptions } from './decode'
export { formatCp, type CpInput, type PollutantValueInput } from './cp-format'
export {
  encodeDataUpload,
  encodePacket,
  encodeSegment,
  frameSegment,
  type DataUploadInput,
  type EncodePacketInput,
} from './encode'
export { encodeDataAnswer, encodeExecutionResult, encodeRequestAnswer, type AnswerTarget } from './answers'
export { encodeSplitPackets } from './split'
export {
  Hj212Reassembler,
  type DroppedSet,
  type ReassemblerOptions,
  type ReassemblyOutcome,
} from './reassembly'
export {
  Hj212Framer,
  type FramerEvent,
  type FramerOptions,
  type FramerRejection,
  type FramerStats,
  type Hj212Frame,
} from './framer'
