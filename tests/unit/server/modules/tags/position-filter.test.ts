import { describe, expect, it } from 'vitest'
import type { PositionSample } from '../../../../../server/contracts'
import { distanceM, PositionFilter } from '../../../../../server/modules/tags/position-filter'

const T0 = Date.UTC(2026, 10, 29, 0, 0, 0)
/** a sample `s` seconds after T0, `m` metres east of a point in the park */
const at = (s: number, m = 0, tag = 'A'): PositionSample => ({
  tag_id: tag,
  t: new Date(T0 + s * 1000).toISOString(),
  lon: 118.8 + m / (111_320 * Math.cos((32.2 * Math.PI) / 180)),
  lat: 32.2,
  speed_kmh: null,
  heading_deg: null,
  source: 'test',
})
const verdicts = (f: PositionFilter, samples: PositionSample[]) =>
  f.judge(samples).results.map((r) => r.verdict)

describe('position filter', () => {
  it('measures distance on the sphere (1 km east at 32.2°N)', () => {
    expect(distanceM(at(0, 0), at(0, 1000))).toBeCloseTo(1000, -1)
  })

  it('accepts a vehicle driving at 40 km/h and drops duplicates', () => {
    const f = new PositionFilter()
    expect(verdicts(f, [at(0, 0), at(1, 11), at(2, 22), at(2, 22)])).toEqual([
      'accepted',
      'accepted',
      'accepted',
      'duplicate',
    ])
  })

  it('drops zero and out-of-area fixes', () => {
    const f = new PositionFilter({ bounds: [118.7, 32.1, 118.9, 32.3] })
    expect(verdicts(f, [{ ...at(0), lon: 0, lat: 0 }, { ...at(1), lon: 120 }, at(2)])).toEqual([
      'invalid',
      'out_of_area',
      'accepted',
    ])
  })

  it('drops an impossible jump but not GNSS noise, and keeps going from the good fix', () => {
    const f = new PositionFilter()
    expect(verdicts(f, [at(0, 0), at(1, 120), at(2, 5000), at(3, 30)])).toEqual([
      'accepted',
      'accepted', // 120 m in 1 s is within the noise tolerance
      'jump', // 5 km in 1 s
      'accepted',
    ])
  })

  it('re-anchors after three consistent fixes far from a wrong last fix', () => {
    const f = new PositionFilter()
    expect(verdicts(f, [at(0, 0), at(1, 9000), at(2, 9010), at(3, 9020), at(4, 9030)])).toEqual([
      'accepted',
      'jump',
      'jump',
      'accepted',
      'accepted',
    ])
  })

  it('drops samples sooner than the minimum period', () => {
    const f = new PositionFilter({ minPeriodMs: 1000 })
    expect(verdicts(f, [at(0), at(0.4, 2), at(1, 4)])).toEqual(['accepted', 'too_frequent', 'accepted'])
  })

  it('takes a batch in time order, and marks a sample older than the newest accepted as late', () => {
    const f = new PositionFilter()
    expect(f.judge([at(2, 20), at(0, 0), at(1, 10)]).results.map((r) => [r.sample.t, r.verdict])).toEqual([
      [at(0).t, 'accepted'],
      [at(1).t, 'accepted'],
      [at(2).t, 'accepted'],
    ])
    expect(verdicts(f, [at(1.5, 15)])).toEqual(['late'])
    expect(verdicts(f, [at(1.5, 15)])).toEqual(['duplicate'])
  })

  it('keeps tags apart', () => {
    const f = new PositionFilter()
    expect(verdicts(f, [at(0, 0, 'A'), at(0, 5000, 'B'), at(1, 10, 'A'), at(1, 5010, 'B')])).toEqual([
      'accepted',
      'accepted',
      'accepted',
      'accepted',
    ])
  })

  it('rolls back a batch that could not be stored, so its redelivery is judged the same', () => {
    const f = new PositionFilter()
    f.judge([at(0)])
    const first = f.judge([at(1, 10), at(2, 20)])
    first.rollback()
    expect(verdicts(f, [at(1, 10), at(2, 20)])).toEqual(['accepted', 'accepted'])
    expect(f.counts.accepted).toBe(3)
  })
})
