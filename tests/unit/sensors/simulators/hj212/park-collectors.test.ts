import { describe, expect, it } from 'vitest'
import { readPark } from '../../../../../geodata/read'
import { parkCollectors } from '../../../../../sensors/simulators/hj212/park-collectors'
import { collectorPassword } from '../../../../../sensors/simulators/hj212/password'

describe('simulated collectors of the demo park', () => {
  it('derives PW as migration 0005 does in SQL: left(md5(mn), 6)', () => {
    // value computed by PostgreSQL: SELECT left(md5('320682JHE01A001SN8484575'), 6)
    expect(collectorPassword('320682JHE01A001SN8484575')).toBe('9c491f')
  })

  it('has one collector per distinct monitor-point MN, with its measure', () => {
    const park = readPark()
    const mns = new Set(
      park.sensors.features.filter((f) => f.properties.kind === 'monitor_point').map((f) => f.properties.mn),
    )
    const collectors = parkCollectors(park)
    expect(collectors.map((c) => c.mn).sort()).toEqual([...mns].sort())
    expect(collectors.every((c) => c.pw === collectorPassword(c.mn))).toBe(true)
    expect(new Set(collectors.map((c) => c.measure))).toEqual(new Set(['wastewater', 'waste_gas']))
  })
})
