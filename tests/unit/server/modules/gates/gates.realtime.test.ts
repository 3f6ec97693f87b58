import { describe, expect, it } from 'vitest'
import type { GateEvent } from '../../../../../server/contracts/gates'
import { forEnterprise } from '../../../../../server/modules/gates/gates.realtime'

const e = (booking: GateEvent['booking']): GateEvent => ({
  id: '1',
  gate_id: 'E1-G2',
  gate_kind: 'enterprise',
  enterprise_id: 'E01',
  gate_name: '二道闸',
  plate: '苏E12345',
  lane: '1',
  direction: 'in',
  t: '2026-11-29T00:00:00Z',
  photo_ref: null,
  photo_url: null,
  source: 'http',
  received_at: '2026-11-29T00:00:00Z',
  hazmat: true,
  booking,
})

describe('gate events pushed to an enterprise', () => {
  it("keeps its own booking and drops another enterprise's", () => {
    const own = e({ id: 'HB1', status: 'approved', enterprise_id: 'E01' })
    expect(forEnterprise(own)).toBe(own)
    expect(forEnterprise(e({ id: 'HB2', status: 'approved', enterprise_id: 'E02' })).booking).toBeNull()
    expect(forEnterprise(e(null)).booking).toBeNull()
  })
})
