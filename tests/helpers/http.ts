/** A tiny cookie-keeping HTTP client for API tests against a running server. */
export class ApiClient {
  cookie: string | null = null
  constructor(readonly base: string) {}

  async call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const res = await fetch(new URL(path, this.base), {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    })
    const set = res.headers.get('set-cookie')
    if (set) this.cookie = set.split(';')[0]!
    const text = await res.text()
    let json: unknown
    try {
      json = text ? JSON.parse(text) : null
    } catch {
      json = text
    }
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON
    return { status: res.status, body: json as any, headers: res.headers }
  }

  get(path: string) {
    return this.call('GET', path)
  }
  post(path: string, body?: unknown) {
    return this.call('POST', path, body ?? {})
  }
  async login(username: string, password: string) {
    const r = await this.post('/api/v1/auth/login', { username, password })
    if (r.status !== 200) throw new Error(`login ${username} failed: ${r.status} ${JSON.stringify(r.body)}`)
    return r.body
  }
}

/** Polls fn until it returns a truthy value or the deadline passes. */
export async function eventually<T>(
  fn: () => Promise<T | null | undefined | false>,
  timeoutMs = 30_000,
  stepMs = 250,
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const v = await fn()
    if (v) return v
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`)
    await new Promise((r) => setTimeout(r, stepMs))
  }
}

/**
 * A signed-in client for `username` (created first with `role` through `admin`, a park admin's client of
 * `serverUrl`); the session also works on `appUrl`, a test app on the same database (default the server).
 */
export async function signedInClient(
  admin: ApiClient,
  serverUrl: string,
  username: string,
  opts: { role?: string; enterpriseId?: string | null; password?: string; appUrl?: string } = {},
): Promise<ApiClient> {
  const password = opts.password ?? `Pw-${username}-2026`
  if (opts.role) {
    const r = await admin.post('/api/v1/users', {
      username,
      display_name: username,
      role: opts.role,
      enterprise_id: opts.enterpriseId ?? null,
      password,
    })
    if (r.status !== 201) throw new Error(`user ${username}: ${r.status} ${JSON.stringify(r.body)}`)
  }
  const c = new ApiClient(serverUrl)
  await c.login(username, password)
  if (!opts.appUrl) return c
  const a = new ApiClient(opts.appUrl)
  a.cookie = c.cookie
  return a
}
