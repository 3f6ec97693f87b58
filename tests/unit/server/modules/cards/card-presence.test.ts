import { describe, expect, it } from 'vitest'
import type { PositionSample } from '../../../../../server/contracts/live'
import { CardPresenceRule, type PresenceWatch } from '../../../../../server/modules/cards/card-presence'
import { toWatches } from '../../../../../server/modules/cards/card-presence.rule'
import type { AlarmAction } from '../../../../../server/modules/zones/zone-rules'
import { at, rect, zone } from '../zones/fixtures'

const t0 = Date.parse('2026-11-27T02:00:00Z')
const min = 60_000
// the park: 2 km × 2 km around the fixtures' origin
const park = zone('park', {}, [rect(-1000, -1000, 1000, 1000)])

const cardWatch = (over: Partial<PresenceWatch> = {}): PresenceWatch => ({
  tagId: 'CARD-0001',
  label: '访客·张三',
  enterpriseId: 'E01',
  device: 'card',
  since: t0,
  card: { issueId: '7', holder: 'visitor', validTo: t0 + 60 * min, plate: null },
  booking: null,
  exitedAt: null,
  ...over,
})
const truckWatch = (over: Partial<PresenceWatch> = {}): PresenceWatch => ({
  tagId: 'T808',
  label: '苏F12345',
  enterpriseId: 'E03',
  device: 'terminal',
  since: t0,
  card: null,
  booking: { id: 'HB1', plate: '苏F12345', validTo: t0 + 60 * min },
  exitedAt: null,
  ...over,
})

function harness(watches: PresenceWatch[]) {
  let now = t0
  const rule = new CardPresenceRule({ clock: () => now })
  rule.setBoundary(park)
  rule.setWatches(watches)
  const sample = (tag: string, eastM: number, deviceT = now): PositionSample => {
    const [lon, lat] = at(eastM, 0)
    return {
      tag_id: tag,
      t: new Date(deviceT).toISOString(),
      lon,
      lat,
      speed_kmh: 3,
      heading_deg: null,
      source: 't',
    }
  }
  return {
    rule,
    at: (ms: number) => (now = t0 + ms),
    report: (tag: string, eastM = 0, deviceT?: number) => rule.process(sample(tag, eastM, deviceT)),
    tick: () => rule.tick(now),
  }
}
const overdue = (acts: AlarmAction[]) =>
  acts.filter((a) => (a.type === 'raise' ? a.input.rule : a.rule) === 'overdue_exit')
const brief = (acts: AlarmAction[]) =>
  acts.map((a) =>
    a.type === 'raise'
      ? ['raise', a.input.source_id, a.input.rule, a.input.t - t0, a.input.priority]
      : ['rtn', a.sourceId, a.rule, a.t - t0],
  )

