// The replay panel's CSV links: the loaded window, encoded ids, format=csv, full-resolution track.
import { describe, expect, it } from 'vitest'
import { tagCsvUrl, zoneVisitsCsvUrl } from '../../../../client/api/tracks.api'

const w = { from: '2026-11-27T02:00:00.000Z', to: '2026-11-27T03:00:00.000+08:00' }

describe('CSV export links', () => {
  it('points each tag report at the window with format=csv', () => {
    expect(tagCsvUrl('TV1', 'track', w)).toBe(
      '/api/v1/tags/TV1/track?from=2026-11-27T02%3A00%3A00.000Z&to=2026-11-27T03%3A00%3A00.000%2B08%3A00&format=csv',
    )
    expect(tagCsvUrl('TV1', 'trips', w)).toMatch(/^\/api\/v1\/tags\/TV1\/trips\?from=.*&format=csv$/)
    expect(tagCsvUrl('TV1', 'zones', w)).toMatch(/^\/api\/v1\/tags\/TV1\/zones\?from=.*&format=csv$/)
  })

  it('encodes ids', () => {
    expect(tagCsvUrl('苏F/1 ?', 'track', w)).toMatch(/^\/api\/v1\/tags\/%E8%8B%8FF%2F1%20%3F\/track\?/)
    expect(zoneVisitsCsvUrl('Z:1', w)).toMatch(/^\/api\/v1\/zones\/Z%3A1\/visits\?from=.*&format=csv$/)
  })
})
