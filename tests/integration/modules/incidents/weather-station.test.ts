// The park's weather station over a real MQTT broker (TEST_MQTT_URL, a topic prefix of its own) into PostgreSQL:
// the simulated station's observations are stored and the newest served; a bad message is counted and dropped; an
// incident declared with the station's weather follows a wind shift (zones recomputed, logged, pushed) and ignores
// the wind's small meander, calm and late observations; the simulator also delivers in process when there is no
// broker. The follow rule itself is checked on worked examples.
import mqtt, { type MqttClient } from 'mqtt'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { IncidentUpdated } from '../../../../server/contracts/incidents'
import type { Subscription } from '../../../../server/platform/bus/bus'
import { systemScope } from '../../../../server/platform/db/db'
import { EmergencyService } from '../../../../server/modules/emergency/emergency.service'
import type { WeatherObservation } from '../../../../server/modules/incidents/incidents.repository'
import { incidentsStream } from '../../../../server/modules/incidents/incidents.realtime'
import { incidentsRoutes } from '../../../../server/modules/incidents/incidents.routes'
import { IncidentsService } from '../../../../server/modules/incidents/incidents.service'
import {
  directionChangeDeg,
  followDecision,
  stationWeather,
} from '../../../../server/modules/incidents/station-follow'
import { startWeatherStations, WeatherStations } from '../../../../server/modules/incidents/weather-station'
import { weatherRoutes } from '../../../../server/modules/incidents/weather.routes'
import type { LevelFeature } from '../../../../server/modules/incidents/who-inside'
import { createManualClock } from '../../../../sensors/simulators/clock'
import { startWeatherSimulator } from '../../../../sensors/simulators/weather/run-weather'
import {
  inProcessWeatherTransport,
  mqttWeatherTransport,
  weatherTopic,
} from '../../../../sensors/simulators/weather/transports'
import { eventually, type ApiClient } from '../../../helpers/http'
import { silent, startModuleStack, type ModuleStack } from '../../../helpers/module-stack'
import { testMqttUrl, uniqueTopicPrefix } from '../../../helpers/services'

describe('the follow rule (worked examples)', () => {
  const current = stationWeather('WS1', {
    station_id: 'WS1',
    t: '2026-06-01T02:00:00.000Z',
    wind_speed_ms: 3,
    wind_from_deg: 350,
    temp_c: 24,
    cloud_cover_oktas: null,
  })
  const obs = (
    wind_from_deg: number,
    wind_speed_ms = 3,
    t = '2026-06-01T02:01:00.000Z',
  ): WeatherObservation => ({
    station_id: 'WS1',
    t,
    wind_speed_ms,
    wind_from_deg,
    temp_c: 24,
    cloud_cover_oktas: null,
  })

  it('measures direction changes the short way round', () => {
    expect(directionChangeDeg(350, 5)).toBe(15)
    expect(directionChangeDeg(5, 350)).toBe(15)
    expect(directionChangeDeg(90, 270)).toBe(180)
    expect(directionChangeDeg(0, 360)).toBe(0)
  })

  it('follows a shift of 15° or 1 m/s, not the meander, calm, a late or another station', () => {
    expect(current).toMatchObject({
      source: 'station',
      stability: 'D',
      observed_at: '2026-06-01T02:00:00.000Z',
    })
    expect(followDecision(current, obs(4))).toEqual({ follow: false, reason: 'small_change' })
    expect(followDecision(current, obs(5))).toEqual({
      follow: true,
      direction_change_deg: 15,
      speed_change_ms: 0,
    })
    expect(followDecision(current, obs(350, 3.9))).toMatchObject({ follow: false, reason: 'small_change' })
    expect(followDecision(current, obs(350, 4))).toMatchObject({ follow: true, speed_change_ms: 1 })
    expect(followDecision(current, obs(90, 0.8))).toEqual({ follow: false, reason: 'calm' })
    expect(followDecision(current, obs(90, 3, '2026-06-01T02:00:00.000Z'))).toMatchObject({
      reason: 'not_newer',
    })
    expect(followDecision({ ...current, station_id: 'WS2' }, obs(90))).toMatchObject({
      reason: 'other_source',
    })
    const manual = {
      wind_speed_ms: 3,
      wind_from_deg: 350,
      stability: 'D' as const,
      source: 'manual' as const,
    }
    expect(followDecision(manual, obs(90))).toMatchObject({ reason: 'other_source' })
    expect(followDecision(current, obs(90), { minDirectionDeg: 120, minSpeedMs: 5 })).toMatchObject({
      follow: false,
    })
  })
})