describe('card presence: silence', () => {
  it('raises tag_silent once after 5 min without a position and returns it on the next one', () => {
    const h = harness([cardWatch()])
    h.at(10_000)
    expect(h.report('CARD-0001')).toEqual([])
    h.at(10_000 + 5 * min - 1)
    expect(h.tick()).toEqual([])
    h.at(10_000 + 6 * min)
    const raised = h.tick()
    expect(brief(raised)).toEqual([['raise', 'CARD-0001', 'tag_silent', 10_000 + 5 * min, 'low']])
    expect(raised[0]).toMatchObject({
      input: {
        source_type: 'tag',
        limit: 300,
        enterprise_id: 'E01',
        props: { device: 'card', issue_id: '7' },
      },
    })
    h.at(10_000 + 7 * min)
    expect(h.tick()).toEqual([])
    h.at(10_000 + 8 * min)
    expect(brief(h.report('CARD-0001'))).toEqual([['rtn', 'CARD-0001', 'tag_silent', 10_000 + 8 * min]])
    expect(h.report('CARD-0001')).toEqual([])
  })

  it('watches a JT/T 808 terminal for 3 min, a hazmat truck at high priority', () => {
    const h = harness([truckWatch()])
    h.at(1_000)
    h.report('T808')
    h.at(1_000 + 3 * min)
    expect(brief(h.tick())).toEqual([['raise', 'T808', 'tag_silent', 1_000 + 3 * min, 'high']])
  })

  it('does not flood: a tag never heard since its watch began is not armed', () => {
    const h = harness([cardWatch({ since: t0 + min })])
    h.report('CARD-0001') // before the card was issued (on the shelf)
    h.at(60 * min)
    expect(h.tick()).toEqual([])
    // armed at start (reported within the last day): the timeout counts from the start
    const r = new CardPresenceRule({ clock: () => t0 })
    r.setWatches([cardWatch()])
    r.seedPosition('CARD-0001', { t: t0 + 1, at: t0 + 1, lon: at(0, 0)[0], lat: at(0, 0)[1] }, t0 + 30 * min)
    expect(r.tick(t0 + 34 * min)).toEqual([])
    expect(brief(r.tick(t0 + 35 * min))).toEqual([['raise', 'CARD-0001', 'tag_silent', 35 * min, 'low']])
  })

  it('returns the alarm when the card is returned or the vehicle left through a gate, and raises no more', () => {
    const h = harness([cardWatch(), truckWatch()])
    h.report('CARD-0001')
    h.report('T808')
    h.at(10 * min)
    expect(h.tick()).toHaveLength(2)
    h.rule.setWatches([truckWatch({ exitedAt: t0 + 9 * min })]) // card returned; truck seen leaving
    h.at(11 * min)
    expect(brief(h.tick()).sort()).toEqual([
      ['rtn', 'CARD-0001', 'tag_silent', 11 * min],
      ['rtn', 'T808', 'tag_silent', 11 * min],
    ])
    h.at(30 * min)
    expect(h.tick()).toEqual([])
  })

  it('after a restart an open alarm is not raised again; the next position returns it', () => {
    const r = new CardPresenceRule({ clock: () => t0 + 20 * min })
    r.setWatches([cardWatch()])
    r.seedOpen('CARD-0001', 'tag_silent', t0 + 5 * min)
    r.seedPosition('CARD-0001', { t: t0, at: t0, lon: at(0, 0)[0], lat: at(0, 0)[1] }, t0 + 20 * min)
    expect(r.tick(t0 + 40 * min)).toEqual([])
    const [lon, lat] = at(0, 0)
    const back = r.process({
      tag_id: 'CARD-0001',
      t: new Date(t0 + 20 * min).toISOString(),
      lon,
      lat,
      speed_kmh: 0,
      heading_deg: null,
      source: 't',
    })
    expect(brief(back)).toEqual([['rtn', 'CARD-0001', 'tag_silent', 20 * min]])
  })
})

