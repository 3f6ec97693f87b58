// Broken parks for the validator rules on enterprise, building, tank and sensor attributes.
import { all, byId, find, shift, type BreakCase } from './break-park'

export const attributeCases: BreakCase[] = [
  [
    'tank-size',
    'a 60 m vertical tank',
    (d) => void (find(d, 'tanks', (t) => t.properties.tank_type === 'vertical').properties.diameter_m = 60),
  ],
  [
    'tank-size',
    'a horizontal tank without its axis',
    (d) => void delete byId(d, 'tanks', 'T-E01-01').properties.axis_deg,
  ],
  [
    'tank-capacity',
    'a capacity the geometry cannot hold',
    (d) =>
      void (byId(d, 'tanks', 'T-E08-01').properties.capacity_m3 =
        2 * Number(byId(d, 'tanks', 'T-E08-01').properties.capacity_m3)),
  ],
  [
    'tank-inventory',
    'more tonnes than the tank holds',
    (d) => {
      const t = byId(d, 'tanks', 'T-E08-01')
      t.properties.inventory_t = 2 * Number(t.properties.capacity_m3)
    },
  ],
  [
    'tank-chemical',
    'a wrong CAS number',
    (d) => void (byId(d, 'tanks', 'T-E08-01').properties.cas = '67-56-2'),
  ],
  [
    'tank-chemical',
    'liquid chlorine in a sphere',
    (d) => {
      const t = byId(d, 'tanks', 'T-E01-01')
      Object.assign(t.properties, { tank_type: 'spherical', diameter_m: 12, height_m: 12, capacity_m3: 905 })
      delete t.properties.axis_deg
    },
  ],
  [
    'dike-height',
    'a 3.5 m dike',
    (d) => void (byId(d, 'tankFarms', 'F-E02-1').properties.dike_height_m = 3.5),
  ],
  [
    'enterprise-props',
    'an unknown industry',
    (d) => void (byId(d, 'enterprises', 'E04').properties.industry = '炼金'),
  ],
  [
    'credit-code',
    'a wrong check character',
    (d) => {
      const p = byId(d, 'enterprises', 'E05').properties
      const code = String(p.credit_code)
      p.credit_code = code.slice(0, 17) + (code[17] === '0' ? '1' : '0')
    },
  ],
  [
    'credit-code',
    'two enterprises with one code',
    (d) =>
      void (byId(d, 'enterprises', 'E06').properties.credit_code = byId(
        d,
        'enterprises',
        'E07',
      ).properties.credit_code),
  ],
  [
    'process-industry',
    'a process outside the 18',
    (d) => void (byId(d, 'enterprises', 'E07').properties.processes = ['电镀']),
  ],
  [
    'process-industry',
    'phosgenation in a paint plant',
    (d) => void (byId(d, 'enterprises', 'E07').properties.processes = ['光气及光气化']),
  ],
  [
    'risk-mix',
    'every enterprise red',
    (d) => all(d, 'enterprises').forEach((f) => (f.properties.risk = 'red')),
  ],
  [
    'building-height',
    'an 80 m building',
    (d) => void (byId(d, 'buildings', 'B-E01-01').properties.height_m = 80),
  ],
  [
    'building-height',
    'a 2 m storey',
    (d) => Object.assign(byId(d, 'buildings', 'B-E01-01').properties, { height_m: 12, floors: 6 }),
  ],
  [
    'ref-integrity',
    'a tank in a farm that does not exist',
    (d) => void (byId(d, 'tanks', 'T-E02-05').properties.farm_id = 'F-E02-9'),
  ],
  [
    'ref-integrity',
    'a zone of an unknown enterprise',
    (d) => void (byId(d, 'zones', 'Z01').properties.enterprise_id = 'E99'),
  ],
  [
    'sensor-asset',
    'a gas detector on a building',
    (d) => void (byId(d, 'sensors', 'GD-E01-01').properties.asset_id = 'B-E01-01'),
  ],
  [
    'sensor-asset',
    'a gas detector 1 km from its tank',
    (d) => shift(byId(d, 'sensors', 'GD-E02-01'), 0.01, 0),
  ],
  [
    'sensor-asset',
    'a monitor of another enterprise',
    (d) => void (byId(d, 'sensors', 'MP-E01-1').properties.enterprise_id = 'E02'),
  ],
  [
    'sensor-measure',
    'a combustible reading on a chlorine tank',
    (d) =>
      Object.assign(byId(d, 'sensors', 'GD-E01-01').properties, { measure: 'combustible', unit: '%LEL' }),
  ],
  [
    'sensor-measure',
    'wastewater in ppm',
    (d) => void (byId(d, 'sensors', 'MP-E02-1').properties.unit = 'ppm'),
  ],
  ['monitor-mn', 'a short MN', (d) => void (byId(d, 'sensors', 'MP-E03-1').properties.mn = 'ABC123')],
  [
    'monitor-mn',
    'two monitors with one MN',
    (d) => void (byId(d, 'sensors', 'MP-E03-1').properties.mn = byId(d, 'sensors', 'MP-E02-1').properties.mn),
  ],
  [
    'facility-props',
    'a depot with no items',
    (d) => void (byId(d, 'facilities', 'D1').properties.items = []),
  ],
]
