// GB 18218-2018 identification and grading (pure): the standard's published example, hand-checked multi-chemical
// cases and band edges, the catalogue look-up (names, aliases, CAS shared by a regulated and an unregulated
// product), the catalogue against the domain notes, and the reminder conditions.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { casIsValid } from '../../../../../geodata/lib/chemicals'
import { defaultCatalogue } from '../../../../../server/modules/hazards/hazard-catalogue'
import {
  alphaFor,
  assess,
  checkOverdue,
  gradeFor,
  majorHazardConditions,
  nextCheckDue,
  resolveChemical,
  type CatalogueEntry,
} from '../../../../../server/modules/hazards/hazard-grading'

const cat: CatalogueEntry[] = defaultCatalogue
const chem = (q: string) => {
  const r = resolveChemical(cat, q)
  if (!r.ok) throw new Error(r.message)
  return r.chemical
}
const grade = (items: [string, number][], people: number) =>
  assess(
    items.map(([c, q_t]) => ({ chemical: chem(c), q_t, source: 'request' })),
    people,
  )

describe('GB 18218 grading', () => {
  it('reproduces the published example: SO2 200 t, 60 people → R = 30, 三级', () => {
    const a = grade([['二氧化硫', 200]], 60)
    expect(a).toMatchObject({ S: 10, alpha: 1.5, R: 30, grade: '三级', major: true })
    expect(a.items[0]).toMatchObject({ Q_t: 20, beta: 2, ratio: 10, weighted: 20 })
    // by CAS too
    expect(grade([['7446-09-5', 200]], 60).R).toBe(30)
  })

  it('sums several chemicals: chlorine 12 t + ammonia 30 t, 120 people', () => {
    // S = 12/5 + 30/10 = 5.4; Σβq/Q = 4·2.4 + 2·3 = 15.6; α 2.0 → R = 31.2
    const a = grade(
      [
        ['液氯', 12],
        ['液氨', 30],
      ],
      120,
    )
    expect(a.S).toBeCloseTo(5.4, 9)
    expect(a.R).toBeCloseTo(31.2, 9)
    expect(a.grade).toBe('三级')
  })

  it('grades flammable liquids by their class β: methanol 300 t + toluene 250 t, nobody exposed', () => {
    // S = 0.6 + 0.5 = 1.1; β 1 each; α 0.5 → R = 0.55 → 四级
    const a = grade(
      [
        ['甲醇', 300],
        ['Toluene', 250],
      ],
      0,
    )
    expect(a).toMatchObject({ S: 1.1, R: 0.55, alpha: 0.5, grade: '四级' })
    // gasoline is W5.1 (β 1.5): 1000 t → S 5, Σ 7.5, 30 people α 1.2 → R 9 → 四级
    expect(grade([['汽油', 1000]], 30)).toMatchObject({ S: 5, R: 9, grade: '四级' })
  })

  it('adds the same chemical held in several tanks', () => {
    const a = grade(
      [
        ['氯', 3],
        ['Chlorine', 3],
      ],
      10,
    )
    expect(a.S).toBeCloseTo(1.2, 9)
    expect(a.R).toBeCloseTo(4.8, 9)
  })

  it('is not a major hazard below S = 1 (grade null, R still reported)', () => {
    // 300/500 + 199/500 = 0.998
    const a = grade(
      [
        ['甲醇', 300],
        ['乙醇', 199],
      ],
      200,
    )
    expect(a.S).toBeCloseTo(0.998, 9)
    expect(a.major).toBe(false)
    expect(a.grade).toBeNull()
    expect(a.R).toBeCloseTo(1.996, 9)
  })

  it('puts band edges in the higher grade, free of floating-point noise', () => {
    // phosgene 1.5 t / 0.3 = 5 (1.5/0.3 is 5.000000000000001 in binary), β 20 → 100, α 1 → 一级
    expect(grade([['光气', 1.5]], 10)).toMatchObject({ R: 100, grade: '一级' })
    // HCN 2.5 t / 1 · β 10 = 25, α 2 → 50 → 二级
    expect(grade([['氰化氢', 2.5]], 100)).toMatchObject({ R: 50, grade: '二级' })
    // H2S 5 t: ratio 1, β 5, α 2 → 10 → 三级
    expect(grade([['硫化氢', 5]], 500)).toMatchObject({ S: 1, R: 10, grade: '三级' })
    expect(gradeFor(1, 9.999999)).toBe('四级')
    expect(gradeFor(0.9999999, 500)).toBeNull()
    // methanol 300 + ethanol 200: 0.6 + 0.4 is 1 only after rounding the binary sum
    expect(
      grade(
        [
          ['甲醇', 300],
          ['乙醇', 200],
        ],
        0,
      ).major,
    ).toBe(true)
  })

  it('takes α from the exposed people bands', () => {
    const cases: [number, number][] = [
      [0, 0.5],
      [1, 1],
      [29, 1],
      [30, 1.2],
      [49, 1.2],
      [50, 1.5],
      [99, 1.5],
      [100, 2],
      [5000, 2],
    ]
    for (const [n, a] of cases) expect([n, alphaFor(n)]).toEqual([n, a])
    expect(() => alphaFor(-1)).toThrow(RangeError)
  })

  it('counts substances that are not GB 18218 substances as 0 and refuses negative quantities', () => {
    const a = grade(
      [
        ['硫酸', 1000],
        ['二氧化硫', 20],
      ],
      0,
    )
    expect(a.S).toBe(1)
    expect(a.items[0]).toMatchObject({ Q_t: null, ratio: 0, basis: 'none' })
    expect(() => assess([{ chemical: chem('SO2'), q_t: -1, source: 'x' }], 0)).toThrow(RangeError)
    // an unknown tank product is listed with nothing counted
    const u = assess([{ chemical: null, label: '某溶剂', q_t: 50, source: 'T-1' }], 0)
    expect(u).toMatchObject({ S: 0, grade: null })
    expect(u.items[0]).toMatchObject({ chemical_id: null, name: '某溶剂' })
  })
})

