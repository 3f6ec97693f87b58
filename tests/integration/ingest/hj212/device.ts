// A raw TCP 数采仪 for the integration tests: writes bytes exactly as given and collects the platform's
// answers, decoded with the protocol library.
import { connect, type Socket } from 'node:net'
import {
  decodePacket,
  encodeDataUpload,
  formatQn,
  Hj212Framer,
  type DataUploadInput,
  type Hj212Packet,
} from '../../../../sensors/protocols/hj212'
import { parkCollectors } from '../../../../sensors/simulators/hj212/park-collectors'
import { readPark } from '../../../../geodata/read'

export const collectors = parkCollectors(readPark())
export const water = collectors.find((c) => c.measure === 'wastewater')!
export const gas = collectors.find((c) => c.measure === 'waste_gas')!

export class Device {
  readonly answers: Hj212Packet[] = []
  private readonly framer = new Hj212Framer()
  private waiters: (() => void)[] = []
  closed = false

  private constructor(readonly socket: Socket) {
    socket.setNoDelay(true)
    socket.on('data', (chunk) => {
      for (const e of this.framer.push(chunk)) {
        const d = e.kind === 'frame' ? decodePacket(e.bytes) : null
        if (d?.ok) this.answers.push(d.packet)
      }
      for (const w of this.waiters.splice(0)) w()
    })
    socket.on('close', () => {
      this.closed = true
      for (const w of this.waiters.splice(0)) w()
    })
    socket.on('error', () => undefined)
  }

  static open(port: number): Promise<Device> {
    return new Promise((resolve, reject) => {
      const s = connect(port, '127.0.0.1', () => resolve(new Device(s)))
      s.once('error', reject)
    })
  }

  write(data: string | Uint8Array): Promise<void> {
    return new Promise((resolve, reject) => this.socket.write(data, (err) => (err ? reject(err) : resolve())))
  }

  /** Resolves with the first `n` answers (counting from the start), waiting up to timeoutMs. */
  async answersUpTo(n: number, timeoutMs = 15_000): Promise<Hj212Packet[]> {
    const deadline = Date.now() + timeoutMs
    while (this.answers.length < n) {
      if (this.closed) throw new Error(`connection closed after ${this.answers.length} of ${n} answers`)
      const left = deadline - Date.now()
      if (left <= 0) throw new Error(`${this.answers.length} of ${n} answers within ${timeoutMs} ms`)
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left)
        this.waiters.push(() => {
          clearTimeout(t)
          resolve()
        })
      })
    }
    return this.answers.slice(0, n)
  }

  /** Sends a frame and waits for the next answer. */
  async exchange(frame: string | Uint8Array): Promise<Hj212Packet> {
    const n = this.answers.length + 1
    await this.write(frame)
    return (await this.answersUpTo(n))[n - 1]!
  }

  close(): void {
    this.socket.destroy()
  }
}

let qnSeq = 0
/** A unique QN per call (HJ 212-2017 §6.3: yyyyMMddHHmmssSSS), so answers can be matched. */
export function nextQn(): string {
  qnSeq++
  return formatQn(new Date(Date.UTC(2026, 10, 28) + qnSeq))
}

/** A data upload by a seeded collector (Flag 5 unless ackWanted is false). */
export function upload(
  c: { mn: string; pw: string; measure: string },
  over: Partial<DataUploadInput> & Pick<DataUploadInput, 'dataTime' | 'values'>,
): { qn: string; frame: string } {
  const qn = typeof over.qn === 'string' ? over.qn : nextQn()
  const frame = encodeDataUpload({
    cn: 2011,
    st: c.measure === 'wastewater' ? 32 : 31,
    mn: c.mn,
    pw: c.pw,
    ackWanted: true,
    ...over,
    qn,
  })
  return { qn, frame }
}
