import type { Socket } from 'node:net'
import {
  encodeDataAnswer,
  encodeRequestAnswer,
  QN_RTN,
  wantsAck,
  type Hj212Packet,
  type PartialHeader,
  type QnRtn,
} from '../../../sensors/protocols/hj212'
import type { Logger } from '../../platform/logger'

const QN = /^\d{17}$/ // HJ 212-2017 §6.3: QN=YYYYMMDDhhmmsszzz

/** Platform answers on one connection (HJ 212-2017 Appendix C). Never throws; a closed socket gets nothing. */
export class Answerer {
  constructor(
    private readonly socket: Socket,
    private readonly log: Logger,
  ) {}

  /** CN 9014 data answer, when the upload's Flag asked for one. */
  ack(packet: Hj212Packet): void {
    if (wantsAck(packet)) this.send(() => encodeDataAnswer(packet))
  }

  /**
   * CN 9011 request answer with the reason (bad CRC 9, bad PW 3, bad MN 4, …). Only when the frame's QN and MN
   * could be read: an answer the device cannot match to its request is noise.
   */
  refusal(target: PartialHeader | Hj212Packet | undefined, qnRtn: QnRtn): void {
    const qn = target?.qn
    const mn = target?.mn
    if (!qn || !QN.test(qn) || !mn) return
    const pw = target && 'pw' in target ? target.pw : ''
    const version = target && 'flag' in target ? target.flag.version : 1
    this.send(() => encodeRequestAnswer({ qn, mn, pw, flag: { version } }, qnRtn))
  }

  /** A command the platform does not handle: QnRtn 8 (bad CN). Answers (CN 9xxx) are never answered. */
  unsupported(packet: Hj212Packet): void {
    if (packet.cn < 9000) this.refusal(packet, QN_RTN.badCn)
  }

  private send(encode: () => string): void {
    let frame: string
    try {
      frame = encode()
    } catch (err) {
      // a header field holding a delimiter (`PW=a=b`) cannot be echoed in an answer
      this.log.debug({ err }, 'hj212 answer not encodable')
      return
    }
    if (!this.socket.destroyed && this.socket.writable) this.socket.write(frame)
  }
}