describe('weather stations over MQTT', () => {
  type Extra = { stations: WeatherStations; service: IncidentsService }
  let s: ModuleStack & Extra
  let stop: () => Promise<void>
  let publisher: MqttClient
  let op: ApiClient
  let ent: ApiClient
  let tank: string
  let pushes: Subscription
  const pushed: IncidentUpdated[] = []
  const prefix = uniqueTopicPrefix('cpt-weather')
  const t0 = Date.UTC(2026, 5, 1, 2, 0)
  const at = (min: number) => new Date(t0 + min * 60_000).toISOString().replace('Z', '+00:00')

  const rows = async (station: string) =>
    Number(
      (
        await s.db.query<{ n: string }>(
          systemScope,
          'SELECT count(*) AS n FROM weather_observations WHERE station_id = $1',
          [station],
        )
      )[0]!.n,
    )
  const publish = (station: string, body: unknown) =>
    publisher.publishAsync(
      weatherTopic(prefix, station),
      typeof body === 'string' ? body : JSON.stringify(body),
      {
        qos: 1,
      },
    )

  beforeAll(async () => {
    s = await startModuleStack<Extra>('cpt_weather', (server) => {
      const stations = new WeatherStations(server.db)
      const service = new IncidentsService(server.db, new EmergencyService(server.db), {
        bus: server.bus,
        log: silent,
        stations,
      })
      return { routers: [incidentsRoutes(service), weatherRoutes(server.db)], extra: { stations, service } }
    })
    const runtime = await startWeatherStations({
      stations: s.stations,
      mqttUrl: testMqttUrl(),
      prefix,
      log: silent,
      incidents: s.service,
    })
    stop = runtime.stop
    await runtime.ready
    publisher = await mqtt.connectAsync(testMqttUrl(), { protocolVersion: 5 })
    op = await s.client('op1', 'operator')
    ent = await s.client('e01', 'enterprise_user', 'E01')
    tank = (
      await s.db.query<{ id: string }>(
        systemScope,
        `SELECT id FROM assets WHERE kind = 'tank' AND props->>'cas' = '7782-50-5' ORDER BY id LIMIT 1`,
      )
    )[0]!.id
    pushes = s.server.bus.tail<IncidentUpdated>(incidentsStream, (entries) => {
      for (const e of entries) pushed.push(e.payload)
    })
  }, 120_000)
  afterAll(async () => {
    await pushes?.stop()
    await publisher?.endAsync()
    await stop?.()
    await s?.stop()
  })

  it('stores the simulated station’s observations and serves the newest', async () => {
    const clock = createManualClock(t0)
    const sim = startWeatherSimulator({
      transport: mqttWeatherTransport({ url: testMqttUrl(), prefix }),
      stations: [{ id: 'WS-SIM' }],
      seed: 5,
      clock,
      tickMs: 0,
    })
    try {
      // the first observation is taken at start; two more a minute apart (sent once the transport is connected)
      for (let i = 0; i < 2; i++) {
        clock.advance(60_000)
        sim.tick()
      }
      await eventually(async () => {
        sim.tick()
        await sim.idle()
        return (await rows('WS-SIM')) === 3
      }, 20_000)
    } finally {
      await sim.stop()
    }
    const newest = sim.observationAt('WS-SIM', t0 + 120_000)
    expect(newest.t).toBe('2026-06-01T10:02:00.000+08:00')
    const want = {
      station_id: 'WS-SIM',
      t: new Date(t0 + 120_000).toISOString(),
      wind_speed_ms: newest.wind_speed_ms,
      wind_from_deg: newest.wind_from_deg,
      temp_c: newest.temp_c,
      cloud_cover_oktas: newest.cloud_cover_oktas,
    }
    await eventually(async () => s.stations.latest('WS-SIM')?.t === want.t, 5_000, 20)
    expect(s.stations.latest('WS-SIM')).toEqual(want)
    const list = await ent.get('/api/v1/weather/stations')
    expect(list.status).toBe(200)
    expect(list.body.find((x: { station_id: string }) => x.station_id === 'WS-SIM')).toEqual({
      ...want,
      observations: 3,
    })
    const series = await op.get(
      `/api/v1/weather/stations/WS-SIM/observations?since=${encodeURIComponent(at(-1))}`,
    )
    expect(series.status).toBe(200)
    expect(series.body.map((o: { t: string }) => o.t)).toEqual(
      [0, 1, 2].map((m) => new Date(t0 + m * 60_000).toISOString()),
    )
    expect((await op.get('/api/v1/weather/stations/WS-NONE/observations')).status).toBe(404)
    expect((await op.get('/api/v1/weather/stations/WS-SIM/observations?limit=0')).status).toBe(400)
  })

  it('counts a bad message and drops it', async () => {
    const before = await rows('WS-SIM')
    const rejected = s.stations.rejected
    await publish('WS-SIM', '{"t": "not json')
    await publish('WS-SIM', { t: at(10), wind_speed_ms: -2, wind_from_deg: 90 })
    await publish('WS-SIM', { t: at(10), wind_speed_ms: 2, wind_from_deg: 90, colour: 'blue' })
    await publish('bad.station', { t: at(10), wind_speed_ms: 2, wind_from_deg: 90 })
    // messages are taken in order: once this one is stored, the four before it were judged
    await publish('WS-SIM', {
      t: at(11),
      wind_speed_ms: 2,
      wind_from_deg: 90,
      temp_c: 25,
      cloud_cover_oktas: 2,
    })
    await eventually(async () => (await rows('WS-SIM')) === before + 1, 10_000, 50)
    expect(s.stations.rejected).toBe(rejected + 4)
    expect(
      (
        await s.db.query<{ n: string }>(
          systemScope,
          `SELECT count(*) AS n FROM weather_observations WHERE t = $1`,
          [at(10)],
        )
      )[0]!.n,
    ).toBe('0')
  })

  it('moves an incident that takes the station’s weather on a wind shift, and only then', async () => {
    await publish('WS-T2', { t: at(0), wind_speed_ms: 3, wind_from_deg: 90, temp_c: 24 })
    await eventually(async () => s.stations.latest('WS-T2') !== null, 10_000, 50)
    const declared = await op.post('/api/v1/incidents', {
      kind: 'leak',
      asset_id: tank,
      rate_gs: 1000,
      duration_s: 600,
      weather: { source: 'station', station_id: 'WS-T2' },
    })
    expect(declared.status).toBe(201)
    const id: string = declared.body.id
    expect(declared.body.weather).toMatchObject({
      source: 'station',
      station_id: 'WS-T2',
      wind_from_deg: 90,
      stability: 'D',
      observed_at: new Date(t0).toISOString(),
    })
    const manual = await op.post('/api/v1/incidents', {
      kind: 'leak',
      asset_id: tank,
      rate_gs: 1000,
      duration_s: 600,
      weather: { wind_speed_ms: 3, wind_from_deg: 90, stability: 'D' },
    })
    expect(manual.status).toBe(201)

    await publish('WS-T2', { t: at(1), wind_speed_ms: 3.5, wind_from_deg: 100 }) // meander: 10°, 0.5 m/s
    await publish('WS-T2', { t: at(2), wind_speed_ms: 0.6, wind_from_deg: 270 }) // calm
    await publish('WS-T2', { t: at(-5), wind_speed_ms: 3, wind_from_deg: 270 }) // late
    await publish('WS-T2', { t: at(3), wind_speed_ms: 3, wind_from_deg: 270 }) // the shift
    const moved = await eventually(
      async () => {
        const r = await op.get(`/api/v1/incidents/${id}`)
        return r.body.weather.wind_from_deg === 270 ? r.body : null
      },
      20_000,
      100,
    )
    await s.stations.settled()
    expect(await rows('WS-T2')).toBe(5)
    expect(moved.weather).toMatchObject({
      source: 'station',
      station_id: 'WS-T2',
      observed_at: new Date(t0 + 180_000).toISOString(),
    })
    // wind from the west: the zones lie east of the tank
    for (const f of moved.zones.zones.features as LevelFeature[])
      for (const [lon] of f.geometry.coordinates[0]!)
        expect(lon!).toBeGreaterThanOrEqual(moved.source.lon - 1e-7)
    expect(Date.parse(moved.zones_at)).toBeGreaterThan(Date.parse(declared.body.zones_at))

    const log = (await op.get(`/api/v1/incidents/${id}/log`)).body as {
      kind: string
      actor: string
      payload: Record<string, unknown>
    }[]
    const changes = log.filter((e) => e.kind === 'weather_changed')
    expect(changes).toHaveLength(1)
    expect(changes[0]).toMatchObject({
      actor: 'system',
      payload: {
        trigger: 'station',
        direction_change_deg: 180,
        speed_change_ms: 0,
        from: { wind_from_deg: 90, observed_at: new Date(t0).toISOString() },
        to: { wind_from_deg: 270, station_id: 'WS-T2' },
      },
    })
    expect(log.filter((e) => e.kind === 'zones_computed')).toHaveLength(2)
    await eventually(
      async () => pushed.some((m) => m.incident_id === id && m.change === 'weather_changed'),
      10_000,
      50,
    )

    // the incident with manual weather keeps it
    const still = await op.get(`/api/v1/incidents/${manual.body.id}`)
    expect(still.body.weather).toMatchObject({ source: 'manual', wind_from_deg: 90 })
    expect(still.body.zones_at).toBe(manual.body.zones_at)

    // a closed incident no longer follows
    expect((await op.post(`/api/v1/incidents/${id}/close`, {})).status).toBe(200)
    await publish('WS-T2', { t: at(4), wind_speed_ms: 3, wind_from_deg: 0 })
    await eventually(async () => (await rows('WS-T2')) === 6, 10_000, 50)
    await eventually(async () => s.stations.latest('WS-T2')?.wind_from_deg === 0, 5_000, 20)
    await s.stations.settled()
    expect((await op.get(`/api/v1/incidents/${id}`)).body.weather.wind_from_deg).toBe(270)
  })

  it('takes the simulator in process when there is no broker, dropping what the receiver refuses', async () => {
    const clock = createManualClock(t0)
    const offered: string[] = []
    const sim = startWeatherSimulator({
      transport: inProcessWeatherTransport((station, payload) => {
        offered.push(station)
        return s.stations.receive(station, payload)
      }),
      stations: [{ id: 'WS-LOCAL' }, { id: 'bad.id' }],
      seed: 9,
      clock,
      tickMs: 0,
    })
    await sim.idle()
    clock.advance(60_000)
    sim.tick()
    await sim.idle()
    await sim.stop()
    expect(await rows('WS-LOCAL')).toBe(2)
    expect(sim.stats()).toMatchObject({ observations: 4, sent: 2, dropped: 2, buffered: 0 })
    expect(offered.filter((x) => x === 'bad.id')).toHaveLength(2)
    expect(s.stations.latest('WS-LOCAL')).toMatchObject(
      (({ t: _t, ...o }) => o)(sim.observationAt('WS-LOCAL', t0 + 60_000)),
    )
  })
})
