import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  nextTryAfter,
  notificationChannelsFromEnv,
} from '../../../../../server/modules/notifications/channels'
import { encodeHeader, formatMessage } from '../../../../../server/modules/notifications/smtp'
import { signBody } from '../../../../../server/modules/notifications/webhook'

describe('notification channels from the environment', () => {
  it('are off when nothing is set', () => {
    expect(notificationChannelsFromEnv({})).toEqual({ smtp: null, webhook: null })
    expect(notificationChannelsFromEnv({ SMTP_HOST: ' ', NOTIFY_WEBHOOK_URL: '' })).toEqual({
      smtp: null,
      webhook: null,
    })
  })

  it('reads SMTP host, port and sender with defaults', () => {
    expect(notificationChannelsFromEnv({ SMTP_HOST: 'relay.park.local' }).smtp).toEqual({
      host: 'relay.park.local',
      port: 25,
      from: 'chempark-twin@localhost',
    })
    expect(
      notificationChannelsFromEnv({ SMTP_HOST: 'r', SMTP_PORT: '2525', SMTP_FROM: 'a@b.cn' }).smtp,
    ).toEqual({
      host: 'r',
      port: 2525,
      from: 'a@b.cn',
    })
  })

  it('refuses a webhook without a long enough secret, a bad port or a non-http URL', () => {
    expect(() => notificationChannelsFromEnv({ NOTIFY_WEBHOOK_URL: 'https://x.cn/h' })).toThrow(
      /NOTIFY_WEBHOOK_SECRET/,
    )
    expect(() =>
      notificationChannelsFromEnv({ NOTIFY_WEBHOOK_URL: 'https://x.cn/h', NOTIFY_WEBHOOK_SECRET: 'short' }),
    ).toThrow(/NOTIFY_WEBHOOK_SECRET/)
    expect(() => notificationChannelsFromEnv({ SMTP_HOST: 'r', SMTP_PORT: '70000' })).toThrow(/SMTP_PORT/)
    expect(() =>
      notificationChannelsFromEnv({
        NOTIFY_WEBHOOK_URL: 'ftp://x.cn/h',
        NOTIFY_WEBHOOK_SECRET: 'x'.repeat(16),
      }),
    ).toThrow(/http/)
    expect(
      notificationChannelsFromEnv({
        NOTIFY_WEBHOOK_URL: 'https://x.cn/h',
        NOTIFY_WEBHOOK_SECRET: 'x'.repeat(16),
      }).webhook,
    ).toEqual({ url: 'https://x.cn/h', secret: 'x'.repeat(16) })
  })
})

describe('retry backoff', () => {
  it('waits 1 min, 5 min, 30 min, 2 h, 12 h, then gives up', () => {
    expect([1, 2, 3, 4, 5, 6].map(nextTryAfter)).toEqual([
      60_000,
      300_000,
      1_800_000,
      7_200_000,
      43_200_000,
      null,
    ])
  })
})

describe('SMTP message format', () => {
  it('encodes a Chinese subject as an RFC 2047 word and leaves ASCII alone', () => {
    expect(encodeHeader('Licence expiring')).toBe('Licence expiring')
    expect(encodeHeader('许可证到期')).toBe(`=?UTF-8?B?${Buffer.from('许可证到期').toString('base64')}?=`)
    expect(encodeHeader('a\r\nBcc: x@y')).toBe('a Bcc: x@y')
  })

  it('writes headers, a blank line and a base64 body in lines of at most 76', () => {
    const m = formatMessage({
      from: 'a@b.cn',
      to: 'c@d.cn',
      subject: '到期提醒',
      text: '许可证将于 2026-06-21 到期。\n'.repeat(10),
      date: new Date('2026-06-01T00:00:00Z'),
    })
    const [head, body] = m.split('\r\n\r\n')
    expect(head).toContain('From: a@b.cn\r\nTo: c@d.cn\r\n')
    expect(head).toContain('Content-Transfer-Encoding: base64')
    expect(head).toContain('Date: Mon, 01 Jun 2026 00:00:00 GMT')
    const lines = body!.split('\r\n').filter(Boolean)
    expect(lines.every((l) => l.length <= 76)).toBe(true)
    expect(Buffer.from(lines.join(''), 'base64').toString('utf8')).toBe(
      '许可证将于 2026-06-21 到期。\r\n'.repeat(10),
    )
  })
})

describe('webhook signature', () => {
  it('is sha256=<hex HMAC-SHA256 of the body>', () => {
    const body = '{"event":"document.expired"}'
    expect(signBody('k'.repeat(16), body)).toBe(
      `sha256=${createHmac('sha256', 'k'.repeat(16)).update(body).digest('hex')}`,
    )
  })
})
