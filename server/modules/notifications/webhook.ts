import { createHmac } from 'node:crypto'

// The webhook channel: POST of a JSON body with `X-Signature: sha256=<hex HMAC-SHA256 of the exact body>` under
// the shared secret, so the receiver can verify the park sent it. Any 2xx is delivered; anything else is retried.

export interface WebhookOptions {
  url: string
  secret: string
  timeoutMs?: number
}

export const signBody = (secret: string, body: string) =>
  `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`

export async function postWebhook(o: WebhookOptions, payload: Record<string, unknown>): Promise<void> {
  const body = JSON.stringify(payload)
  const res = await fetch(o.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'x-signature': signBody(o.secret, body),
      'user-agent': 'chempark-twin-notifications',
    },
    body,
    signal: AbortSignal.timeout(o.timeoutMs ?? 10_000),
    redirect: 'manual',
  })
  await res.arrayBuffer().catch(() => undefined)
  if (res.status < 200 || res.status > 299) throw new Error(`webhook answered ${res.status}`)
}