describe('card presence: overdue exit', () => {
  it('raises overdue_exit when the card validity ends while it is still in the park, rtn when it leaves', () => {
    const h = harness([cardWatch()])
    h.at(50 * min)
    h.report('CARD-0001', 200)
    h.at(60 * min - 1)
    expect(overdue(h.tick())).toEqual([])
    h.at(60 * min)
    const raised = overdue(h.tick())
    expect(brief(raised)).toEqual([['raise', 'CARD-0001', 'overdue_exit', 60 * min, 'high']])
    expect(raised[0]).toMatchObject({
      input: { props: { reasons: ['card'], issue_id: '7', holder_type: 'visitor' }, enterprise_id: 'E01' },
    })
    h.at(61 * min)
    expect(overdue(h.report('CARD-0001', 300))).toEqual([])
    // out of the park boundary: back to normal at the sample's time
    h.at(62 * min)
    expect(brief(overdue(h.report('CARD-0001', 1500)))).toEqual([
      ['rtn', 'CARD-0001', 'overdue_exit', 62 * min],
    ])
    expect(overdue(h.tick())).toEqual([])
    // back in (still not returned): a new condition, from the time it came back
    h.at(70 * min)
    expect(brief(overdue(h.report('CARD-0001', 900)))).toEqual([
      ['raise', 'CARD-0001', 'overdue_exit', 70 * min, 'high'],
    ])
    // the card desk books it back
    h.rule.setWatches([])
    h.at(71 * min)
    expect(brief(overdue(h.tick()))).toEqual([['rtn', 'CARD-0001', 'overdue_exit', 71 * min]])
  })

  it('raises nothing for a card that never reported since it was issued, or whose vehicle left by the gate', () => {
    const h = harness([
      cardWatch(),
      cardWatch({
        tagId: 'CARD-0002',
        card: { issueId: '8', holder: 'vehicle', validTo: t0 + 60 * min, plate: '苏F00001' },
      }),
    ])
    h.report('CARD-0001', 0, t0 - min) // device time before issue is fine; received before issue is not
    h.at(0)
    h.rule.setWatches([
      cardWatch({ since: t0 + 1 }),
      cardWatch({
        tagId: 'CARD-0002',
        card: { issueId: '8', holder: 'vehicle', validTo: t0 + 60 * min, plate: '苏F00001' },
        exitedAt: t0 + 30 * min,
      }),
    ])
    h.at(10 * min)
    h.report('CARD-0002', 100)
    h.at(2 * 60 * min)
    expect(h.tick().filter((a) => a.type === 'raise' && a.input.rule === 'overdue_exit')).toEqual([])
  })

  it('raises for a hazmat truck still in the park after its booking day, returned when its plate leaves', () => {
    const h = harness([truckWatch()])
    h.at(30 * min)
    h.report('T808', 100)
    h.at(60 * min - 1)
    expect(overdue(h.tick())).toEqual([])
    h.at(61 * min)
    // a position after the day ended: raised at once, from the deadline
    const acts = overdue(h.report('T808', 120))
    expect(brief(acts)).toEqual([['raise', 'T808', 'overdue_exit', 60 * min, 'high']])
    expect(acts[0]).toMatchObject({ input: { props: { reasons: ['booking'], booking_id: 'HB1' } } })
    h.rule.setWatches([truckWatch({ exitedAt: t0 + 62 * min })])
    h.at(63 * min)
    expect(brief(overdue(h.tick()))).toEqual([['rtn', 'T808', 'overdue_exit', 63 * min]])
  })

  it('after a restart: an open overdue alarm is kept while the condition holds', () => {
    const r = new CardPresenceRule({ clock: () => t0 + 90 * min })
    r.setBoundary(park)
    r.setWatches([cardWatch()])
    r.seedOpen('CARD-0001', 'overdue_exit', t0 + 60 * min)
    const [lon, lat] = at(0, 0)
    r.seedPosition('CARD-0001', { t: t0 + 50 * min, at: t0 + 50 * min, lon, lat }, t0 + 90 * min)
    expect(r.tick(t0 + 90 * min)).toEqual([])
  })

  it('puts a failed batch back', () => {
    const h = harness([cardWatch()])
    h.report('CARD-0001', 0)
    h.at(61 * min)
    const restore = h.rule.snapshot(new Set(['CARD-0001']))
    const first = h.report('CARD-0001', 10)
    restore()
    expect(h.report('CARD-0001', 10)).toEqual(first)
    expect(first).toHaveLength(1)
  })
})

describe('card presence watches', () => {
  const d = (ms: number) => new Date(t0 + ms)
  it('watches a card and a booking on the same tag once, a terminal as a terminal, and sees gate exits', () => {
    const watches = toWatches(
      [
        {
          tag_id: 'CARD-0009',
          label: '苏F00009（危）',
          enterprise_id: null,
          issue_id: '9',
          holder_type: 'hazmat_vehicle',
          plate: '苏F00009',
          valid_to: d(60 * min),
          issued_at: d(0),
          gate_direction: 'in',
          gate_t: d(min),
        },
      ],
      [
        {
          tag_id: 'CARD-0009',
          label: '苏F00009（危）',
          enterprise_id: 'E02',
          id: 'HB9',
          plate: '苏F00009',
          valid_to: d(120 * min),
          since: d(2 * min),
          terminal: false,
          card: true,
          gate_direction: null,
          gate_t: null,
        },
        {
          tag_id: 'jt808-1',
          label: '苏F00001',
          enterprise_id: 'E03',
          id: 'HB1',
          plate: '苏F00001',
          valid_to: d(120 * min),
          since: d(0),
          terminal: true,
          card: false,
          gate_direction: 'out',
          gate_t: d(90 * min),
        },
      ],
    )
    expect(watches).toEqual([
      expect.objectContaining({
        tagId: 'CARD-0009',
        device: 'card',
        enterpriseId: 'E02',
        since: t0,
        card: expect.objectContaining({ issueId: '9', holder: 'hazmat_vehicle' }),
        booking: { id: 'HB9', plate: '苏F00009', validTo: t0 + 120 * min },
        exitedAt: null,
      }),
      expect.objectContaining({ tagId: 'jt808-1', device: 'terminal', card: null, exitedAt: t0 + 90 * min }),
    ])
  })
})
