// The special-work alarms through the real alarm engine on PostgreSQL and the real (Redis) bus: the hourly spot
// check raises each flag once as a system alarm `work_permit:<id>` and returns it to normal when the flag no longer
// holds; the gas linkage turns a gas detector's alarm — raised by the engine from a reading, written to the outbox,
// published by the real outbox relay — into an URGENT alarm when the detector is within 15 m of hot work in
// progress, logged on the permit once, and leaves the spot check's reconciliation alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { systemScope } from '../../../../server/platform/db/db'
import type { Subscription } from '../../../../server/platform/bus/bus'
import { AlarmEngine } from '../../../../server/modules/alarms/alarm.engine'
import { AlarmsService } from '../../../../server/modules/alarms/alarms.service'
import { startOutboxRelay, type OutboxRelay } from '../../../../server/modules/alarms/outbox.relay'
import type { SystemAlarmSink } from '../../../../server/modules/alarms/system-conditions'
import { checkWorkPermits } from '../../../../server/modules/permits/permits.check'
import { linkGasAlarm, startPermitGasWatch } from '../../../../server/modules/permits/gas-watch'
import { seedPermitsDemo } from '../../../../server/modules/permits/permits.seed'
import { parkDayOf } from '../../../../server/modules/permits/permit-rules'
import { eventually } from '../../../helpers/http'
import { uniqueStreamName } from '../../../helpers/services'
import { silent, startPermitsStack, type PermitsStack } from './stack'

interface AlarmRow {
  source_id: string
  rule: string
  priority: string
  enterprise_id: string | null
  message: string
  props: Record<string, unknown>
}

