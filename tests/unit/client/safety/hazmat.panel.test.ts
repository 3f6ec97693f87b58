import { describe, expect, it } from 'vitest'
import type { HazmatBooking } from '../../../../server/contracts/bookings'
import { hazmatRows } from '../../../../client/centers/safety/hazmat.panel'

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
})
