// What the platform does with each decoded message, as a pure decision over the session state
// (JT/T 808 平台通用应答: every terminal message gets 0x8001 or its specific answer). The
// connection carries the plan out; only register, authenticate, locations, heartbeat and
// deregister need the database.
import {
  AnswerResult,
  type AnswerResultCode,
  type DecodeRejected,
  type Jt808Location,
  type Jt808Message,
} from '../../../sensors/protocols/jt808'
import { authenticatedTag, hasRoomFor, type SessionState } from './jt808.session'
import type { Jt808RejectReason } from './jt808.stats'

type Of<K extends Jt808Message['kind']> = Extract<Jt808Message, { kind: K }>

export type Plan =
  /** answer 0x8001 with `result`, nothing else; `reject` names the counter when refused */
  | { action: 'answer'; result: AnswerResultCode; reject?: Jt808RejectReason }
  /** no answer: a terminal's 0x0001 answers us, and headerless garbage has nobody to answer */
  | { action: 'none' }
  | { action: 'server_time' }
  | { action: 'reassemble'; message: Of<'fragment'> }
  | { action: 'register'; message: Of<'register'> }
  | { action: 'authenticate'; message: Of<'authenticate'> }
  | { action: 'locations'; terminal: string; tagId: string; locations: Jt808Location[] }
  | { action: 'heartbeat'; terminal: string }
  | { action: 'deregister'; terminal: string }

const refuse = (reject: Jt808RejectReason): Plan => ({ action: 'answer', result: AnswerResult.fail, reject })

export function planMessage(state: SessionState, m: Jt808Message): Plan {
  const terminal = m.header.terminal
  const tagId = authenticatedTag(state, terminal)
  switch (m.kind) {
    case 'fragment':
      return { action: 'reassemble', message: m }
    case 'register':
      return { action: 'register', message: m }
    case 'authenticate':
      return hasRoomFor(state, terminal)
        ? { action: 'authenticate', message: m }
        : refuse('too_many_terminals')
    case 'location':
      return tagId ? { action: 'locations', terminal, tagId, locations: [m.body] } : refuse('unauthenticated')
    case 'batch':
      return tagId
        ? { action: 'locations', terminal, tagId, locations: m.body.items }
        : refuse('unauthenticated')
    case 'heartbeat':
      return tagId ? { action: 'heartbeat', terminal } : refuse('unauthenticated')
    case 'deregister':
      return tagId ? { action: 'deregister', terminal } : refuse('unauthenticated')
    // 0x0004 查询服务器时间 (2019): answered before authentication too, a terminal sets its clock first
    case 'query_server_time':
      return { action: 'server_time' }
    case 'terminal_answer':
      return { action: 'none' }
    // platform → terminal ids arriving from a terminal, and ids we do not implement
    case 'platform_answer':
    case 'server_time':
    case 'register_answer':
    case 'unknown':
      return { action: 'answer', result: AnswerResult.unsupported, reject: 'unsupported' }
  }
}

/** A frame the codec refused: 0x8001 result 2 when its header could be read, else nothing. */
export function planRejection(rejection: DecodeRejected): Plan {
  return rejection.header ? { action: 'answer', result: AnswerResult.badMessage } : { action: 'none' }
}