describe('catalogue look-up', () => {
  it('finds by name, English name, alias and CAS, case- and width-insensitive', () => {
    expect(chem('液氯').id).toBe('MHC-CL2')
    expect(chem('  CHLORINE ').id).toBe('MHC-CL2')
    expect(chem('７７８２－５０－５').id).toBe('MHC-CL2')
    expect(chem('天然气').id).toBe('MHC-CH4')
  })

  it('keeps 31 % hydrochloric acid apart from anhydrous HCl that shares its CAS', () => {
    expect(chem('盐酸').id).toBe('MHC-HCLAQ')
    expect(chem('7647-01-0').id).toBe('MHC-HCL')
    expect(chem('氯化氢').id).toBe('MHC-HCL')
  })

  it('refuses unknown and ambiguous chemicals with a reason', () => {
    expect(resolveChemical(cat, 'unobtainium')).toMatchObject({ ok: false, reason: 'unknown' })
    expect(resolveChemical(cat, '1-1-1')).toMatchObject({ ok: false, reason: 'unknown' })
    // two ammonium nitrate grades share one CAS, both regulated: the name is needed
    const an = resolveChemical(cat, '6484-52-2')
    expect(an).toMatchObject({ ok: false, reason: 'ambiguous' })
    expect(!an.ok && an.message).toContain('give the name')
  })

  it('resolves every product stored in the demo park tanks', () => {
    const tanks = JSON.parse(readFileSync('geodata/park/tanks.geojson', 'utf8')) as {
      features: { id: string; properties: { chemical: string; cas: string } }[]
    }
    for (const t of tanks.features) {
      const r = resolveChemical(cat, t.properties.chemical)
      expect([t.id, r.ok && r.chemical.cas]).toEqual([t.id, t.properties.cas])
    }
  })
})

