import { describe, expect, it } from 'vitest'
import { GeofenceEngine, type EngineEvent } from '../../../../../server/modules/zones/geofence.engine'
import { at, rect, sample, t0, zone } from './fixtures'

const kinds = (evs: EngineEvent[]) => evs.map((e) => `${e.event}:${e.zone_id}@${(e.t - t0) / 1000}`)
const run = (engine: GeofenceEngine, samples: ReturnType<typeof sample>[]) =>
  samples.flatMap((s) => engine.process(s))

describe('GeofenceEngine', () => {
  it('fires enter at the first inside sample and exit at the first outside one', () => {
    const e = new GeofenceEngine([zone('A', {})])
    const evs = run(e, [
      sample('T1', 0, -100, 0),
      sample('T1', 5, 0, 0),
      sample('T1', 10, 10, 0),
      sample('T1', 15, 100, 0),
    ])
    expect(kinds(evs)).toEqual(['enter:A@5', 'exit:A@15'])
    expect(evs[0]).toMatchObject({ tag_id: 'T1', lon: at(0, 0)[0], lat: at(0, 0)[1] })
  })

  it('keeps queryable inside state both ways', () => {
    const e = new GeofenceEngine([zone('A', {}), zone('B', {}, [rect(0, 0, 200, 200)])])
    run(e, [sample('T1', 0, 10, 10), sample('T2', 0, 150, 150), sample('T3', 0, 500, 500)])
    expect(e.zonesOf('T1').sort()).toEqual(['A', 'B'])
    expect(e.zonesOf('T2')).toEqual(['B'])
    expect(e.zonesOf('T3')).toEqual([])
    expect(e.occupants('B').sort()).toEqual(['T1', 'T2'])
    expect(e.occupants('A')).toEqual(['T1'])
  })

  it('handles overlapping zones independently', () => {
    const e = new GeofenceEngine([zone('A', {}), zone('B', {}, [rect(0, -50, 200, 50)])])
    const evs = run(e, [
      sample('T', 0, -100, 0),
      sample('T', 1, -20, 0),
      sample('T', 2, 20, 0),
      sample('T', 3, 100, 0),
      sample('T', 4, 300, 0),
    ])
    expect(kinds(evs)).toEqual(['enter:A@1', 'enter:B@2', 'exit:A@3', 'exit:B@4'])
  })

  it('reports a crossing when a fast vehicle jumps a small zone between two outside samples', () => {
    const e = new GeofenceEngine([zone('S', { shape: 'circle', center: at(0, 0), radius_m: 20 })])
    const evs = run(e, [
      sample('V', 0, -100, 0, 80),
      sample('V', 4, 100, 0, 80),
      sample('V', 8, 100, 100, 80),
    ])
    expect(kinds(evs)).toEqual(['crossing:S@4'])
    expect(evs[0]!.props).toMatchObject({ from_t: new Date(t0).toISOString() })
    expect(e.zonesOf('V')).toEqual([])
  })

  it('reports no crossing over a long data gap, nor when the segment misses', () => {
    const e = new GeofenceEngine([zone('S', { shape: 'circle', center: at(0, 0), radius_m: 20 })], {
      maxCrossingGapS: 60,
    })
    expect(run(e, [sample('V', 0, -100, 0), sample('V', 120, 100, 0)])).toEqual([])
    expect(run(e, [sample('W', 0, -100, 30), sample('W', 4, 100, 30)])).toEqual([])
  })

  it('suppresses a drive-by shorter than the dwell, and confirms a stay that lasts', () => {
    const e = new GeofenceEngine([zone('D', { dwell_s: 30 })])
    // in for 20 s, out again: nothing
    expect(
      run(e, [
        sample('T', 0, -100, 0),
        sample('T', 10, 0, 0),
        sample('T', 30, 0, 5),
        sample('T', 40, 100, 0),
      ]),
    ).toEqual([])
    // no crossing either: a dwell asks for presence
    expect(run(e, [sample('J', 0, -100, 0), sample('J', 2, 100, 0)])).toEqual([])
    // in from 100 s, confirmed at 130 s, dated at the first inside sample
    const evs = run(e, [sample('T', 100, 0, 0), sample('T', 120, 5, 0), sample('T', 130, 10, 0)])
    expect(kinds(evs)).toEqual(['enter:D@100'])
    expect(evs[0]!.props).toMatchObject({ confirmed_at: new Date(t0 + 130_000).toISOString(), dwell_s: 30 })
    // a 10 s step outside does not exit; 30 s does
    expect(run(e, [sample('T', 140, 100, 0), sample('T', 150, 0, 0)])).toEqual([])
    expect(
      kinds(run(e, [sample('T', 160, 100, 0), sample('T', 180, 100, 0), sample('T', 190, 100, 0)])),
    ).toEqual(['exit:D@160'])
  })

  it('starts overspeed only after the minimum duration, once per episode, with the max speed', () => {
    const e = new GeofenceEngine([zone('P', { speed_limit_kmh: 15 }, [rect(-500, -500, 500, 500)])])
    const speeds = [10, 40, 40, 45, 40, 40, 40, 40, 40, 40, 40, 42, 40, 40, 40, 12, 10]
    const evs = run(
      e,
      speeds.map((v, i) => sample('V', i, i, 0, v)),
    ).filter((x) => x.event !== 'enter')
    expect(kinds(evs)).toEqual(['overspeed_start:P@1', 'overspeed_end:P@15'])
    expect(evs[0]!.props).toMatchObject({
      max_speed_kmh: 45,
      limit_kmh: 15,
      confirmed_at: new Date(t0 + 11_000).toISOString(),
    })
    expect(evs[1]!.props).toMatchObject({ max_speed_kmh: 45, duration_s: 14 })
  })

  it('ignores a burst over the limit shorter than the minimum, and honours a zone minimum', () => {
    const burst = new GeofenceEngine([zone('P', { speed_limit_kmh: 15 }, [rect(-500, -500, 500, 500)])])
    const evs = run(
      burst,
      [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((i) => sample('V', i, i, 0, i < 9 ? 40 : 10)),
    )
    expect(evs.map((x) => x.event)).toEqual(['enter'])
    const quick = new GeofenceEngine([
      zone('Q', { speed_limit_kmh: 15, overspeed_min_s: 2 }, [rect(-500, -500, 500, 500)]),
    ])
    expect(
      kinds(
        run(
          quick,
          [0, 1, 2].map((i) => sample('V', i, i, 0, 40)),
        ),
      ),
    ).toEqual(['enter:Q@0', 'overspeed_start:Q@0'])
  })

  it('derives speed from the track when the device reports none', () => {
    const e = new GeofenceEngine([
      zone('P', { speed_limit_kmh: 15, overspeed_min_s: 0 }, [rect(-500, -500, 500, 500)]),
    ])
    // 10 m/s = 36 km/h
    const evs = run(e, [sample('V', 0, 0, 0, null), sample('V', 1, 10, 0, null)])
    expect(evs.map((x) => x.event)).toEqual(['enter', 'overspeed_start'])
    expect(evs[1]!.speed_kmh).toBeCloseTo(36, 0)
  })

  it('ends an overspeed episode when the tag leaves the zone, before the exit', () => {
    const e = new GeofenceEngine([zone('P', { speed_limit_kmh: 15, overspeed_min_s: 0 })])
    const evs = run(e, [sample('V', 0, 0, 0, 40), sample('V', 1, 200, 0, 40)])
    expect(evs.map((x) => x.event)).toEqual(['enter', 'overspeed_start', 'overspeed_end', 'exit'])
  })

  it('ignores samples not newer than the previous one', () => {
    const e = new GeofenceEngine([zone('A', {})])
    expect(
      run(e, [sample('T', 10, 0, 0), sample('T', 5, 100, 0), sample('T', 10, 100, 0)]).map((x) => x.event),
    ).toEqual(['enter'])
  })

  it('applies an altitude band only to samples with an altitude', () => {
    const e = new GeofenceEngine([zone('F', { altitude_max_m: 10 })])
    expect(e.process({ ...sample('T', 0, 0, 0), altitude_m: 30 })).toEqual([])
    expect(e.process({ ...sample('T', 1, 0, 0), altitude_m: 5 }).map((x) => x.event)).toEqual(['enter'])
    expect(e.process({ ...sample('U', 0, 0, 0) }).map((x) => x.event)).toEqual(['enter'])
  })

  it('treats a zone outside its schedule as inactive, and closes it for a silent tag on tick', () => {
    // 2026-11-27 is a Friday; t0 = 10:00 China time; active Friday 08:00–10:30
    const z = zone('W', { schedule: { windows: [{ days: [5], from: '08:00', to: '10:30' }] } })
    let now = t0
    const e = new GeofenceEngine([z], { clock: () => now })
    expect(kinds(run(e, [sample('T', 0, 0, 0)]))).toEqual(['enter:W@0'])
    now = t0 + 20 * 60_000
    expect(e.tick()).toEqual([])
    now = t0 + 31 * 60_000
    expect(kinds(e.tick())).toEqual(['exit:W@1860'])
    expect(e.zonesOf('T')).toEqual([])
    // after the window a sample inside is outside
    expect(run(e, [sample('U', 40 * 60, 0, 0)])).toEqual([])
  })

  it('rebuilds confirmed state with seed: no second enter, and an exit later', () => {
    const e = new GeofenceEngine([zone('A', {}), zone('P', { speed_limit_kmh: 15 })])
    e.seed('T', 'A', { inside: true })
    e.seed('T', 'P', { inside: true, overspeedSince: t0 - 60_000, maxSpeed: 50 })
    e.seed('T', 'gone', { inside: true })
    expect(e.zonesOf('T').sort()).toEqual(['A', 'P'])
    const evs = run(e, [sample('T', 0, 0, 0, 5), sample('T', 5, 200, 0)])
    expect(kinds(evs)).toEqual(['overspeed_end:P@0', 'exit:A@5', 'exit:P@5'])
    expect(evs[0]!.props).toMatchObject({ max_speed_kmh: 50, duration_s: 60 })
  })

  it('after a rebuild ignores redelivered samples older than the newest recorded event', () => {
    const e = new GeofenceEngine([zone('A', {})])
    e.seed('T', 'A', { inside: true })
    e.seedProcessedUntil('T', t0 + 3000)
    // replaying the approach from outside would exit and enter again
    expect(run(e, [sample('T', 0, -100, 0), sample('T', 3, 0, 0)])).toEqual([])
    expect(kinds(run(e, [sample('T', 4, 10, 0), sample('T', 5, 100, 0)]))).toEqual(['exit:A@5'])
  })

  it('restores a snapshot after a failed batch, so the redelivery emits the same events', () => {
    const e = new GeofenceEngine([zone('A', {})])
    run(e, [sample('T', 0, -100, 0)])
    const restore = e.snapshot(['T', 'N'])
    const first = run(e, [sample('T', 1, 0, 0), sample('N', 1, 0, 0)])
    restore()
    expect(e.zonesOf('T')).toEqual([])
    expect(e.tagIds()).toEqual(['T'])
    expect(run(e, [sample('T', 1, 0, 0), sample('N', 1, 0, 0)])).toEqual(first)
  })

  it('keeps state across a zone reload and drops the state of removed zones', () => {
    const a = zone('A', {})
    const e = new GeofenceEngine([a, zone('B', {})])
    run(e, [sample('T', 0, 0, 0)])
    e.setZones([a])
    expect(e.zonesOf('T')).toEqual(['A'])
    expect(run(e, [sample('T', 1, 1, 0)])).toEqual([])
  })
})
