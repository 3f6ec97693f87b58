import { CN, ST, type ExeRtn, type QnRtn } from './commands'
import { encodePacket } from './encode'
import type { Hj212Flag } from './packet'

/** The packet being answered; a decoded Hj212Packet (or a rejection's partial header) fits. */
export interface AnswerTarget {
  qn: string
  mn: string
  /** echoed back as received; '' when unknown (answering a frame whose header could not be read) */
  pw?: string
  /** the answered packet's Flag: the answer uses the same protocol version */
  flag?: Pick<Hj212Flag, 'version'>
}

/**
 * Platform answers, ST=91 (system interaction). Reading of HJ 212-2017 Appendix C and field practice: an
 * answer's own QN is the QN of the packet it answers, so the device matches it to its pending request; the
 * answer's Flag carries the same version with no ack wanted (Flag=4 for 2017) — answers are never answered.
 */
function encodeAnswer(to: AnswerTarget, cn: number, cp: string): string {
  const version = to.flag?.version ?? 1
  return encodePacket({ qn: to.qn, st: ST.system, cn, pw: to.pw ?? '', mn: to.mn, flag: { version }, cp })
}

/**
 * CN 9014 data answer to a data upload whose Flag asked for one (see wantsAck). CP repeats the answered QN
 * (`CP=&&QN=…&&`) as the 2005 standard required, so devices that match on either field accept it.
 */
export function encodeDataAnswer(to: AnswerTarget): string {
  return encodeAnswer(to, CN.dataAnswer, `QN=${to.qn}`)
}

/** CN 9011 request answer: QnRtn 1 ready, or the reason a request is refused. */
export function encodeRequestAnswer(to: AnswerTarget, qnRtn: QnRtn): string {
  return encodeAnswer(to, CN.requestAnswer, `QnRtn=${qnRtn}`)
}

/** CN 9012 execution result of a command: ExeRtn. */
export function encodeExecutionResult(to: AnswerTarget, exeRtn: ExeRtn): string {
  return encodeAnswer(to, CN.executionResult, `ExeRtn=${exeRtn}`)
}
