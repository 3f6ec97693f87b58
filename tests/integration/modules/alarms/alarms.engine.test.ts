// The producers' path: readings on the bus → thresholds → alarms, as the worker role runs it (relay, engine,
// silence check, escalation job), including a restart that rebuilds the engine from the open alarms.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Alarm } from '../../../../server/contracts'
import { systemScope } from '../../../../server/platform/db/db'
import { startAlarmWorker, type AlarmWorker } from '../../../../server/modules/alarms/alarms.start'
import { eventually } from '../../../helpers/http'
import { silent, startAlarmStack, type AlarmStack } from './stack'

// seeded demo-park detectors: Cl2 (ppm) and combustible (%LEL) at E01, NH3 (ppm) at E03
const CL2 = 'GD-E01-01'
const LEL = 'GD-E01-11'
const NH3 = 'GD-E03-01'
const QUIET = 'GD-E02-01'
const NEVER = 'GD-E02-02'

describe('alarm engine on the readings stream (PostgreSQL + Redis)', () => {
  let s: AlarmStack
  let worker: AlarmWorker
  let clock = Date.parse('2026-11-28T08:00:00Z')
  const at = () => new Date((clock += 1000)).toISOString()
  const start = () =>
    startAlarmWorker(
      { db: s.db, bus: s.bus, log: silent, node: 'test-node' },
      {
        alarmStream: s.alarmStream,
        readingsStream: s.readingsStream,
        timing: { escalateAfterS: 1 },
        periods: { silence: 200, shelves: 200, escalation: 200 },
      },
    )
  const publish = (readings: { sensor_id: string; t: string; value: number | null; flag?: string }[]) =>
    s.bus.publish(s.readingsStream, {
      source: 'hj212',
      readings: readings.map((r) => ({ kind: 'rtd', flag: 'N', code: 'x', stats: null, ...r })),
    })
  const alarmsOf = (sensor: string) =>
    s.db.query<{ rule: string; state: string; priority: string; count: number; message: string }>(
      systemScope,
      `SELECT rule, state, priority, count, message FROM alarms WHERE source_id = $1 ORDER BY rule`,
      [sensor],
    )

  beforeAll(async () => {
    s = await startAlarmStack('cpt_alarm_engine')
    // detectors that must report every second (set before start): QUIET reported a minute ago, so it is
    // watched from the start even before its next reading; NEVER has never reported (not commissioned)
    await s.db.owner(async (q) => {
      await q.query(`UPDATE sensors SET thresholds = '{"silence_timeout_s": 1}' WHERE id = ANY($1)`, [
        [QUIET, NEVER],
      ])
      await q.query(
        `INSERT INTO readings (sensor_id, t, value, kind) VALUES ($1, now() - interval '1 minute', 0, 'rtd')`,
        [QUIET],
      )
    })
    worker = await start()
  })
  afterAll(async () => {
    await worker?.stop()
    await s?.stop()
  })

  it('raises the GB/T 50493 first and second gas alarms from a reading, once, with priorities', async () => {
    const entry = [{ sensor_id: CL2, t: at(), value: 1.0 }]
    await publish(entry)
    await publish(entry) // the same reading again (a redelivery): no second alarm
    const rows = await eventually(async () => ((await alarmsOf(CL2)).length === 2 ? alarmsOf(CL2) : null))
    expect(rows).toEqual([
      {
        rule: 'h',
        state: 'unack',
        priority: 'high',
        count: 1,
        message: expect.stringMatching(/1 ppm ≥ 0\.34 ppm/),
      },
      {
        rule: 'hh',
        state: 'unack',
        priority: 'urgent',
        count: 1,
        message: expect.stringMatching(/1 ppm ≥ 0\.68 ppm/),
      },
    ])
    const [a] = (await s.admin.get(`/api/v1/alarms?enterprise=E01`)).body as Alarm[]
    expect(a).toMatchObject({
      source_type: 'sensor',
      enterprise_id: 'E01',
      location: { lon: expect.any(Number) },
    })
    // published through the relay of the worker
    await eventually(async () => (await s.streamed()).filter((m) => m.alarm.source_id === CL2).length === 2)
  })

  it('escalates the unacknowledged urgent one (worker job)', async () => {
    await eventually(async () => {
      const r = await s.db.query(
        systemScope,
        `SELECT escalated_at FROM alarms WHERE source_id = $1 AND rule = 'hh'`,
        [CL2],
      )
      return r[0]?.escalated_at
    }, 10_000)
  })

  it('returns to normal past the deadband', async () => {
    await publish([{ sensor_id: CL2, t: at(), value: 0.05 }])
    await eventually(async () => (await alarmsOf(CL2)).every((a) => a.state === 'rtn_unack'))
  })

  it('suppresses by design while the channel is in maintenance (flag M), then clears', async () => {
    await publish([{ sensor_id: NH3, t: at(), value: 50 }])
    await eventually(async () => (await alarmsOf(NH3))[0]?.state === 'unack')
    await publish([{ sensor_id: NH3, t: at(), value: 500, flag: 'M' }])
    await eventually(async () => (await alarmsOf(NH3))[0]?.state === 'suppressed')
    expect((await alarmsOf(NH3)).map((a) => a.rule)).toEqual(['h']) // no HH from a calibration value
    await publish([{ sensor_id: NH3, t: at(), value: 3 }])
    await eventually(async () => (await alarmsOf(NH3))[0]?.state === 'cleared')
  })

  it('raises a device-silent alarm and returns it to normal on the next reading', async () => {
    await eventually(async () => (await alarmsOf(QUIET)).find((a) => a.rule === 'silent'), 10_000)
    expect((await alarmsOf(QUIET))[0]).toMatchObject({ rule: 'silent', priority: 'low', state: 'unack' })
    await publish([{ sensor_id: QUIET, t: at(), value: 1 }])
    await eventually(async () => (await alarmsOf(QUIET))[0]?.state === 'rtn_unack')
    // a sensor that never reported raises no device-silent alarm (no standing nuisance alarms at start)
    expect(await alarmsOf(NEVER)).toEqual([])
  })

  it('a restarted worker rebuilds its state from the open alarms and returns them to normal', async () => {
    await publish([{ sensor_id: LEL, t: at(), value: 30 }])
    await eventually(async () => (await alarmsOf(LEL))[0]?.state === 'unack')
    await worker.stop()
    await publish([{ sensor_id: LEL, t: at(), value: 5 }]) // waits in the consumer group meanwhile
    worker = await start()
    await eventually(async () => (await alarmsOf(LEL))[0]?.state === 'rtn_unack')
    expect(await alarmsOf(LEL)).toHaveLength(1)
  })

  it('raises and clears system alarms for other producers', async () => {
    const r = await worker.engine.raiseSystemAlarm({
      source_type: 'system',
      source_id: 'bus:positions',
      rule: 'dead_letter',
      message: 'entry dead-lettered',
      priority: 'high',
    })
    expect(r).toMatchObject({
      status: 'created',
      alarm: { state: 'unack', priority: 'high', source_type: 'system' },
    })
    await worker.engine.clearSystemAlarm('bus:positions', 'dead_letter')
    const [row] = await s.db.query(systemScope, `SELECT state FROM alarms WHERE source_id = 'bus:positions'`)
    expect(row).toEqual({ state: 'rtn_unack' })
  })
})
