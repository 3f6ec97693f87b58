import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

// Minimum versions with known CVEs fixed (reliability-security.md). `npm audit` needs an endpoint
// this network may not reach, so the lockfile itself is checked: every copy of each package.
const lock = JSON.parse(
  readFileSync(fileURLToPath(new URL('../../../package-lock.json', import.meta.url)), 'utf8'),
) as {
  packages: Record<string, { version?: string }>
}
const minimum: Record<string, string> = {
  'socket.io': '4.6.2',
  'socket.io-parser': '4.2.3',
  ws: '8.17.1',
  koa: '3.1.2',
  pg: '7.1.2',
}
const parse = (v: string) => v.split('-')[0]!.split('.').map(Number)
const atLeast = (v: string, min: string) => {
  const [a, b] = [parse(v), parse(min)]
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0)
  return true
}

describe('dependency minimum versions', () => {
  it.each(Object.entries(minimum))('every installed %s is at least %s', (name, min) => {
    const copies = Object.entries(lock.packages).filter(([path]) => path.endsWith(`node_modules/${name}`))
    expect(copies.length).toBeGreaterThan(0)
    for (const [path, info] of copies)
      expect({ path, ok: atLeast(info.version ?? '0', min) }).toEqual({ path, ok: true })
  })

  it('compares versions numerically', () => {
    expect(atLeast('8.17.1', '8.17.1')).toBe(true)
    expect(atLeast('8.9.0', '8.17.1')).toBe(false)
    expect(atLeast('10.0.0', '8.17.1')).toBe(true)
  })
})
