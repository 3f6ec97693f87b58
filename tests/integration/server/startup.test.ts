import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../../..', import.meta.url))

// A bad value stops start-up with a readable message, before anything is started.
describe('start-up with bad configuration', () => {
  it.each([
    [{ PORT: 'eighty' }, /PORT="eighty"/],
    [
      { DATABASE_URL: 'mysql://localhost/x' },
      /DATABASE_URL="mysql:\/\/localhost\/x": must start with postgres:\/\//,
    ],
    [{ SIM: 'maybe' }, /SIM="maybe"/],
    [{ ADMIN_PASSWORD: 'short' }, /ADMIN_PASSWORD="short": must be at least 8 characters/],
  ])('%j exits 1 naming the variable', (env, message) => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      cwd: root,
      env: { PATH: process.env.PATH, ...env },
      encoding: 'utf8',
      timeout: 60_000,
    })
    expect(r.status).toBe(1)
    expect(r.stderr).toMatch(/Invalid configuration/)
    expect(r.stderr).toMatch(message)
    expect(r.stderr).not.toMatch(/\n\s+at /) // no stack trace
  })
})
