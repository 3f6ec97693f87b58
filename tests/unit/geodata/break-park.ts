// Helpers for the validator tests: find features in a generated park and break them on purpose.
import { beforeAll, describe, expect, it } from 'vitest'
import { generatePark } from '../../../geodata/generate'
import type { ParkData } from '../../../geodata/types'
import { validatePark, validatorRules } from '../../../geodata/validate'
import type { Feature, Geometry, Position } from '../../../server/contracts/geo'

/** a rule, what is broken, and how */
export type BreakCase = [rule: string, why: string, breakIt: (d: ParkData) => void]

export type AnyFeature = Feature<Geometry, Record<string, unknown>>
export const all = (d: ParkData, layer: keyof ParkData): AnyFeature[] =>
  (d[layer] as unknown as { features: AnyFeature[] }).features
export const byId = (d: ParkData, layer: keyof ParkData, id: string): AnyFeature => {
  const f = all(d, layer).find((x) => x.id === id)
  if (!f) throw new Error(`${layer}/${id} not in the test park`)
  return f
}
export const find = (d: ParkData, layer: keyof ParkData, match: (f: AnyFeature) => boolean): AnyFeature => {
  const f = all(d, layer).find(match)
  if (!f) throw new Error(`no matching feature in ${layer}`)
  return f
}
export const ring = (f: AnyFeature) => (f.geometry as { coordinates: Position[][] }).coordinates[0]!
/** moves every coordinate of a geometry by the given degrees */
export function shift(f: AnyFeature, dLon: number, dLat: number): void {
  const move = (c: unknown): unknown =>
    typeof (c as number[])[0] === 'number'
      ? [(c as number[])[0]! + dLon, (c as number[])[1]! + dLat]
      : (c as unknown[]).map(move)
  const g = f.geometry as { coordinates: unknown }
  g.coordinates = move(g.coordinates)
}
/** scales a polygon about its first vertex, or about its vertex mean */
export function scaleRing(f: AnyFeature, k: number, about: 'first' | 'centre' = 'first'): void {
  const r = ring(f)
  const mean = (i: number) => r.reduce((s, p) => s + p[i]!, 0) / r.length
  const [x0, y0] = about === 'first' ? [r[0]![0]!, r[0]![1]!] : [mean(0), mean(1)]
  ;(f.geometry as { coordinates: Position[][] }).coordinates = [
    r.map(([x, y]) => [x0 + (x! - x0) * k, y0 + (y! - y0) * k]),
  ]
}
export const corridor = (d: ParkData) => find(d, 'zones', (z) => z.properties.shape === 'corridor')
export const node = (d: ParkData, id: string) =>
  byId(d, 'roadNodes', id).geometry.coordinates as [number, number]
export const coords = (f: AnyFeature) => f.geometry.coordinates as [number, number]

/** one test per case: a fresh copy of the park, broken as the case says, must make its rule fire */
export function describeBreakCases(title: string, cases: BreakCase[]): void {
  describe(title, () => {
    let park: ParkData
    beforeAll(() => {
      park = generatePark(11)
    })

    it.each(cases)('%s fires on %s', (rule, _why, breakIt) => {
      const broken = structuredClone(park)
      breakIt(broken)
      const rules = validatePark(broken).map((i) => i.rule)
      expect(rules).toContain(rule)
      // whatever else fires must be a documented rule too
      for (const r of rules) expect(Object.keys(validatorRules)).toContain(r)
    })
  })
}