describe('default catalogue', () => {
  const byId = new Map(cat.map((c) => [c.id, c]))
  it('uses the domain notes’ critical quantities (no hydrogen/oxygen or methanol/formaldehyde swap)', () => {
    const q = (id: string) => byId.get(id)!.q_t
    expect(q('MHC-H2')).toBe(5)
    expect(q('MHC-O2')).toBe(200)
    expect(q('MHC-MEOH')).toBe(500)
    expect(q('MHC-HCHO')).toBe(5)
    expect(
      ['MHC-CL2', 'MHC-NH3', 'MHC-LPG', 'MHC-BENZ', 'MHC-TOL', 'MHC-GAS', 'MHC-COCL2', 'MHC-C2H2'].map(q),
    ).toEqual([5, 10, 50, 50, 500, 200, 0.3, 1])
  })

  it('uses the named β of the toxic gases', () => {
    const beta = (n: string) => chem(n).beta
    expect(
      [
        'CO',
        'SO2',
        'NH3',
        '环氧乙烷',
        'HCl',
        '溴甲烷',
        'Cl2',
        'H2S',
        'HF',
        'NO2',
        'HCN',
        '光气',
        '磷化氢',
        '异氰酸甲酯',
      ].map(beta),
    ).toEqual([2, 2, 2, 2, 3, 3, 4, 5, 5, 10, 10, 20, 20, 20])
  })

  it('has valid CAS numbers, unique ids, and marks every by-class row unconfirmed', () => {
    expect(new Set(cat.map((c) => c.id)).size).toBe(cat.length)
    for (const c of cat) {
      if (c.cas) expect([c.id, casIsValid(c.cas)]).toEqual([c.id, true])
      if (c.basis === 'class') expect([c.id, c.unconfirmed]).toEqual([c.id, true])
      expect([c.id, c.basis === 'none']).toEqual([c.id, c.q_t === null])
    }
  })
})

describe('包保 checks and reminders', () => {
  it('is due one interval after the last check, else after assignment; overdue the day after', () => {
    expect(nextCheckDue(null, '2026-01-01', 7)).toBe('2026-01-08')
    expect(nextCheckDue('2026-01-20', '2026-01-01', 30)).toBe('2026-02-19')
    expect(checkOverdue('2026-02-19', '2026-02-19')).toBe(false)
    expect(checkOverdue('2026-02-19', '2026-02-20')).toBe(true)
  })

  it('raises a grade change (high when worse), missing persons and overdue checks', () => {
    const people = [
      { role: 'principal' as const, person_name: '王建国', next_due: '2026-03-01' },
      { role: 'operational' as const, person_name: '李明华', next_due: '2026-02-01' },
    ]
    const c = majorHazardConditions(
      [
        {
          id: 'U1',
          enterprise_id: 'E01',
          name: '液氯罐区',
          grade: '二级',
          registered_grade: '三级',
          responsibles: people,
        },
        {
          id: 'U2',
          enterprise_id: 'E02',
          name: 'B',
          grade: '四级',
          registered_grade: '三级',
          responsibles: [],
        },
        {
          id: 'U3',
          enterprise_id: 'E03',
          name: 'C',
          grade: null,
          registered_grade: null,
          responsibles: people,
        },
      ],
      '2026-02-10',
    )
    expect(c.map((x) => [x.source_id, x.rule, x.priority])).toEqual([
      ['major_hazard:U1', 'major_hazard_grade_changed', 'high'],
      ['major_hazard:U1', 'major_hazard_responsible_missing', 'low'],
      ['major_hazard:U1', 'major_hazard_check_overdue_operational', 'high'],
      ['major_hazard:U2', 'major_hazard_grade_changed', 'low'],
      ['major_hazard:U2', 'major_hazard_responsible_missing', 'low'],
    ])
    expect(c[1]!.props.missing).toEqual(['technical'])
    expect(c[0]!.message).toContain('三级 → 二级')
  })
})
