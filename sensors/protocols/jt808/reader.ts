// Bounds-checked big-endian cursor over one message body (JT/T 808-2019 §4.3: WORD/DWORD are
// network byte order). Overruns throw BodyError, which decodeBody turns into a 'bad_body'
// rejection, so body decoders read straight through without checking every field.

export class BodyError extends Error {
  override name = 'BodyError'
}

export class Reader {
  pos = 0
  constructor(readonly buf: Buffer) {}

  get remaining(): number {
    return this.buf.length - this.pos
  }

  u8(): number {
    this.need(1)
    return this.buf[this.pos++]!
  }

  u16(): number {
    this.need(2)
    const v = this.buf.readUInt16BE(this.pos)
    this.pos += 2
    return v
  }

  u32(): number {
    this.need(4)
    const v = this.buf.readUInt32BE(this.pos)
    this.pos += 4
    return v
  }

  bytes(n: number): Buffer {
    this.need(n)
    const v = this.buf.subarray(this.pos, this.pos + n)
    this.pos += n
    return v
  }

  rest(): Buffer {
    return this.bytes(this.remaining)
  }

  private need(n: number): void {
    if (n > this.remaining)
      throw new BodyError(`needs ${n} bytes at offset ${this.pos}, only ${this.remaining} left`)
  }
}
