import { describe, expect, it } from 'vitest'
import type { HazmatBooking } from '../../../../server/contracts/bookings'
import { hazmatRows, routeStatus } from '../../../../client/centers/safety/hazmat.panel'

const b = (plate: string, status: HazmatBooking['status']) => ({ plate, status }) as HazmatBooking

describe('hazmat vehicles panel', () => {
  it('lists vehicles in the park first, then expected ones, then the rest, by plate', () => {
    const rows = hazmatRows([
      b('苏B3', 'completed'),
      b('苏B2', 'approved'),
      b('苏B9', 'in_park'),
      b('苏B1', 'approved'),
      b('苏B5', 'requested'),
    ])
    expect(rows.map((r) => `${r.status}:${r.plate}`)).toEqual([
      'in_park:苏B9',
      'approved:苏B1',
      'approved:苏B2',
      'requested:苏B5',
      'completed:苏B3',
    ])
  })

  it("shows an in-park vehicle's route status from the route rule's standing alarms", () => {
    const inPark = { id: 'HB1', status: 'in_park' } as const
    expect(routeStatus(inPark, [])).toBe('on')
    expect(routeStatus(inPark, [{ rule: 'hazmat_off_route:HB1', state: 'unack' }])).toBe('off')
    expect(routeStatus(inPark, [{ rule: 'hazmat_off_route:HB1', state: 'shelved' }])).toBe('off')
    // back on the corridor, not yet acknowledged: on route again
    expect(routeStatus(inPark, [{ rule: 'hazmat_off_route:HB1', state: 'rtn_unack' }])).toBe('on')
    expect(routeStatus(inPark, [{ rule: 'hazmat_illegal_stop:HB1', state: 'ack' }])).toBe('stop')
    expect(routeStatus(inPark, [{ rule: 'hazmat_off_route:HB2', state: 'unack' }])).toBe('on')
    expect(
      routeStatus({ id: 'HB1', status: 'approved' }, [{ rule: 'hazmat_off_route:HB1', state: 'unack' }]),
    ).toBe(null)
  })
})
