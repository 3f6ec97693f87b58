// Decoded messages as a discriminated union on `kind`; `msgId` repeats header.msgId for logging.
import type { RejectReason } from './constants'
import type { Jt808Header } from './header'
import type { Authenticate } from './messages/authenticate'
import type { LocationBatch } from './messages/batch'
import type { GeneralAnswer } from './messages/general-answer'
import type { Jt808Location } from './messages/location'
import type { Register } from './messages/register'
import type { RegisterAnswer } from './messages/register-answer'
import type { ServerTime } from './messages/server-time'

interface Msg<K extends string, Id extends number, B> {
  kind: K
  msgId: Id
  header: Jt808Header
  body: B
}

export interface RawBody {
  raw: Buffer
}

export type Jt808Message =
  | Msg<'terminal_answer', 0x0001, GeneralAnswer>
  | Msg<'heartbeat', 0x0002, null>
  | Msg<'deregister', 0x0003, null>
  | Msg<'query_server_time', 0x0004, null>
  | Msg<'register', 0x0100, Register>
  | Msg<'authenticate', 0x0102, Authenticate>
  | Msg<'location', 0x0200, Jt808Location>
  | Msg<'batch', 0x0704, LocationBatch>
  | Msg<'platform_answer', 0x8001, GeneralAnswer>
  | Msg<'server_time', 0x8004, ServerTime>
  | Msg<'register_answer', 0x8100, RegisterAnswer>
  /** one part of a split message (header.split set); feed it to a Jt808Reassembler */
  | Msg<'fragment', number, RawBody>
  /** an id this decoder does not know: answer 0x8001 with result 3 (unsupported) */
  | Msg<'unknown', number, RawBody>

export type Jt808Kind = Jt808Message['kind']

export interface DecodeOk {
  ok: true
  message: Jt808Message
  /** frame-level oddities that were tolerated, e.g. an unescaped 0x7D */
  warnings: string[]
}

export interface DecodeRejected {
  ok: false
  reason: RejectReason
  detail: string
  /** present once the header could be read, so ingest can answer 0x8001 result 2 */
  header?: Jt808Header
}

export type DecodeResult = DecodeOk | DecodeRejected
