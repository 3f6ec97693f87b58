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

/** Where answers go: the socket, or one frame's slot of an OrderedAnswers. Never throws. */
export interface AnswerSink {
  write(frame: string): void
}

/** Platform answers on one connection (HJ 212-2017 Appendix C). Never throws; a closed socket gets nothing. */
export class Answerer {
  constructor(
    private readonly out: AnswerSink,
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
    this.out.write(frame)
  }
}

/**
 * Answers of frames handled concurrently, written in the frames' arrival order: each frame gets a slot; a
 * slot's answers go out once every earlier slot is closed (its frame handled). Consecutive answers are written
 * together, so a pipelining device gets its acks in one segment.
 */
export class OrderedAnswers {
  private readonly slots: { frames: string[]; closed: boolean }[] = []

  constructor(private readonly write: (data: string) => void) {}

  /** A sink for the next frame's answers; close() once that frame is handled (answered or not). */
  open(): AnswerSink & { close(): void } {
    const slot = { frames: [] as string[], closed: false }
    this.slots.push(slot)
    return {
      write: (frame) => {
        slot.frames.push(frame)
        this.flush()
      },
      close: () => {
        slot.closed = true
        this.flush()
      },
    }
  }

  private flush(): void {
    let out = ''
    while (this.slots.length) {
      const head = this.slots[0]!
      out += head.frames.join('')
      head.frames = []
      if (!head.closed) break
      this.slots.shift()
    }
    if (out) this.write(out)
  }
}
