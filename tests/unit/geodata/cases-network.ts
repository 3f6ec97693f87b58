// Broken parks for the validator rules on roads, gates, parking, muster points and zones.
import { all, byId, find, ring, shift, scaleRing, corridor, node, coords, type BreakCase } from './break-park'

export const networkCases: BreakCase[] = [
  [
    'road-node-match',
    'an edge that misses its node',
    (d) => {
      const c = byId(d, 'roads', 'R010').geometry.coordinates as [number, number][]
      c[c.length - 1] = [c[c.length - 1]![0] + 1e-6, c[c.length - 1]![1]]
    },
  ],
  [
    'road-node-match',
    'an edge to a node that does not exist',
    (d) => void (byId(d, 'roads', 'R011').properties.to_node = 'N999'),
  ],
  [
    'road-connected',
    'an island of road',
    (d) => {
      const r = byId(d, 'roads', 'R012')
      d.roadNodes.features.push({
        type: 'Feature',
        id: 'N990',
        properties: {},
        geometry: { type: 'Point', coordinates: node(d, String(r.properties.from_node)) },
      })
      r.properties.from_node = 'N990'
      const other = all(d, 'roads').filter(
        (e) =>
          e !== r &&
          (e.properties.from_node === r.properties.to_node || e.properties.to_node === r.properties.to_node),
      )
      for (const e of other) d.roads.features.splice(d.roads.features.indexOf(e as never), 1)
    },
  ],
  ['road-props', 'a 3 m road', (d) => void (byId(d, 'roads', 'R020').properties.width_m = 3)],
  [
    'road-props',
    'a hazmat road at 50 km/h',
    (d) =>
      void (find(d, 'roads', (r) => r.properties.road_class === 'hazmat').properties.speed_limit_kmh = 50),
  ],
  [
    'road-clearance',
    'a building on a road',
    (d) => {
      const [x, y] = node(d, 'N100')
      byId(d, 'buildings', 'B-E07-01').geometry.coordinates = [
        [
          [x - 2e-4, y - 2e-4],
          [x + 2e-4, y - 2e-4],
          [x + 2e-4, y + 2e-4],
          [x - 2e-4, y + 2e-4],
          [x - 2e-4, y - 2e-4],
        ],
      ]
    },
  ],
  [
    'road-through-parcel',
    'a road across a parcel',
    (d) => {
      const r = ring(byId(d, 'enterprises', 'E01'))
      const [a, b] = [r[0]!, r[4]!]
      d.roadNodes.features.push(
        {
          type: 'Feature',
          id: 'N991',
          properties: {},
          geometry: { type: 'Point', coordinates: [a[0]!, a[1]!] },
        },
        {
          type: 'Feature',
          id: 'N992',
          properties: {},
          geometry: { type: 'Point', coordinates: [b[0]!, b[1]!] },
        },
      )
      d.roads.features.push({
        type: 'Feature',
        id: 'R991',
        geometry: {
          type: 'LineString',
          coordinates: [
            [a[0]!, a[1]!],
            [b[0]!, b[1]!],
          ],
        },
        properties: { ...d.roads.features[0]!.properties, from_node: 'N991', to_node: 'N992' },
      })
    },
  ],
  [
    'on-road-graph',
    'a muster point on no node',
    (d) => void (byId(d, 'musterPoints', 'M3').properties.node_id = 'N000'),
  ],
  ['on-road-graph', 'a gate beside its node', (d) => shift(byId(d, 'gates', 'G3'), 1e-5, 0)],
  [
    'on-road-graph',
    'the parking lot far from its node',
    (d) => void (byId(d, 'parking', 'P1').properties.node_id = 'N100'),
  ],
  [
    'gate-classes',
    'two general gates and no unattended one',
    (d) => void (byId(d, 'gates', 'G3').properties.gate_class = 'general'),
  ],
  ['gate-on-boundary', 'a gate inside the park', (d) => shift(byId(d, 'gates', 'G2'), 0, -0.002)],
  [
    'enterprise-access',
    'a parcel far from every road',
    (d) => scaleRing(byId(d, 'enterprises', 'E15'), 0.4, 'centre'),
  ],
  [
    'parking-location',
    'a lot for 500 trucks',
    (d) => void (byId(d, 'parking', 'P1').properties.capacity = 500),
  ],
  [
    'muster-spread',
    'two muster points side by side',
    (d) => {
      const m2 = byId(d, 'musterPoints', 'M2')
      m2.geometry.coordinates = [...coords(byId(d, 'musterPoints', 'M1'))]
      m2.properties.node_id = byId(d, 'musterPoints', 'M1').properties.node_id
    },
  ],
  [
    'zone-shape',
    'a circle whose radius does not match',
    (d) => {
      const z = find(d, 'zones', (f) => f.properties.shape === 'circle')
      z.properties.radius_m = 2 * Number(z.properties.radius_m)
    },
  ],
  [
    'zone-shape',
    'a coarse circle',
    (d) => {
      const z = find(d, 'zones', (f) => f.properties.shape === 'circle')
      const r = ring(z)
      z.geometry.coordinates = [[...r.filter((_, i) => i % 4 === 0), r[0]!]]
    },
  ],
  [
    'zone-shape',
    'a speed zone without a limit',
    (d) => void delete find(d, 'zones', (f) => f.properties.zone_type === 'speed').properties.speed_limit_kmh,
  ],
  [
    'corridor-path',
    'a centreline that starts at the far end',
    (d) => void (corridor(d).properties.centerline as number[][]).reverse(),
  ],
  [
    'corridor-path',
    'a centreline off the roads',
    (d) => {
      const line = corridor(d).properties.centerline as number[][]
      line.splice(1, 0, [line[0]![0]! + 1e-4, line[0]![1]! + 1e-4])
    },
  ],
  [
    'corridor-speed',
    'a corridor road left as a trunk road',
    (d) => {
      const [a, b] = corridor(d).properties.centerline as number[][]
      const from = find(d, 'roadNodes', (n) => (n.geometry.coordinates as number[]).join() === a!.join()).id
      const to = find(d, 'roadNodes', (n) => (n.geometry.coordinates as number[]).join() === b!.join()).id
      const road = find(
        d,
        'roads',
        (r) => [r.properties.from_node, r.properties.to_node].sort().join() === [from, to].sort().join(),
      )
      Object.assign(road.properties, { road_class: 'trunk', speed_limit_kmh: 60 })
    },
  ],
]
