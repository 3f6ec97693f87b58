// The MQTT ingest of safety sensors over a real Mosquitto, PostgreSQL + PostGIS and Redis: readings are stored
// once, reach the live cache and the alarm engine, refusals are counted per reason, and nothing is lost between
// the broker and the database: the ingest answers the broker only after the commit, so what was published while
// it was away, or what it could not store, arrives after a restart.
import mqtt, { type MqttClient } from 'mqtt'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  encodeBatch,
  encodeSensorMessage,
  gatewayTopic,
  sensorTopic,
} from '../../../../sensors/protocols/safety'
import {
  startMqttIngest,
  type MqttIngest,
  type MqttIngestOptions,
} from '../../../../server/ingest/mqtt/mqtt.ingest'
import type { SensorReadingsService } from '../../../../server/modules/sensors/sensor-readings.service'
import { eventually } from '../../../helpers/http'
import { testMqttUrl, uniqueTopicPrefix } from '../../../helpers/services'
import { ago, silent, startSafetyStack, type SafetyStack } from '../safety-stack'

describe('MQTT ingest of safety sensors (Mosquitto, PostgreSQL, Redis)', () => {
  let s: SafetyStack
  let ingest: MqttIngest
  let device: MqttClient
  const prefix = uniqueTopicPrefix()
  const node = `test-${process.pid}`
  const start = (o: Partial<MqttIngestOptions> = {}) =>
    startMqttIngest({
      url: testMqttUrl(),
      prefix,
      db: s.db,
      bus: s.bus,
      log: silent,
      node,
      service: s.service,
      sessionExpiryS: 120,
      startTimeoutMs: 15_000,
      ...o,
    })
  const publish = (topic: string, payload: string | Buffer) => device.publishAsync(topic, payload, { qos: 1 })
  /** waits until the sensor has n readings stored */
  const stored = (sensor: string, n = 1) =>
    eventually(async () => ((await s.rows(sensor)).length >= n ? true : null), 10_000, 50)
  const batch = (readings: Parameters<typeof encodeBatch>[0]) =>
    publish(gatewayTopic(prefix, 'GW-TEST'), encodeBatch(readings))

  beforeAll(async () => {
    s = await startSafetyStack('cpt_mqtt')
    ingest = await start()
    await ingest.ready
    device = await mqtt.connectAsync(testMqttUrl(), { clientId: `cpt-test-device-${process.pid}` })
  })
  afterAll(async () => {
    await device?.endAsync(true)
    await ingest?.stop()
    await s?.close()
  })

  it('stores a gateway batch once, with the sensor’s enterprise and HJ 212 flags', async () => {
    const t = ago(60)
    await batch([
      { sensor: 'T-E01-01.LT', t, v: 61.5 },
      { sensor: 'T-E01-01.PT', t, v: null, flag: 'F' },
      { sensor: 'PU-E05-NITR.TT', t: new Date(t).toISOString().replace('Z', '+00:00'), v: 40.2 },
    ])
    await stored('PU-E05-NITR.TT')
    expect(await s.rows('T-E01-01.LT')).toEqual([
      { t: new Date(t), value: 61.5, flag: 'N', kind: 'rtd', enterprise_id: 'E01' },
    ])
    expect(await s.rows('T-E01-01.PT')).toMatchObject([{ value: null, flag: 'D' }])
    expect(await s.rows('PU-E05-NITR.TT')).toMatchObject([{ value: 40.2, enterprise_id: 'E05' }])

    const before = ingest.stats().batches.duplicates
    await batch([{ sensor: 'T-E01-01.LT', t, v: 99 }]) // resent (another value: still the same reading)
    await eventually(async () => ingest.stats().batches.duplicates === before + 1)
    expect(await s.rows('T-E01-01.LT')).toMatchObject([{ value: 61.5 }])
  })

  it('takes one reading on the sensor topic and keeps the newest value in the live cache', async () => {
    const topic = sensorTopic(prefix, 'T-E02-01.TT')
    await publish(topic, encodeSensorMessage({ t: ago(20), v: 18.4, seq: 1 }))
    await publish(topic, encodeSensorMessage({ t: ago(30), v: 17.9, seq: 2 })) // late: stored, not shown
    await stored('T-E02-01.TT', 2)
    expect((await s.rows('T-E02-01.TT')).map((r) => r.value)).toEqual([17.9, 18.4])
    expect(await s.latest('T-E02-01.TT')).toMatchObject({
      value: 18.4,
      flag: 'N',
      kind: 'rtd',
      code: 'temperature',
    })
  })

  it('counts every refusal by reason, visible in GET /api/v1/ingest/rejections', async () => {
    const channel = await s.hj212Channel()
    const gw = gatewayTopic(prefix, 'GW-BAD')
    await publish(gw, 'not json')
    await publish(gw, JSON.stringify({ data: [] }))
    await publish(gw, JSON.stringify({ readings: Array.from({ length: 501 }, () => ({})) }))
    await batch([
      { sensor: 'GD-NOPE-01', t: ago(5), v: 1 },
      { sensor: channel, t: ago(5), v: 1 },
      { sensor: 'T-E03-01.LT', t: Date.now() + 3_600_000, v: 50 },
      { sensor: 'T-E03-01.LT', t: ago(8 * 86_400), v: 50 },
      { sensor: 'T-E03-01.LT', t: '2026-11-28 08:00', v: 50 },
      { sensor: 'T-E03-01.LT', t: ago(5), v: 50 }, // the one good reading
    ])
    await publish(sensorTopic(prefix, 'T-E03-01.TT'), JSON.stringify({ t: ago(5), v: 'hot' }))
    await publish(`${prefix}/v1/sensors/bad id/data`, encodeSensorMessage({ t: ago(5), v: 1 }))
    await stored('T-E03-01.LT')

    const expected = {
      bad_json: 1,
      schema: 1,
      too_large: 1,
      unknown_sensor: 1,
      wrong_kind: 1,
      future_time: 1,
      too_old: 1,
      bad_time: 1,
      bad_value: 1,
      bad_topic: 1,
    }
    const report = await eventually(async () => {
      const r = await s.rejections('mqtt')
      const mine = r.counters.find((c) => c.node === node)
      return mine && mine.total >= 10 ? r : null
    })
    expect(report.counters.find((c) => c.node === node)).toMatchObject({
      protocol: 'mqtt',
      total: 10,
      by_reason: expected,
    })
    const reasons = report.rows.map((r) => r.reason)
    for (const reason of Object.keys(expected)) expect(reasons).toContain(reason)
    expect(report.rows.find((r) => r.reason === 'unknown_sensor')).toMatchObject({
      protocol: 'mqtt',
      mn: 'GD-NOPE-01',
      peer: gw.replace('GW-BAD', 'GW-TEST'),
    })
  })

  it('raises exactly one alarm, unacknowledged, for a combustible reading above 25 %LEL', async () => {
    const sensor = 'GD-E02-03'
    await batch([{ sensor, t: ago(3), v: 31.5 }])
    const alarms = await eventually(async () =>
      (await s.alarmsOf(sensor)).length ? s.alarmsOf(sensor) : null,
    )
    await new Promise((r) => setTimeout(r, 500)) // nothing more follows
    expect(await s.alarmsOf(sensor)).toEqual(alarms)
    expect(alarms).toEqual([{ rule: 'h', state: 'unack', priority: 'high', count: 1, limit_value: 25 }])
  })

  it('receives what was published while it was away (persistent session, QoS 1)', async () => {
    await ingest.stop()
    const t = ago(10)
    await batch([{ sensor: 'T-E04-01.LT', t, v: 42 }]) // the broker holds it for the absent session
    ingest = await start()
    await eventually(async () => ((await s.rows('T-E04-01.LT')).length ? true : null), 20_000)
    expect(await s.rows('T-E04-01.LT')).toMatchObject([{ value: 42 }])
  })

  it('delivers again, after a restart, a message whose readings could not be stored', async () => {
    await ingest.stop()
    const failing = {
      store: () => Promise.reject(Object.assign(new Error('database down'), { code: '57P01' })),
    } as unknown as SensorReadingsService
    ingest = await start({ service: failing, batch: { retryMs: 50, stopGraceMs: 200 } })
    await ingest.ready
    await batch([{ sensor: 'T-E04-02.LT', t: ago(10), v: 37 }])
    await eventually(async () => ingest.stats().batches.failures > 0)
    await ingest.stop() // not answered: the broker keeps it for the session
    ingest = await start()
    await stored('T-E04-02.LT')
    expect(await s.rows('T-E04-02.LT')).toMatchObject([{ value: 37 }])
  })
})
