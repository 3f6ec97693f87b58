import { describe, expect, it } from 'vitest'
import { buildDirectory, searchDirectory } from '../../../../../client/centers/management/directory'
import { parkFixture } from '../../park-data.fixture'

describe('park directory', () => {
  const entries = buildDirectory(parkFixture())

  it('lists enterprises and every asset', () => {
    expect(entries.map((e) => e.selection.id)).toEqual(['E01', 'T-E01-01', 'B-E01-01', 'MP-E01-1'])
    expect(entries[0]?.selection.type).toBe('enterprise')
  })

  it.each([
    ['', 'all', 4],
    ['氯', 'all', 2], // the enterprise and the chlorine tank
    ['7782-50-5', 'all', 1],
    ['chlorine tank', 'all', 1],
    ['e01', 'tank', 1],
    ['', 'building', 1],
    ['nothing-like-this', 'all', 0],
  ] as const)('%j in %s → %d', (query, kind, n) => {
    expect(searchDirectory(entries, query, kind)).toHaveLength(n)
  })
})