describe('special-work alarms (alarm engine, outbox relay, Redis bus, PostgreSQL)', () => {
  let s: PermitsStack
  let sink: SystemAlarmSink
  let engine: AlarmEngine
  let relay: OutboxRelay
  let watch: Subscription
  let day: string
  const stream = uniqueStreamName('test:alarms')
  const open = (source: string) =>
    s.db.query<AlarmRow>(
      systemScope,
      `SELECT source_id, rule, priority, enterprise_id, message, props FROM alarms
        WHERE source_id = $1 AND condition_active AND state <> 'cleared' ORDER BY rule`,
      [source],
    )

  beforeAll(async () => {
    s = await startPermitsStack('cpt_permits_alarms')
    await s.db.owner((q) => seedPermitsDemo(q))
    day = parkDayOf(Date.now()).replaceAll('-', '')
    engine = new AlarmEngine(
      s.db,
      new AlarmsService(s.db, { topic: stream, onCommitted: () => relay?.wake() }),
      silent,
    )
    await engine.start()
    sink = {
      raise: (a) => engine.raiseSystemAlarm(a),
      clear: (sourceId, rule, t) => engine.clearSystemAlarm(sourceId, rule, t),
    }
    relay = startOutboxRelay(s.db, s.server.bus, silent, { pollMs: 100 })
    watch = startPermitGasWatch({
      db: s.db,
      bus: s.server.bus,
      alarms: sink,
      log: silent,
      stream,
      node: 'test',
    })
  })
  afterAll(async () => {
    await watch?.stop()
    await relay?.stop()
    await s?.stop()
  })

  it('raises each spot-check flag once, for the enterprise, and clears it when the record is put right', async () => {
    const first = await checkWorkPermits(s.db, sink)
    expect(first).toEqual({ active: 3, raised: 3, cleared: 0 })
    expect(await open(`work_permit:WP-${day}-06`)).toEqual([
      expect.objectContaining({ rule: 'expired_open', priority: 'high', enterprise_id: 'E05' }),
    ])
    expect(await open(`work_permit:WP-${day}-07`)).toEqual([
      expect.objectContaining({ rule: 'permit_not_filed', priority: 'high', enterprise_id: 'E18' }),
    ])
    const filed = await open(`work_permit:WF-${day}-20`)
    expect(filed).toEqual([
      expect.objectContaining({ rule: 'filed_no_permit', priority: 'low', enterprise_id: 'E16' }),
    ])
    expect(filed[0]!.message).toContain('已报备未办证')
    expect(await checkWorkPermits(s.db, sink)).toEqual({ active: 3, raised: 0, cleared: 0 })

    // the expired permit is closed (completed); the check returns its alarm to normal
    const done = await s.admin.post(`/api/v1/permits/WP-${day}-06/actions/complete`, {})
    expect(done.status).toBe(200)
    expect(await checkWorkPermits(s.db, sink)).toEqual({ active: 2, raised: 0, cleared: 1 })
    expect(await open(`work_permit:WP-${day}-06`)).toEqual([])
    // an hour past the E02 hot work's window it is expired but open
    const later = await checkWorkPermits(s.db, sink, new Date(Date.now() + 6 * 3_600_000))
    expect(later.raised).toBeGreaterThanOrEqual(1)
    expect(await open(`work_permit:WP-${day}-01`)).toEqual([
      expect.objectContaining({ rule: 'expired_open' }),
    ])
  })

  it('raises an urgent alarm when a gas detector within 15 m of hot work in progress alarms, once, logged on the permit', async () => {
    const permit = `WP-${day}-01`
    // the seeded E02 hot work lies 5 m from detector GD-E02-07 (gasoline tank farm)
    const near = await s.db.query<{ d: number }>(
      systemScope,
      `SELECT ST_Distance(p.geom::geography, s.geom::geography) AS d FROM work_permits p, sensors s
        WHERE p.id = $1 AND s.id = 'GD-E02-07'`,
      [permit],
    )
    expect(near[0]!.d).toBeLessThan(15)
    const t = new Date(Date.now() - 5_000).toISOString()
    await engine.evaluateReading({ sensor_id: 'GD-E02-07', t, value: 62, flag: 'N' })
    const urgent = await eventually(async () => {
      const rows = await open(`work_permit:${permit}`)
      return rows.find((r) => r.rule === 'gas_near_hot_work')
    })
    expect(urgent).toMatchObject({ priority: 'urgent', enterprise_id: 'E02' })
    expect(urgent.message).toContain('GD-E02-07')
    expect(urgent.message).toContain(`E02-DH-${day}-901`)
    expect(urgent.props).toMatchObject({ permit_id: permit, sensor_id: 'GD-E02-07', value: 62 })
    const logged = await eventually(async () => {
      const d = await s.admin.get(`/api/v1/permits/${permit}`)
      return d.body.events.find((e: { kind: string }) => e.kind === 'gas_alarm')
    })
    expect(logged.detail).toMatchObject({ sensor_id: 'GD-E02-07', value: 62 })

    // the same transition delivered again (at-least-once): no second alarm, no second log line
    const [row] = await s.db.query<{ id: string; t: string; value: number; props: object }>(
      systemScope,
      `SELECT id::text, to_char(source_event_time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS t, last_value AS value, props
         FROM alarms WHERE source_id = 'GD-E02-07' AND state <> 'cleared'`,
    )
    const message = (id: string, sensor: string, time: string, value: number, props: object) => ({
      kind: 'alarm.raised',
      outbox_id: '0',
      alarm: {
        id,
        source_type: 'sensor',
        source_id: sensor,
        rule: 'hh',
        source_event_time: time,
        value,
        props,
      },
      transition: { event: 'raise', from_state: 'normal', to_state: 'unack' },
    })
    const again = await linkGasAlarm(
      { db: s.db, alarms: sink },
      message(row!.id, 'GD-E02-07', row!.t, row!.value, row!.props),
    )
    expect(again).toEqual([{ permit_id: permit, distance_m: expect.any(Number) }])
    // a detector of another enterprise far from any hot work, and a gas detector's acknowledgement: no link
    expect(
      await linkGasAlarm(
        { db: s.db, alarms: sink },
        message('1', 'GD-E18-08', t, 500, { sensor_kind: 'gas_detector' }),
      ),
    ).toEqual([])
    expect(
      await linkGasAlarm(
        { db: s.db, alarms: sink },
        {
          ...message(row!.id, 'GD-E02-07', row!.t, 62, row!.props),
          kind: 'alarm.updated',
          transition: { event: 'acknowledge' },
        },
      ),
    ).toEqual([])
    // a wider radius (park setting) reaches more detectors; 0.5 m reaches none
    expect(
      await linkGasAlarm(
        { db: s.db, alarms: sink, radiusM: 0.5 },
        message(row!.id, 'GD-E02-07', row!.t, 62, row!.props),
      ),
    ).toEqual([])
    const links = await s.db.query<{ n: number; count: number }>(
      systemScope,
      `SELECT count(*)::int AS n, max(count)::int AS count FROM alarms WHERE rule = 'gas_near_hot_work'`,
    )
    expect(links[0]).toEqual({ n: 1, count: 1 })
    const events = await s.db.query<{ n: number }>(
      systemScope,
      `SELECT count(*)::int AS n FROM work_permit_events WHERE kind = 'gas_alarm'`,
    )
    expect(events[0]!.n).toBe(1)

    // the hourly spot check leaves the urgent gas alarm alone
    await checkWorkPermits(s.db, sink)
    expect((await open(`work_permit:${permit}`)).map((r) => r.rule)).toContain('gas_near_hot_work')
  })
})
