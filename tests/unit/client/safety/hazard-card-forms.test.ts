// The major-hazard card's forms: who may write a unit, the typed values as request bodies (or the first problem
// with the field the server would name), the tanks whose inventory a tank farm's form offers, the before → after
// line of a regrading, and which form row a server refusal belongs to.
import { describe, expect, it } from 'vitest'
import type { MhItemResult } from '../../../../server/contracts/hazards'
import {
  canWriteUnit,
  changeLine,
  checkBody,
  itemsBody,
  personFields,
  registerBody,
  responsiblesBody,
  tankInventories,
  tonnesOf,
} from '../../../../client/centers/safety/hazards/card-model'
import { matchField } from '../../../../client/centers/safety/hazards/field-errors'

const item = (source: string, name: string, q_t: number): MhItemResult => ({
  chemical_id: name === '未知' ? null : `C-${name}`,
  name,
  name_en: null,
  cas: null,
  q_t,
  Q_t: 5,
  beta: 4,
  ratio: q_t / 5,
  weighted: (4 * q_t) / 5,
  basis: 'named',
  unconfirmed: false,
  source,
})

describe('major hazard card forms', () => {
  it('lets the park admin and the unit’s own enterprise write; operators, the screen and others read', () => {
    const unit = { enterprise_id: 'E01' }
    expect(canWriteUnit({ role: 'park_admin', enterprise_id: null }, unit)).toBe(true)
    expect(canWriteUnit({ role: 'enterprise_user', enterprise_id: 'E01' }, unit)).toBe(true)
    expect(canWriteUnit({ role: 'enterprise_user', enterprise_id: 'E02' }, unit)).toBe(false)
    expect(canWriteUnit({ role: 'operator', enterprise_id: null }, unit)).toBe(false)
    expect(canWriteUnit({ role: 'screen', enterprise_id: null }, unit)).toBe(false)
    expect(canWriteUnit(null, unit)).toBe(false)
  })

  it('offers the tanks of a tank farm by id with their quantities, none for other units', () => {
    const assessment = {
      S: 4,
      R: 16,
      alpha: 1,
      grade: '三级' as const,
      major: true,
      exposed_people: 10,
      items: [item('T-E01-02', '液氨', 8), item('T-E01-01', '氯', 12), item('T-E01-03', '未知', 3)],
    }
    expect(tankInventories({ asset_kind: 'tank_farm', assessment })).toEqual([
      { tank_id: 'T-E01-01', chemical: '氯', q_t: 12 },
      { tank_id: 'T-E01-02', chemical: '液氨', q_t: 8 },
      { tank_id: 'T-E01-03', chemical: '未知', q_t: 3 },
    ])
    expect(
      tankInventories({
        asset_kind: 'building',
        assessment: { ...assessment, items: [item('unit', '氯', 2)] },
      }),
    ).toEqual([])
  })

  it('sends a negative quantity on (the server refuses it) but not an empty or non-numeric one', () => {
    expect(tonnesOf(' -5 ', 'inventory_t')).toEqual({ ok: true, body: -5 })
    expect(tonnesOf('12.5', 'inventory_t')).toEqual({ ok: true, body: 12.5 })
    expect(tonnesOf('', 'inventory_t')).toMatchObject({ ok: false, field: 'inventory_t' })
    expect(tonnesOf('abc', 'items.2.q_t')).toMatchObject({ ok: false, field: 'items.2.q_t' })
  })

  it('builds the three 包保 persons, defaulting empty intervals per role and naming a bad one', () => {
    const v = personFields({
      responsibles: [
        {
          role: 'principal',
          person_name: '王总',
          position: '总经理',
          phone: null,
          interval_days: 90,
          assigned_on: '2026-01-01',
          last_check_on: null,
          next_due: '2026-04-01',
          overdue: false,
        },
      ],
    })
    expect(v.principal).toEqual({ person_name: '王总', position: '总经理', phone: '', interval_days: '90' })
    expect(v.technical.interval_days).toBe('30')
    expect(v.operational.interval_days).toBe('7')
    v.technical = { person_name: ' 李工 ', position: '', phone: '0512-1234567', interval_days: '' }
    v.operational = { person_name: '张班长', position: '班长', phone: '', interval_days: '14' }
    expect(responsiblesBody(v)).toEqual({
      ok: true,
      body: {
        principal: { person_name: '王总', position: '总经理', phone: null, interval_days: 90 },
        technical: { person_name: '李工', position: null, phone: '0512-1234567', interval_days: 30 },
        operational: { person_name: '张班长', position: '班长', phone: null, interval_days: 14 },
      },
    })
    v.operational.interval_days = '7.5'
    expect(responsiblesBody(v)).toMatchObject({ ok: false, field: 'operational.interval_days' })
  })

  it('builds a check (checked_by left out when empty) and a registration', () => {
    expect(
      checkBody({
        role: 'technical',
        checked_on: '2026-03-02',
        checked_by: ' ',
        findings: ' 液位计正常 ',
        issues_found: false,
      }),
    ).toEqual({
      ok: true,
      body: { role: 'technical', checked_on: '2026-03-02', findings: '液位计正常', issues_found: false },
    })
    expect(
      checkBody({ role: 'boss', checked_on: '', checked_by: '', findings: '', issues_found: false }),
    ).toMatchObject({ ok: false, field: 'role' })
    expect(registerBody({ record_no: ' 苏危备-001 ', registered_on: '' })).toEqual({
      record_no: '苏危备-001',
    })
  })

  it('builds a unit inventory, skipping empty rows and naming the row of a bad quantity', () => {
    expect(
      itemsBody([
        { chemical: '甲醇', q: '300' },
        { chemical: '', q: '' },
        { chemical: '7782-50-5', q: '2' },
      ]),
    ).toEqual({
      ok: true,
      body: {
        items: [
          { chemical: '甲醇', q_t: 300 },
          { chemical: '7782-50-5', q_t: 2 },
        ],
      },
    })
    expect(itemsBody([{ chemical: '甲醇', q: 'x' }])).toMatchObject({ ok: false, field: 'items.0.q_t' })
  })

  it('says how S, R and the grade moved', () => {
    expect(changeLine({ S: 10, R: 30, grade: '三级' }, { S: 20, R: 60, grade: '二级' })).toBe(
      'S 10 → 20 · R 30 → 60 · 三级 → 二级',
    )
    expect(changeLine({ S: 1.2346, R: 9.87654, grade: '四级' }, { S: 0.5, R: 4, grade: null })).toBe(
      'S 1.235 → 0.5 · R 9.877 → 4 · 四级 → —',
    )
  })

  it('puts a server refusal next to the row it names: exactly, else the longest prefix, else nowhere', () => {
    const keys = ['inventory_t', 'principal.person_name', 'items.1.q_t', 'items', 'asset_ids']
    expect(matchField('inventory_t', keys)).toBe('inventory_t')
    expect(matchField('principal.person_name', keys)).toBe('principal.person_name')
    expect(matchField('items.1.q_t', keys)).toBe('items.1.q_t')
    expect(matchField('items.3.chemical', keys)).toBe('items')
    expect(matchField('asset_ids.0', keys)).toBe('asset_ids')
    expect(matchField('lon', keys)).toBeNull()
    expect(matchField(undefined, keys)).toBeNull()
    expect(matchField('inventory', keys)).toBeNull()
  })
})
