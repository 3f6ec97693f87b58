// The pure parts of the special-work UI: grouping by type, colours on the twin, park-local window texts, the
// datetime-local round trip in park time, the 15 m circle, analysis age/freshness, and the window-limit mirror.
import { describe, expect, it } from 'vitest'
import type { WorkPermit } from '../../../../server/contracts/permits'
import {
  analysisState,
  circleRing,
  groupByType,
  isoToLocal,
  localToIso,
  parseMeasures,
  permitColour,
  permitHex,
  windowHours,
  windowText,
  windowTooLong,
} from '../../../../client/centers/safety/permits/permit-model'

const p = (over: Partial<WorkPermit>) =>
  ({
    work_type: 'hot_work',
    status: 'in_work',
    grade: 'second',
    flags: [],
    window_from: '2026-11-28T00:00:00.000Z',
    ...over,
  }) as WorkPermit

describe('permit model', () => {
  it('groups active permits by type in the standard order, in work first, then by start', () => {
    const groups = groupByType([
      p({ work_type: 'height', status: 'in_work', window_from: '2026-11-28T02:00:00.000Z' }),
      p({ work_type: 'hot_work', status: 'approved', window_from: '2026-11-28T00:00:00.000Z' }),
      p({ work_type: 'hot_work', status: 'in_work', window_from: '2026-11-28T03:00:00.000Z' }),
      p({ work_type: 'hot_work', status: 'in_work', window_from: '2026-11-28T01:00:00.000Z' }),
    ])
    expect(groups.map((g) => g.type)).toEqual(['hot_work', 'height'])
    expect(groups[0]!.permits.map((x) => `${x.status}@${x.window_from.slice(11, 13)}`)).toEqual([
      'in_work@01',
      'in_work@03',
      'approved@00',
    ])
  })

  it('colours hot work orange (二级) or red (特级/一级), flagged permits red, others blue or grey', () => {
    expect(permitColour(p({ grade: 'second' }))).toBe(permitHex.orange)
    expect(permitColour(p({ grade: 'first' }))).toBe(permitHex.red)
    expect(permitColour(p({ grade: 'special' }))).toBe(permitHex.red)
    expect(permitColour(p({ work_type: 'height', grade: 'third' }))).toBe(permitHex.blue)
    expect(permitColour(p({ work_type: 'lifting', grade: null, status: 'approved' }))).toBe(permitHex.grey)
    expect(permitColour(p({ work_type: 'lifting', grade: null, flags: ['expired_open'] }))).toBe(
      permitHex.red,
    )
  })

  it('writes windows in park local time (UTC+8) and measures them in hours', () => {
    expect(windowText('2026-11-28T00:00:00.000Z', '2026-11-28T08:00:00.000Z')).toBe('11-28 08:00 – 16:00')
    expect(windowText('2026-11-28T12:00:00.000Z', '2026-11-29T02:30:00.000Z')).toBe(
      '11-28 20:00 – 11-29 10:30',
    )
    expect(windowHours('2026-11-28T00:00:00.000Z', '2026-11-28T10:30:00.000Z')).toBe(10.5)
  })

  it('reads datetime-local inputs as park time and writes them back', () => {
    expect(localToIso('2026-11-28T09:00')).toBe('2026-11-28T01:00:00.000Z')
    expect(localToIso('2026-11-28')).toBeNull()
    expect(localToIso('2026-02-30T09:00')).toBeNull()
    expect(isoToLocal(Date.parse('2026-11-28T01:00:00.000Z'))).toBe('2026-11-28T09:00')
  })

  it('draws a closed 15 m circle: every point 15 m from the centre', () => {
    const ring = circleRing(120.94, 31.94, 15, 36)
    expect(ring).toHaveLength(37)
    expect(ring[0]).toEqual(ring[36])
    const metres = ([lon, lat]: [number, number]) => {
      const dy = ((lat - 31.94) * Math.PI * 6_371_008.8) / 180
      const dx = ((lon - 120.94) * Math.PI * 6_371_008.8 * Math.cos((31.94 * Math.PI) / 180)) / 180
      return Math.hypot(dx, dy)
    }
    for (const pt of ring) expect(metres(pt)).toBeCloseTo(15, 1)
  })

  it('marks an analysis older than the allowed age, and mirrors the window limit', () => {
    expect(analysisState({ age_min: 12.4, passed: true }, 30)).toEqual({
      fresh: true,
      passed: true,
      ageMin: 12,
    })
    expect(analysisState({ age_min: 31, passed: true }, 30).fresh).toBe(false)
    expect(analysisState({ age_min: 45, passed: false }, 60)).toEqual({
      fresh: true,
      passed: false,
      ageMin: 45,
    })
    expect(windowTooLong(8, 8)).toBe(false)
    expect(windowTooLong(8.1, 8)).toBe(true)
  })

  it('reads safety measures as "measure｜confirmed by" lines', () => {
    expect(parseMeasures('清除可燃物｜王工\n配备灭火器 | 赵四\n无确认人')).toEqual([
      { measure: '清除可燃物', confirmed_by: '王工' },
      { measure: '配备灭火器', confirmed_by: '赵四' },
    ])
  })
})
