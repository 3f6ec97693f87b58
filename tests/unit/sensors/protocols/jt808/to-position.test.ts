// A decoded 0x0200 becomes a PositionSample minus tag_id, or null when it is not a usable fix.
import { describe, expect, it } from 'vitest'
import { positionSample } from '../../../../../server/contracts/live'
import {
  decodeLocation,
  encodeLocation,
  toPositionSample,
  type LocationInput,
} from '../../../../../sensors/protocols/jt808'

const base: LocationInput = {
  lat: 31.2304,
  lon: 121.4737,
  time: '2024-03-01T08:00:00Z',
  speedKmh: 36.5,
  headingDeg: 90,
}
const loc = (patch: Partial<LocationInput> = {}) => decodeLocation(encodeLocation({ ...base, ...patch }))

describe('toPositionSample', () => {
  it('maps a fixed report and passes the contract once the platform adds tag_id', () => {
    const p = toPositionSample('13912345678', loc())
    expect(p).toEqual({
      terminal: '13912345678',
      sample: {
        t: '2024-03-01T08:00:00.000Z',
        lat: 31.2304,
        lon: 121.4737,
        speed_kmh: 36.5,
        heading_deg: 90,
        source: 'jt808',
      },
    })
    expect(positionSample.safeParse({ tag_id: 'veh-1', ...p!.sample }).success).toBe(true)
  })

  it.each([
    ['not fixed', loc({ status: 0 })],
    ['0/0 coordinates', loc({ lat: 0, lon: 0 })],
    ['latitude out of range', loc({ lat: 95 })],
    ['no valid time', { ...loc(), time: null }],
  ])('is null when %s', (_name, l) => {
    expect(toPositionSample('1', l)).toBeNull()
  })

  it('turns out-of-contract speed and heading into null', () => {
    const p = toPositionSample('1', loc({ speedKmh: 6553.5, headingDeg: 400 }), 'jt808-badge')
    expect(p?.sample).toMatchObject({ speed_kmh: null, heading_deg: null, source: 'jt808-badge' })
  })
})
