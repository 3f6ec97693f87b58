import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { listMigrations, migrationsDir } from '../../../../../server/platform/db/migrate'

const dir = mkdtempSync(join(tmpdir(), 'cpt-migrations-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('listMigrations', () => {
  it('lists numbered .sql files in order and ignores everything else', () => {
    for (const f of [
      '0010_later.sql',
      '0002_b.sql',
      '0001_a.sql',
      'README.md',
      '0003_Upper.sql',
      '003_short.sql',
      '0004_x.sql.bak',
    ]) {
      writeFileSync(join(dir, f), `-- ${f}`)
    }
    expect(listMigrations(dir)).toEqual([
      { version: '0001', name: '0001_a.sql', sql: '-- 0001_a.sql' },
      { version: '0002', name: '0002_b.sql', sql: '-- 0002_b.sql' },
      { version: '0010', name: '0010_later.sql', sql: '-- 0010_later.sql' },
    ])
  })

  it('finds the shipped migrations, with unique versions, PostGIS first', () => {
    const shipped = listMigrations(migrationsDir)
    expect(shipped.length).toBeGreaterThanOrEqual(4)
    expect(new Set(shipped.map((m) => m.version)).size).toBe(shipped.length)
    expect(shipped[0]!.sql).toMatch(/CREATE EXTENSION IF NOT EXISTS postgis/i)
  })
})
