// Broken parks for the validator rules on geometry, ids, counts, the boundary and where things stand.
import { byId, ring, shift, scaleRing, coords, type BreakCase, type AnyFeature } from './break-park'

export const layoutCases: BreakCase[] = [
  ['geometry', 'an unclosed ring', (d) => void ring(byId(d, 'buildings', 'B-E01-01')).pop()],
  [
    'geometry',
    'a bow-tie ring',
    (d) => {
      const r = ring(byId(d, 'enterprises', 'E03'))
      ;[r[1], r[2]] = [r[2]!, r[1]!]
    },
  ],
  ['geometry', 'a clockwise ring', (d) => void ring(byId(d, 'tankFarms', 'F-E01-1')).reverse()],
  [
    'geometry',
    'a non-finite coordinate',
    (d) => void (byId(d, 'facilities', 'H001').geometry.coordinates = [NaN, 31.9]),
  ],
  [
    'feature-id',
    'a missing Feature.id',
    (d) => void ((byId(d, 'facilities', 'H002') as { id?: string }).id = undefined),
  ],
  ['feature-id', 'the id repeated in properties', (d) => void (byId(d, 'gates', 'G1').properties.id = 'G1')],
  [
    'feature-id',
    'an id of the wrong enterprise',
    (d) => void (byId(d, 'buildings', 'B-E02-01').id = 'B-E03-99'),
  ],
  ['id-unique', 'one id on two features', (d) => void (byId(d, 'sensors', 'GD-E01-02').id = 'GD-E01-01')],
  ['id-unique', 'an id shared across layers', (d) => void (byId(d, 'musterPoints', 'M1').id = 'G1')],
  ['counts', 'too few buildings', (d) => void d.buildings.features.splice(100)],
  [
    'counts',
    'a second fire station',
    (d) => void d.facilities.features.push({ ...d.facilities.features[0]!, id: 'FS2' }),
  ],
  ['boundary-area', 'a boundary grown to 1.3×', (d) => scaleRing(d.boundary as unknown as AnyFeature, 1.3)],
  [
    'boundary-shape',
    'a plain rectangle',
    (d) => {
      const r = ring(d.boundary as unknown as AnyFeature)
      const xs = r.map((p) => p[0]!)
      const ys = r.map((p) => p[1]!)
      const [w, s, e, n] = [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)]
      d.boundary.geometry.coordinates = [
        [
          [w, s],
          [e, s],
          [e, n],
          [w, n],
          [w, s],
        ],
      ]
    },
  ],
  [
    'boundary-location',
    'the park moved 30 km east',
    (d) => shift(d.boundary as unknown as AnyFeature, 0.3, 0),
  ],
  ['inside-boundary', 'a hydrant outside the park', (d) => shift(byId(d, 'facilities', 'H003'), 0.05, 0)],
  ['inside-boundary', 'a zone reaching past the fence', (d) => scaleRing(byId(d, 'zones', 'Z01'), 40)],
  [
    'parcel-overlap',
    'two parcels on the same land',
    (d) =>
      void (byId(d, 'enterprises', 'E02').geometry = structuredClone(byId(d, 'enterprises', 'E01').geometry)),
  ],
  [
    'parcel-overlap',
    'the parking lot on a parcel',
    (d) => void (byId(d, 'parking', 'P1').geometry = structuredClone(byId(d, 'enterprises', 'E24').geometry)),
  ],
  [
    'building-in-parcel',
    'a building moved 1 km away',
    (d) => shift(byId(d, 'buildings', 'B-E05-01'), 0.01, 0),
  ],
  ['farm-in-parcel', 'a tank farm moved 1 km away', (d) => shift(byId(d, 'tankFarms', 'F-E08-1'), 0, 0.01)],
  [
    'building-overlap',
    'two buildings on one footprint',
    (d) =>
      void (byId(d, 'buildings', 'B-E06-02').geometry = structuredClone(
        byId(d, 'buildings', 'B-E06-01').geometry,
      )),
  ],
  [
    'building-overlap',
    'a building inside a tank farm',
    (d) =>
      void (byId(d, 'buildings', 'B-E02-03').geometry = structuredClone(
        byId(d, 'tankFarms', 'F-E02-1').geometry,
      )),
  ],
  [
    'farm-overlap',
    'two tank farms on one dike',
    (d) =>
      void (byId(d, 'tankFarms', 'F-E02-2').geometry = structuredClone(
        byId(d, 'tankFarms', 'F-E02-1').geometry,
      )),
  ],
  [
    'tank-in-farm',
    'a tank on the dike wall',
    (d) =>
      void (byId(d, 'tanks', 'T-E02-01').geometry.coordinates = ring(byId(d, 'tankFarms', 'F-E02-1'))[0]!),
  ],
  [
    'tank-overlap',
    'two tanks on one spot',
    (d) =>
      void (byId(d, 'tanks', 'T-E02-02').geometry.coordinates = [...coords(byId(d, 'tanks', 'T-E02-01'))]),
  ],
]
