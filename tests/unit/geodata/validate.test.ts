// The validator on a clean park, on garbage, and the coverage of its rules by the break cases.
import { beforeAll, describe, expect, it } from 'vitest'
import { generatePark } from '../../../geodata/generate'
import type { ParkData } from '../../../geodata/types'
import { validatePark, validatorRules } from '../../../geodata/validate'
import { attributeCases } from './cases-attributes'
import { layoutCases } from './cases-layout'
import { networkCases } from './cases-network'

const cases = [...layoutCases, ...networkCases, ...attributeCases]

let park: ParkData
beforeAll(() => {
  park = generatePark(11)
})

describe('validatePark', () => {
  it('finds nothing wrong with a generated park', () => {
    expect(validatePark(park)).toEqual([])
  })

  it('has a break case for every rule, and only for rules it has', () => {
    expect([...new Set(cases.map(([rule]) => rule))].sort()).toEqual(Object.keys(validatorRules).sort())
  })

  it('keeps going when a layer is garbage', () => {
    const broken = structuredClone(park)
    ;(broken as unknown as Record<string, unknown>).roads = {
      type: 'FeatureCollection',
      features: [{ type: 'Feature', id: 'R001', properties: {}, geometry: null }],
    }
    const rules = validatePark(broken).map((i) => i.rule)
    expect(rules).toContain('geometry')
    expect(rules).toContain('counts')
  })
})
