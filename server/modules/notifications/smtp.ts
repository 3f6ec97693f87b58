import { createConnection, type Socket } from 'node:net'

// A minimal SMTP client (RFC 5321) over node:net for the park's internal relay: EHLO, MAIL FROM, RCPT TO, DATA,
// QUIT. No AUTH and no TLS (the default relay is on the park network); UTF-8 subject (RFC 2047) and base64 body.

export interface SmtpOptions {
  host: string
  port: number
  from: string
  /** the name this node gives in EHLO */
  helo?: string
  timeoutMs?: number
}

export interface MailMessage {
  to: string
  subject: string
  text: string
}

const address = /^[^\s<>@\r\n]{1,64}@[^\s<>@\r\n]{1,190}$/

/** RFC 2047 encoded word for a non-ASCII header value. */
export function encodeHeader(value: string): string {
  const clean = value.replace(/[\r\n]+/g, ' ')
  if (/^[\x20-\x7e]*$/.test(clean)) return clean
  return `=?UTF-8?B?${Buffer.from(clean, 'utf8').toString('base64')}?=`
}

/** The message as sent after DATA (headers, base64 body wrapped at 76, CRLF line ends). */
export function formatMessage(o: { from: string; to: string; subject: string; text: string; date?: Date }) {
  const body = Buffer.from(o.text.replace(/\r?\n/g, '\r\n'), 'utf8')
    .toString('base64')
    .replace(/.{1,76}/g, (l) => `${l}\r\n`)
  return (
    [
      `From: ${o.from}`,
      `To: ${o.to}`,
      `Subject: ${encodeHeader(o.subject)}`,
      `Date: ${(o.date ?? new Date()).toUTCString()}`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=UTF-8',
      'Content-Transfer-Encoding: base64',
    ].join('\r\n') +
    '\r\n\r\n' +
    body
  )
}

/** Reads SMTP replies (multi-line `250-…` up to `250 …`). */
class ReplyReader {
  private buf = ''
  private waiting: ((r: { code: number; text: string }) => void) | null = null
  private failed: ((e: Error) => void) | null = null
  private queue: { code: number; text: string }[] = []
  private error: Error | null = null

  constructor(socket: Socket) {
    socket.setEncoding('utf8')
    socket.on('data', (chunk: string) => {
      this.buf += chunk
      for (;;) {
        const m = /^(\d{3}) (.*)\r?\n/m.exec(this.buf)
        if (!m) break
        const end = m.index + m[0].length
        const text = this.buf.slice(0, end)
        this.buf = this.buf.slice(end)
        this.push({ code: Number(m[1]), text: text.trim() })
      }
    })
    const fail = (e: Error) => {
      this.error = e
      this.failed?.(e)
    }
    socket.on('error', fail)
    socket.on('close', () => fail(new Error('SMTP connection closed')))
  }

  private push(r: { code: number; text: string }) {
    if (this.waiting) {
      const w = this.waiting
      this.waiting = null
      this.failed = null
      w(r)
    } else this.queue.push(r)
  }

  next(): Promise<{ code: number; text: string }> {
    const r = this.queue.shift()
    if (r) return Promise.resolve(r)
    if (this.error) return Promise.reject(this.error)
    return new Promise((resolve, reject) => {
      this.waiting = resolve
      this.failed = reject
    })
  }
}

/** Sends one message; rejects with the server's reply when a step is refused, or on timeout. */
export async function sendMail(o: SmtpOptions, m: MailMessage): Promise<void> {
  if (!address.test(m.to)) throw new Error(`bad recipient address`)
  if (!address.test(o.from)) throw new Error(`bad sender address`)
  const socket = createConnection({ host: o.host, port: o.port })
  socket.setTimeout(o.timeoutMs ?? 15_000, () => socket.destroy(new Error('SMTP timeout')))
  const replies = new ReplyReader(socket)
  const expect = async (ok: number[], step: string) => {
    const r = await replies.next()
    if (!ok.includes(r.code)) throw new Error(`SMTP ${step} refused: ${r.text}`)
  }
  const send = (line: string) => socket.write(`${line}\r\n`)
  try {
    await expect([220], 'greeting')
    send(`EHLO ${o.helo ?? 'chempark-twin'}`)
    await expect([250], 'EHLO')
    send(`MAIL FROM:<${o.from}>`)
    await expect([250], 'MAIL FROM')
    send(`RCPT TO:<${m.to}>`)
    await expect([250, 251], 'RCPT TO')
    send('DATA')
    await expect([354], 'DATA')
    // dot-stuffing: a line starting with '.' gets another (base64 never does; headers might)
    const data = formatMessage({ from: o.from, to: m.to, subject: m.subject, text: m.text }).replace(
      /^\./gm,
      '..',
    )
    socket.write(`${data}\r\n.\r\n`)
    await expect([250], 'message')
    send('QUIT')
    await expect([221], 'QUIT').catch(() => undefined)
  } finally {
    socket.destroy()
  }
}
