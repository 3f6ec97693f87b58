// The safety simulator over MQTT end to end: every simulated sensor is in the registry and its readings are
// stored, nothing is refused, the steady state raises no threshold alarm, and the scripted leak takes a nearby
// combustible detector through the GB/T 50493 first and second alarms.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readPark } from '../../../../geodata/read'
import { startSafetySimulator, type SafetySimulator } from '../../../../sensors/simulators/safety/run-safety'
import { mqttTransport } from '../../../../sensors/simulators/safety/transports'
import { startMqttIngest, type MqttIngest } from '../../../../server/ingest/mqtt/mqtt.ingest'
import { systemScope } from '../../../../server/platform/db/db'
import { eventually } from '../../../helpers/http'
import { testMqttUrl, uniqueTopicPrefix } from '../../../helpers/services'
import { silent, startSafetyStack, type SafetyStack } from '../safety-stack'

describe('safety simulator → MQTT → readings and alarms', () => {
  let s: SafetyStack
  let ingest: MqttIngest
  let sim: SafetySimulator
  const prefix = uniqueTopicPrefix('cpt-sim')
  const node = `sim-test-${process.pid}`

  beforeAll(async () => {
    s = await startSafetyStack('cpt_mqtt_sim')
    ingest = await startMqttIngest({
      url: testMqttUrl(),
      prefix,
      db: s.db,
      bus: s.bus,
      log: silent,
      node,
      service: s.service,
      sessionExpiryS: 60,
      startTimeoutMs: 15_000,
    })
    await ingest.ready
    const transport = mqttTransport({ url: testMqttUrl(), prefix })
    await eventually(async () => transport.client.connected)
    sim = startSafetySimulator({
      park: readPark(),
      transport,
      seed: 5,
      periodMs: 1_000,
      faults: { fault: 0, comms: 0, maintenance: 0, calibration: 0 },
      leak: { startAfterMs: 2_000, rampMs: 6_000, holdMs: 6_000, decayMs: 6_000 },
    })
  })
  afterAll(async () => {
    await sim?.stop()
    await ingest?.stop()
    await s?.close()
  })

  it('raises the second gas alarm at a detector near the leaking tank, and no threshold alarm elsewhere', async () => {
    const leakIds = sim.leak!.detectors.map((d) => d.id)
    const hh = await eventually(async () => {
      const rows = await s.db.query<{ source_id: string }>(
        systemScope,
        `SELECT source_id FROM alarms WHERE rule = 'hh' AND source_id = ANY($1)`,
        [leakIds],
      )
      return rows.length ? rows : null
    }, 40_000)
    expect(hh.length).toBeGreaterThan(0)
    const elsewhere = await s.db.query(
      systemScope,
      `SELECT source_id, rule, message FROM alarms
        WHERE source_type = 'sensor' AND rule IN ('hh', 'h', 'l', 'll', 'roc') AND NOT source_id = ANY($1)`,
      [leakIds],
    )
    expect(elsewhere).toEqual([])
  })

  it('stores readings of every simulated sensor and refuses none', async () => {
    const ids = sim.sensors.map((x) => x.id)
    await eventually(async () => {
      const [r] = await s.db.query<{ n: number }>(
        systemScope,
        `SELECT count(DISTINCT sensor_id)::int AS n FROM readings WHERE sensor_id = ANY($1)`,
        [ids],
      )
      return r!.n === ids.length
    }, 20_000)
    const report = await s.rejections('mqtt')
    expect(report.counters.find((c) => c.node === node)?.total ?? 0).toBe(0)
    expect(sim.stats()).toMatchObject({ dropped: 0 })
  })
})
