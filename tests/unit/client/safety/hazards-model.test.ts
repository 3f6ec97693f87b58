// The 重大危险源 screens' pure helpers: most severe first, counts by grade, the calculator's input checks, and what
// the twin layer outlines (major hazards only, most severe drawn last).
import { describe, expect, it } from 'vitest'
import type { MhGrade } from '../../../../server/contracts/hazards'
import {
  calcBody,
  gradeColour,
  gradeLabel,
  num,
  overlayOutlines,
  sortUnits,
  summarise,
} from '../../../../client/centers/safety/hazards/hazards-model'

const unit = (id: string, grade: MhGrade | null, R: number, overdue = 0, changed = false) => ({
  id,
  asset_id: `A-${id}`,
  name: id,
  name_en: null,
  assessment: { S: grade ? 2 : 0.5, R, alpha: 1, grade, major: grade !== null, exposed_people: 1, items: [] },
  overdue_checks: overdue,
  grade_changed: changed,
})

describe('major hazard model', () => {
  const units = [
    unit('c', '三级', 12),
    unit('x', null, 3),
    unit('a', '一级', 150, 2),
    unit('b', '三级', 40, 0, true),
    unit('d', '四级', 1, 1),
  ]

  it('sorts by grade, then R', () => {
    expect(sortUnits(units).map((u) => u.id)).toEqual(['a', 'b', 'c', 'd', 'x'])
  })

  it('counts by grade, overdue checks and grades to re-register', () => {
    expect(summarise(units)).toEqual({
      counts: { 一级: 1, 二级: 0, 三级: 2, 四级: 1 },
      major: 4,
      overdue: 3,
      changed: 1,
    })
  })

  it('labels and colours grades; formats numbers', () => {
    expect(gradeLabel('二级', 'zh-CN', '-')).toBe('二级')
    expect(gradeLabel('二级', 'en', '-')).toBe('Grade II')
    expect(gradeLabel(null, 'en', 'not major')).toBe('not major')
    expect(gradeColour('一级')).toBe('#ff3b30')
    expect(gradeColour(null)).toBe('#8aa0b8')
    expect([num(30), num(31.2), num(0.99849), num(1 / 3, 2)]).toEqual(['30', '31.2', '0.998', '0.33'])
  })

  it('checks the calculator input before sending', () => {
    expect(
      calcBody(
        [
          { chemical: ' SO2 ', q: '200' },
          { chemical: '', q: '' },
        ],
        '60',
      ),
    ).toEqual({
      ok: true,
      body: { items: [{ chemical: 'SO2', q_t: 200 }], exposed_people: 60 },
    })
    expect(calcBody([{ chemical: 'SO2', q: '-1' }], '60')).toMatchObject({ ok: false, field: 'items.0.q_t' })
    expect(calcBody([{ chemical: 'SO2', q: 'x' }], '60')).toMatchObject({ ok: false, field: 'items.0.q_t' })
    expect(calcBody([{ chemical: '', q: '3' }], '60')).toMatchObject({ ok: false, field: 'items.0.chemical' })
    expect(calcBody([], '60')).toMatchObject({ ok: false, field: 'items' })
    expect(calcBody([{ chemical: 'SO2', q: '1' }], '2.5')).toMatchObject({
      ok: false,
      field: 'exposed_people',
    })
    expect(calcBody([{ chemical: 'SO2', q: '1' }], '')).toMatchObject({ ok: false, field: 'exposed_people' })
  })

  it('outlines major hazards only, the most severe last (drawn on top)', () => {
    const o = overlayOutlines({ units })
    expect(o.map((x) => x.asset_id)).toEqual(['A-d', 'A-c', 'A-b', 'A-a'])
    expect(o[3]).toMatchObject({ grade: '一级', colour: '#ff3b30', label: '一级 R=150' })
    expect(overlayOutlines({ units: [] })).toEqual([])
  })
})
