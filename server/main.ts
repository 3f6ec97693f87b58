// Composition root: reads the configuration, builds the platform parts and starts the roles of this
// node (--services=web,realtime,ingest,worker,sim or SERVICES=…).
import { createServer, type Server } from 'node:http'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { hostname } from 'node:os'
import { randomBytes } from 'node:crypto'
import { ConfigError, loadConfig, type Config } from './platform/config'
import { createLogger, type Logger } from './platform/logger'
import { Db, systemScope } from './platform/db/db'
import { startEmbeddedDatabase, type EmbeddedDatabase } from './platform/db/embedded'
import { migrate } from './platform/db/migrate'
import { ensurePartitions } from './platform/db/partitions'
import { createBus } from './platform/bus/create-bus'
import { streams, type Bus, type Subscription } from './platform/bus/bus'
import { SessionStore } from './platform/auth/sessions'
import { createHttpApp } from './platform/http/app'
import { createSocketServer } from './platform/realtime/socket-server'
import { every } from './platform/scheduler'
import type { SystemAlarmSink } from './modules/alarms/system-conditions'
import { AuthService } from './modules/auth/auth.service'
import { publicAuthRoutes, sessionAuthRoutes } from './modules/auth/auth.routes'
import { UsersService } from './modules/users/users.service'
import { usersRoutes } from './modules/users/users.routes'
import { ParkService } from './modules/park/park.service'
import { parkRoutes } from './modules/park/park.routes'
import { AssetsService } from './modules/assets/assets.service'
import { assetsRoutes } from './modules/assets/assets.routes'
import { tagsRoutes } from './modules/tags/tags.routes'
import { upsertTags } from './modules/tags/tags.repository'
import { startPositionWriter } from './modules/tags/positions.writer'
import { startPositionBroadcaster } from './modules/tags/positions.broadcaster'
import { EnvironmentService } from './modules/environment/environment.service'
import { environmentRoutes } from './modules/environment/environment.routes'
import { SensorsService } from './modules/sensors/sensors.service'
import { sensorsRoutes } from './modules/sensors/sensors.routes'
import { applyRetention } from './modules/sensors/retention'
import { CollectorsAdminService } from './modules/environment/collectors-admin.service'
import { collectorsAdminRoutes } from './modules/environment/collectors-admin.routes'
import { ComplianceService } from './modules/environment/compliance.service'
import { complianceRoutes } from './modules/environment/compliance.routes'
import { HazwasteService } from './modules/hazwaste/hazwaste.service'
import { hazwasteRoutes } from './modules/hazwaste/hazwaste.routes'
import { checkHazwaste } from './modules/hazwaste/hazwaste.check'
import { seedHazwasteDemo } from './modules/hazwaste/hazwaste.seed'
import { startGeofenceWorker } from './modules/zones/geofence.worker'
import { zonesRoutes } from './modules/zones/zones.routes'
import { SensorReadingsService } from './modules/sensors/sensor-readings.service'
import { syncSafetySensors } from './modules/sensors/sensor-readings.repository'
import { startMqttIngest } from './ingest/mqtt/mqtt.ingest'
import { createHttpIngest } from './ingest/http/http.ingest'
import { BookingsService } from './modules/bookings/bookings.service'
import { bookingsRoutes } from './modules/bookings/bookings.routes'
import { EmergencyService } from './modules/emergency/emergency.service'
import { emergencyRoutes } from './modules/emergency/emergency.routes'
import { EmergencyPlansService } from './modules/emergency-plans/plans.service'
import { emergencyPlansRoutes } from './modules/emergency-plans/plans.routes'
import { checkEmergencyPlans } from './modules/emergency-plans/plans.check'
import { seedEmergencyPlansDemo } from './modules/emergency-plans/plans.seed'
import { DrillsService } from './modules/drills/drills.service'
import { drillsRoutes } from './modules/drills/drills.routes'
import { IncidentsService } from './modules/incidents/incidents.service'
import { incidentsRoutes } from './modules/incidents/incidents.routes'
import { startIncidentRealtime } from './modules/incidents/incidents.realtime'
import { WeatherStations, startWeatherStations } from './modules/incidents/weather-station'
import { weatherRoutes } from './modules/incidents/weather.routes'
import { startWeatherSimulator } from '../sensors/simulators/weather/run-weather'
import { inProcessWeatherTransport, mqttWeatherTransport } from '../sensors/simulators/weather/transports'
import { bookingZoneAuthorizer, withBookingGrants } from './modules/bookings/booking-zone-grants'
import { hazmatRouteRule, type HazmatRouteRuleHandle } from './modules/bookings/hazmat-route.rule'
import { findUserByName } from './modules/auth/auth.repository'
import { scopeOf } from './platform/auth/sessions'
import { newBookingBody, assignTagBody } from './contracts/bookings'
import { tracksRoutes } from './modules/tracks/tracks.routes'
import { CardsService } from './modules/cards/cards.service'
import { cardsRoutes } from './modules/cards/cards.routes'
import { CardAuthorizations } from './modules/cards/card-authorizer'
import { GatesService } from './modules/gates/gates.service'
import { gatesRoutes } from './modules/gates/gates.routes'
import { videoRoutes } from './modules/video/video.routes'
import { syncCameras } from './modules/video/cameras.seed'
import { startGateRealtime } from './modules/gates/gates.realtime'
import { seedEnterpriseGatesDemo } from './modules/gates/gates.seed'
import { DocumentsService } from './modules/documents/documents.service'
import { documentsRoutes } from './modules/documents/documents.routes'
import { seedDocumentsDemo } from './modules/documents/documents.seed'
import { NotificationsService } from './modules/notifications/notifications.service'
import { notificationsRoutes } from './modules/notifications/notifications.routes'
import { runDocumentReminders } from './modules/notifications/reminders.scheduler'
import { deliverNotifications } from './modules/notifications/outbox'
import { notificationChannelsFromEnv } from './modules/notifications/channels'
import { HazardsService } from './modules/hazards/hazards.service'
import { hazardsRoutes } from './modules/hazards/hazards.routes'
import { checkMajorHazards } from './modules/hazards/hazards.check'
import { ensureMajorHazardCatalogue, seedMajorHazardsDemo } from './modules/hazards/hazards.seed'
import { PermitsService } from './modules/permits/permits.service'
import { permitsRoutes } from './modules/permits/permits.routes'
import { checkWorkPermits } from './modules/permits/permits.check'
import { seedPermitsDemo } from './modules/permits/permits.seed'
import { startPermitGasWatch } from './modules/permits/gas-watch'
import { RiskService } from './modules/risk/risk.service'
import { riskRoutes } from './modules/risk/risk.routes'
import { seedRiskDemo } from './modules/risk/risk.seed'
import { HiddenDangersService } from './modules/hidden-dangers/hd.service'
import { hiddenDangersRoutes } from './modules/hidden-dangers/hd.routes'
import { seedHiddenDangersDemo } from './modules/hidden-dangers/hd.seed'
import { checkHiddenDangers } from './modules/hidden-dangers/hd.check'
import { SafetyBasicsService } from './modules/safety-basics/basics.service'
import { safetyBasicsRoutes } from './modules/safety-basics/basics.routes'
import { checkSafetyBasics } from './modules/safety-basics/basics.check'
import { seedSafetyBasicsDemo } from './modules/safety-basics/basics.seed'
import { OrganisationService } from './modules/organisation/organisation.service'
import { organisationRoutes } from './modules/organisation/organisation.routes'
import { seedOrganisationDemo } from './modules/organisation/organisation.seed'
import { AdmissionService } from './modules/admission/admission.service'
import { admissionRoutes } from './modules/admission/admission.routes'
import { seedAdmissionDemo } from './modules/admission/admission.seed'
import { EvaluationService } from './modules/evaluation/evaluation.service'
import { evaluationRoutes } from './modules/evaluation/evaluation.routes'
import { ensureEvaluationChecklist, seedEvaluationDemo } from './modules/evaluation/evaluation.seed'
import { ReportsService } from './modules/reports/reports.service'
import { reportsRoutes } from './modules/reports/reports.routes'
import { PdfRenderer } from './modules/reports/pdf-renderer'
import { ProjectsService } from './modules/projects/projects.service'
import { projectsRoutes } from './modules/projects/projects.routes'
import { seedProjectsDemo } from './modules/projects/projects.seed'
import { checkProjects } from './modules/projects/projects.check'
import { EnforcementService } from './modules/enforcement/enforcement.service'
import { enforcementRoutes } from './modules/enforcement/enforcement.routes'
import { seedEnforcementDemo } from './modules/enforcement/enforcement.seed'
import { checkEnforcement } from './modules/enforcement/enforcement.check'
import { OccupancyService } from './modules/zones/occupancy'
import { zoneHeadcountRule } from './modules/zones/headcount.rule'
import { cardPresenceRule } from './modules/cards/card-presence.rule'
import { occupancyRoutes } from './modules/zones/occupancy.routes'
import { cardZoneRules, zoneRules } from './modules/zones/zone-rules'
import { startHj212Listener } from './ingest/hj212/hj212.listener'
import { startJt808Listener } from './ingest/jt808/jt808.listener'
import { AlarmsService } from './modules/alarms/alarms.service'
import {
  alarmRoutes,
  startAlarmRealtime,
  startAlarmWorker,
  type AlarmWorker,
} from './modules/alarms/alarms.start'
import { bbox } from '@turf/turf'
import { readPark } from '../geodata/read'
import { isSeeded, seedPark } from '../geodata/seed'
import { startTagSimulator } from '../sensors/simulators/tags/run-tags'
import { startHj212Simulator } from '../sensors/simulators/hj212/run-hj212'
import { parkCollectors } from '../sensors/simulators/hj212/park-collectors'
import { startSafetySimulator } from '../sensors/simulators/safety/run-safety'
import { httpTransport, mqttTransport } from '../sensors/simulators/safety/transports'
import { startHazmatSimulator, type HazmatBookingsApi } from '../sensors/simulators/hazmat/run-hazmat'
import { httpGateSender, startGateSimulator } from '../sensors/simulators/gates/run-gates'

const port0 = (c: Config) => (c.PORT === 0 ? 'ephemeral-' + process.pid : String(c.PORT))
const root = fileURLToPath(new URL('..', import.meta.url))
const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version

export interface RunningServer {
  url: string
  /** the HTTP port (same as ports.http) */
  port: number
  /** ports actually bound (a configured 0 picks a free one); hj212 is null when this node has no ingest role */
  ports: { http: number; hj212: number | null; jt808: number | null }
  db: Db
  bus: Bus
  adminPassword: string | null
  stop(): Promise<void>
}

/** Starts a node with the given configuration; used by `npm start` and by the integration tests. */
export async function startServer(
  config: Config,
  log: Logger = createLogger(config.LOG_LEVEL),
): Promise<RunningServer> {
  const stops: (() => Promise<void> | void)[] = []
  const stopAll = async () => {
    for (const s of stops.reverse()) await s()
  }
  try {
    let embedded: EmbeddedDatabase | null = null
    let dbUrl = config.DATABASE_URL
    if (!dbUrl) {
      log.info(
        { dir: join(config.DATA_DIR, 'pglite') },
        'no DATABASE_URL: starting embedded PGlite with PostGIS',
      )
      embedded = await startEmbeddedDatabase(join(config.DATA_DIR, 'pglite'))
      stops.push(() => embedded?.stop())
      dbUrl = embedded.url
    }
    const db = new Db(dbUrl, embedded ? 'pglite' : 'postgres')
    stops.push(() => db.close())
    const applied = await migrate(db)
    if (applied.length) log.info({ applied }, 'migrations applied')
    const park = readPark()
    await db.owner(async (q) => {
      if (!(await isSeeded(q))) {
        await seedPark(q, park)
        log.info('demo park seeded')
      }
      // safety sensors (tank level/temperature/pressure, process parameters, gas-detector defaults) for the
      // park's assets: idempotent, never undoes the park's edits
      const registered = await syncSafetySensors(q)
      if (registered) log.info({ registered }, 'safety sensors registered')
      // the demo park's cameras, once (a park with cameras keeps its own)
      const cameras = await syncCameras(q)
      if (cameras) log.info({ cameras }, 'cameras registered')
      // GB 18218-2018 critical quantities and β (reference data, the park may edit it): once
      await ensureMajorHazardCatalogue(q)
      // the 导则 checklist of the annual park evaluation (data the park edits; loaded once)
      await ensureEvaluationChecklist(q)
      // the simulated park's demo ledgers (idempotent; SIM=off: real data only)
      if (config.SIM === 'on') await seedHazwasteDemo(q)
      // demo emergency plans (应急预案) and resources from the park's assets (idempotent)
      if (config.SIM === 'on') await seedEmergencyPlansDemo(q)
      // the simulated park's enterprise second gates (二道闸), which the gate simulator's vehicles pass
      if (config.SIM === 'on') await seedEnterpriseGatesDemo(q)
      // demo documents (licences, assessments, approvals…) as real one-page PDFs, some expiring soon
      if (config.SIM === 'on') await seedDocumentsDemo(q)
      // an approved 2025 and a draft 2026 annual evaluation (evidence links to the documents above)
      if (config.SIM === 'on') await seedEvaluationDemo(q)
      // construction projects with their 三同时 stages (one trial run over a year), and the enforcement
      // ledger: plans, inspections, penalties, rectification notices (two overdue)
      if (config.SIM === 'on') await seedProjectsDemo(q)
      if (config.SIM === 'on') await seedEnforcementDemo(q)
      // demo major-hazard units (重大危险源), their 包保 persons and checks
      if (config.SIM === 'on') await seedMajorHazardsDemo(q)
      // today's special work (特殊作业) permits and filings, dated so the demo always has work in progress
      if (config.SIM === 'on') await seedPermitsDemo(q)
      // 安全基础管理: enterprise profiles, licences, start-up/shutdown and overhaul records, contractors
      if (config.SIM === 'on') await seedSafetyBasicsDemo(q)
      // the park's organisation chart (组织机构, only while it is empty), zones' planned use and demo admission
      // applications (准入评估, graded with the major-hazard catalogue above)
      if (config.SIM === 'on') await seedOrganisationDemo(q)
      if (config.SIM === 'on') await seedAdmissionDemo(q)
      // dual prevention (双重预防): risk units and points with LEC, then the hidden dangers found at them
      if (config.SIM === 'on') await seedRiskDemo(q)
      if (config.SIM === 'on') await seedHiddenDangersDemo(q)
    })
    const bus = await createBus(
      config.REDIS_URL,
      (err) => log.warn({ err }, 'bus connection problem; retrying'),
      config.REDIS_PREFIX,
    )
    stops.push(() => bus.close())
    const sessions = new SessionStore(db, config.SESSION_IDLE_MIN, config.SESSION_MAX_MIN)
    const auth = new AuthService(db, sessions)
    const admin = await auth.ensureAdmin(config.ADMIN_PASSWORD)
    const roles = new Set(config.SERVICES)
    // stable across restarts, so a restarted node reads its own pending entries first
    const node = `${hostname()}-${port0(config)}`
    const subs: Subscription[] = []
    stops.push(async () => {
      for (const s of subs) await s.stop()
    })
    // devices and gateways present this on POST /api/v1/ingest/*; without INGEST_TOKEN only this process's
    // simulators know the generated one (park staff sessions are accepted either way)
    const ingestToken = config.INGEST_TOKEN ?? randomBytes(24).toString('base64url')
    // safety-sensor readings (MQTT and HTTP share one registry cache)
    const safetyReadings = new SensorReadingsService(db, bus, log)
    // producers outside the worker (ingest SOS, gate events) raise through this; it wakes an in-process relay
    const producerAlarms = new AlarmsService(db, { onCommitted: () => alarmWorker?.relay.wake() })
    // hazard models (敏捷应急) and the incidents declared on them; weather from the stations' latest readings
    const emergency = new EmergencyService(db)
    const weatherStations = new WeatherStations(db)
    const incidents = new IncidentsService(db, emergency, {
      bus,
      log,
      alarms: producerAlarms,
      stations: weatherStations,
    })

    let alarmWorker: AlarmWorker | null = null
    let hazmatRule: HazmatRouteRuleHandle | null = null
    const bookings = new BookingsService(db, { onChanged: () => hazmatRule?.requestReload() })

    // ingest: HJ 212-2017 data collectors (数采仪) over TCP
    let hj212Port: number | null = null
    if (roles.has('ingest')) {
      const hj212 = await startHj212Listener({
        port: config.HJ212_PORT,
        host: config.HOST,
        db,
        bus,
        log,
        node,
      })
      stops.push(() => hj212.stop())
      hj212Port = hj212.port
    }
    // ingest: JT/T 808 vehicle and badge terminals over TCP
    let jt808Port: number | null = null
    if (roles.has('ingest')) {
      const jt808 = await startJt808Listener({
        db,
        bus,
        log,
        port: config.JT808_PORT,
        host: config.HOST,
        node,
        // terminal SOS / collision / rollover bits are raised before the terminal is answered
        alarms: producerAlarms,
      })
      stops.push(() => jt808.stop())
      jt808Port = jt808.port
    }

    // ingest: safety sensors over MQTT (gas detectors, tank and process sensors)
    if (roles.has('ingest') && config.MQTT_URL) {
      const mqttIngest = await startMqttIngest({
        url: config.MQTT_URL,
        prefix: config.MQTT_TOPIC_PREFIX,
        db,
        bus,
        log,
        node,
        service: safetyReadings,
        alarms: producerAlarms,
      })
      stops.push(() => mqttIngest.stop())
    }

    let http: Server | null = null
    let port = config.PORT
    if (roles.has('web') || roles.has('realtime')) {
      const clientDir = join(root, 'dist', 'client')
      // the same safety readings over HTTP (the embedded default when there is no MQTT broker)
      const httpIngest = roles.has('web')
        ? createHttpIngest({
            db,
            bus,
            log,
            node,
            sessions,
            token: ingestToken,
            service: safetyReadings,
            alarms: producerAlarms,
          })
        : null
      if (httpIngest) stops.push(() => httpIngest.stop())
      const evaluation = new EvaluationService(db)
      const pdf = new PdfRenderer()
      stops.push(() => pdf.close())
      const app = createHttpApp({
        db,
        bus,
        log,
        sessions,
        version,
        clientDir: roles.has('web') && existsSync(clientDir) ? clientDir : null,
        publicRouters: [
          publicAuthRoutes(auth, { secureCookie: config.COOKIE_SECURE, maxAgeMin: config.SESSION_MAX_MIN }),
          ...(httpIngest ? [httpIngest.router] : []),
        ],
        routers: roles.has('web')
          ? [
              sessionAuthRoutes(db, sessions),
              usersRoutes(new UsersService(db)),
              parkRoutes(new ParkService(db)),
              assetsRoutes(new AssetsService(db)),
              tagsRoutes(db, bus),
              environmentRoutes(new EnvironmentService(db, bus)),
              alarmRoutes(db, { onCommitted: () => alarmWorker?.relay.wake() }),
              sensorsRoutes(new SensorsService(db, bus)),
              collectorsAdminRoutes(new CollectorsAdminService(db)),
              complianceRoutes(new ComplianceService(db)),
              hazwasteRoutes(new HazwasteService(db)),
              zonesRoutes(db),
              occupancyRoutes(new OccupancyService(db, bus)),
              bookingsRoutes(bookings),
              tracksRoutes(db),
              cardsRoutes(new CardsService(db)),
              gatesRoutes(new GatesService(db, producerAlarms, log)),
              ...videoRoutes(db),
              emergencyRoutes(emergency),
              emergencyPlansRoutes(new EmergencyPlansService(db)),
              documentsRoutes(new DocumentsService(db)),
              notificationsRoutes(new NotificationsService(db)),
              safetyBasicsRoutes(new SafetyBasicsService(db)),
              permitsRoutes(new PermitsService(db)),
              organisationRoutes(new OrganisationService(db)),
              admissionRoutes(new AdmissionService(db)),
              evaluationRoutes(evaluation),
              projectsRoutes(new ProjectsService(db)),
              enforcementRoutes(new EnforcementService(db)),
              // reports as HTML, and as PDF printed by headless Chromium (503 when it is not installed)
              reportsRoutes(new ReportsService(db, evaluation, pdf)),
              riskRoutes(new RiskService(db)),
              hiddenDangersRoutes(new HiddenDangersService(db)),
              // a grade change is alarmed at once through the producer path (else at the hourly check)
              hazardsRoutes(
                new HazardsService(db, {
                  alarms: {
                    raise: (a) =>
                      producerAlarms.raise({
                        ...a,
                        t: a.t ? Date.parse(a.t) : Date.now(),
                        value: null,
                        limit: null,
                        enterprise_id: a.enterprise_id ?? null,
                        location: null,
                        props: a.props ?? {},
                      }),
                    clear: (s, r, t) => producerAlarms.returnToNormal(s, r, t ? Date.parse(t) : Date.now()),
                  },
                }),
              ),
              drillsRoutes(new DrillsService(db, emergency)),
              incidentsRoutes(incidents),
              weatherRoutes(db),
            ]
          : [],
      })
      http = createServer(app.callback())
      const server = http
      // weather stations (气象站) over MQTT: stored, kept as the latest per station, and followed by the
      // incidents declared with a station's weather (zones redrawn on a wind shift)
      const stationsRt = await startWeatherStations({
        stations: weatherStations,
        mqttUrl: config.MQTT_URL,
        prefix: config.MQTT_TOPIC_PREFIX,
        log,
        incidents,
      })
      stops.push(() => stationsRt.stop())
      if (roles.has('realtime')) {
        const rt = await createSocketServer(server, {
          sessions,
          bus,
          log,
          allowedOrigins: config.ALLOWED_ORIGINS,
        })
        stops.push(() => rt.stop())
        subs.push(startPositionBroadcaster(rt.io, db, bus, log))
        subs.push(startAlarmRealtime(rt.io, bus, log))
        subs.push(startGateRealtime(rt.io, bus, log))
        subs.push(startIncidentRealtime(rt.io, bus, log))
      }
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject)
        server.listen(config.PORT, config.HOST, () => resolve())
      })
      port = (server.address() as { port: number }).port
      stops.push(() => new Promise<void>((r) => server.close(() => r())))
      stops.push(() => void server.closeAllConnections())
    }

    // worker: alarm outbox relay, alarm engine on the readings stream, silence / shelf-expiry / escalation jobs.
    // Started after the realtime role, so alarms the relay publishes at start reach this node's pusher.
    if (roles.has('worker')) {
      const worker = await startAlarmWorker({ db, bus, log, node })
      alarmWorker = worker
      stops.push(() => worker.stop())
    }
    if (roles.has('worker')) {
      const partitions = every(3_600_000, 'partitions', log, () => ensurePartitions(db))
      stops.push(() => partitions.stop())
      const retention = every(6 * 3_600_000, 'retention', log, () =>
        applyRetention(db, {
          readingsDays: config.READINGS_RETENTION_DAYS,
          positionsDays: config.POSITIONS_RETENTION_DAYS,
        }),
      )
      stops.push(() => retention.stop())
      const engine = alarmWorker!.engine
      // reminder and limit checks raise and clear system alarms through the engine
      const systemAlarms: SystemAlarmSink = {
        raise: (a) => engine.raiseSystemAlarm(a),
        clear: (src, rule, t) => engine.clearSystemAlarm(src, rule, t),
      }
      const hourly = (name: string, check: (db: Db, sink: SystemAlarmSink) => Promise<unknown>) => {
        const job = every(3_600_000, name, log, () => check(db, systemAlarms))
        stops.push(() => job.stop())
      }
      // hazardous waste over its limits or stored too long (危废)
      hourly('hazwaste-check', checkHazwaste)
      // drills due and plan revisions due (应急预案演练/修订提醒)
      hourly('emergency-plans-check', checkEmergencyPlans)
      // major hazards: grade changed since registration, 包保 persons missing, periodic checks overdue
      hourly('major-hazards-check', checkMajorHazards)
      // licences expiring or expired (许可证到期), contractor qualifications
      hourly('safety-basics-check', checkSafetyBasics)
      // trial runs over one year without acceptance (试生产超期), rectification notices past their deadline
      hourly('projects-check', checkProjects)
      hourly('enforcement-check', checkEnforcement)
      // hidden dangers past their rectification deadline (隐患逾期督办)
      hourly('hidden-dangers-check', checkHiddenDangers)
      // 特殊作业 spot checks (已报备未办证 / 作业中未报备 / 过期未关闭), every 5 minutes: an expired permit shows soon
      const permitChecks = every(300_000, 'work-permits-check', log, () => checkWorkPermits(db, systemAlarms))
      stops.push(() => permitChecks.stop())
      // a gas detector alarming within 15 m of hot work in progress: an urgent alarm on the permit
      subs.push(startPermitGasWatch({ db, bus, log, node, alarms: systemAlarms }))
      // document expiry reminders (证照/文件到期提醒): once per threshold, kept in the database; e-mail and
      // webhook deliveries from the outbox with retries
      const channels = notificationChannelsFromEnv(process.env)
      const docReminders = every(5 * 60_000, 'document-reminders', log, () =>
        runDocumentReminders(db, new Date(), { channels }),
      )
      stops.push(() => docReminders.stop())
      const deliveries = every(60_000, 'notification-deliveries', log, () =>
        deliverNotifications(db, channels),
      )
      stops.push(() => deliveries.stop())
      // geofencing on the accepted positions: zone events, intrusion / overspeed alarms, and per-tag rules
      // (hazmat truck off its booked route, illegal stop)
      hazmatRule = hazmatRouteRule(db, log)
      const cards = new CardAuthorizations(db)
      // 区域超员 headcount over a zone's limit; 逾期未离园 overdue exit and 定位卡/终端失联 silent card or terminal
      const headcount = zoneHeadcountRule(db, log)
      const presence = cardPresenceRule(db, log)
      const geofence = await startGeofenceWorker(
        {
          db,
          bus,
          log,
          node,
          alarms: new AlarmsService(db, { onCommitted: () => alarmWorker?.relay.wake() }),
        },
        // card holders: zones their card names; hazmat trucks: their booked route, and the restricted zones
        // their destination owns or their approved corridor touches
        {
          rules: cardZoneRules(
            cards,
            withBookingGrants(
              zoneRules,
              bookingZoneAuthorizer((tag) => hazmatRule?.rule.bookingOf(tag)),
            ),
          ),
          tagRules: [hazmatRule, cards, headcount, presence],
        },
      )
      stops.push(() => geofence.stop())
      // fixes more than ~5 km outside the park boundary are not park positions (position filter)
      const [w, s, e, n] = bbox(park.boundary)
      subs.push(
        startPositionWriter(db, bus, log, node, {
          filter: { bounds: [w - 0.05, s - 0.05, e + 0.05, n + 0.05] },
        }),
      )
    }

    if (roles.has('sim') && config.SIM === 'on' && config.SIM_TAGS > 0) {
      const sim = startTagSimulator({
        park,
        count: config.SIM_TAGS,
        // operators and contractors at their units: people near the tanks when something leaks
        workforce: config.SIM_WORKERS,
        seed: 20261128,
        periodMs: 1000,
        publish: async (samples) => {
          await bus.publish(streams.positions, { samples })
        },
      })
      await db.tx(systemScope, (q) => upsertTags(q, sim.tags))
      stops.push(() => sim.stop())
      log.info({ tags: sim.tags.length }, 'tag simulator running')
    }

    // sim: simulated HJ 212 collectors, over real TCP to this node's listener (or HJ212_PORT elsewhere)
    const simHj212Port = hj212Port ?? config.HJ212_PORT
    if (roles.has('sim') && config.SIM === 'on' && simHj212Port > 0) {
      const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? '127.0.0.1' : config.HOST
      const sim = startHj212Simulator({
        collectors: parkCollectors(park),
        host,
        port: simHj212Port,
        seed: 20261128,
      })
      stops.push(() => sim.stop())
      log.info({ collectors: sim.collectors.length, port: simHj212Port }, 'hj212 simulator running')
    }

    // sim: hazmat trucks speaking JT/T 808 to this node's listener, booked through the bookings service as
    // the park admin; one per cycle leaves its route for two minutes (the off-route alarm)
    const simJt808Port = jt808Port ?? config.JT808_PORT
    if (roles.has('sim') && config.SIM === 'on' && simJt808Port > 0) {
      const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? '127.0.0.1' : config.HOST
      const sim = startHazmatSimulator({
        bookings: await inProcessBookings(db, bookings),
        jt808Host: host,
        jt808Port: simJt808Port,
        park,
        seed: 20261128,
        onEvent: (e) => {
          if (e.type === 'error') log.warn({ e }, 'hazmat simulator')
        },
      })
      stops.push(() => sim.stop())
      log.info({ trucks: sim.trucks.length }, 'hazmat truck simulator running')
    }

    // sim: plate cameras at the park's general and unattended gates and the enterprises' second gates, over HTTP
    // to this node's ingest endpoint (ordinary vehicles; the hazmat trucks come booked, from the simulator above)
    if (roles.has('sim') && config.SIM === 'on' && http && port > 0) {
      const secondGates = await db.query<{ id: string; enterprise_id: string }>(
        systemScope,
        'SELECT id, enterprise_id FROM enterprise_gates ORDER BY id',
      )
      const sim = startGateSimulator({
        parkGates: park.gates.features.map((g) => ({
          id: String(g.id),
          gate_class: g.properties.gate_class,
          lanes: g.properties.lanes,
        })),
        secondGates,
        seed: 20261128,
        send: httpGateSender({ url: `http://127.0.0.1:${port}`, token: ingestToken }),
        onError: (err) => log.debug({ err }, 'gate simulator: batch not taken, kept'),
      })
      stops.push(() => sim.stop())
      log.info({ second_gates: secondGates.length }, 'gate simulator running')
    }

    // sim: gas detectors, tank and process sensors with a scripted leak, over MQTT when a broker is set,
    // else over HTTP to this node's ingest endpoint
    if (roles.has('sim') && config.SIM === 'on') {
      const transport = config.MQTT_URL
        ? mqttTransport({ url: config.MQTT_URL, prefix: config.MQTT_TOPIC_PREFIX })
        : http && port > 0
          ? httpTransport({ url: `http://127.0.0.1:${port}`, token: ingestToken })
          : null
      if (transport) {
        const sim = startSafetySimulator({ park, transport, seed: 20261128 })
        stops.push(() => sim.stop())
        log.info(
          { sensors: sim.sensors.length, transport: transport.name },
          'safety sensor simulator running',
        )
      } else log.warn('safety sensor simulator off: no MQTT_URL and no web role on this node')
    }
    // sim: the park's weather station WS01, over MQTT when a broker is set, else handed in process to this
    // node's stations
    if (roles.has('sim') && config.SIM === 'on') {
      const transport = config.MQTT_URL
        ? mqttWeatherTransport({ url: config.MQTT_URL, prefix: config.MQTT_TOPIC_PREFIX })
        : roles.has('web')
          ? inProcessWeatherTransport((station, payload) => weatherStations.receive(station, payload))
          : null
      if (transport) {
        const sim = startWeatherSimulator({ transport, seed: 20261128 })
        stops.push(() => sim.stop())
        log.info(
          { stations: sim.stations.length, transport: transport.name },
          'weather station simulator running',
        )
      } else log.warn('weather station simulator off: no MQTT_URL and no web role on this node')
    }

    return {
      url: `http://localhost:${port}/`,
      port,
      ports: { http: port, hj212: hj212Port, jt808: jt808Port },
      db,
      bus,
      adminPassword: admin.generated,
      stop: stopAll,
    }
  } catch (err) {
    await stopAll().catch(() => undefined)
    throw err
  }
}

/**
 * The bookings a simulated hazmat truck makes, through the service (validated like the REST API) as the
 * park's admin account, so the audit trail names who booked.
 */
async function inProcessBookings(db: Db, bookings: BookingsService): Promise<HazmatBookingsApi> {
  const row = await db.tx(systemScope, (q) => findUserByName(q, 'admin'))
  if (!row) throw new Error('no admin account for the hazmat simulator')
  const user = {
    id: row.id,
    username: row.username,
    display_name: row.display_name,
    role: row.role,
    enterprise_id: row.enterprise_id,
    sessionId: 'simulator',
  }
  const who = { user, scope: scopeOf(user) }
  return {
    create: (b) => bookings.create(who, newBookingBody.parse(b), null),
    assignTag: async (id, tag) =>
      void (await bookings.assignTag(who, id, assignTagBody.parse({ tag_id: tag }), null)),
    approve: async (id) => void (await bookings.approve(who, id, null)),
    enter: async (id) => void (await bookings.enter(who, id, null)),
    complete: async (id) => void (await bookings.complete(who, id, null)),
  }
}

async function main() {
  let config: Config
  try {
    const arg = process.argv.find((a) => a.startsWith('--services='))
    config = loadConfig(arg ? { ...process.env, SERVICES: arg.slice('--services='.length) } : process.env)
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`${err.message}\nSee .env.example for every variable.`)
      process.exit(1)
    }
    throw err
  }
  try {
    // the reminder channels read their own variables (SMTP_*, NOTIFY_WEBHOOK_*): refuse bad ones now
    notificationChannelsFromEnv(process.env)
  } catch (err) {
    console.error(`Invalid configuration:\n  ${(err as Error).message}\nSee .env.example for every variable.`)
    process.exit(1)
  }
  const log = createLogger(config.LOG_LEVEL)
  const t0 = Date.now()
  const server = await startServer(config, log)
  const lines = [
    '',
    `  ChemPark Twin ${version} is running (${server.db.kind}, ${server.bus.kind} bus, ${((Date.now() - t0) / 1000).toFixed(1)} s)`,
    `  Command center:  ${server.url}`,
    server.adminPassword
      ? `  Sign in as:      admin / ${server.adminPassword}   (generated now and shown once; set ADMIN_PASSWORD to choose it)`
      : `  Sign in as:      admin (password from ADMIN_PASSWORD, or the one printed at first start)`,
    '',
  ]
  console.log(lines.join('\n'))
  let stopping = false
  const shutdown = async (signal: string) => {
    if (stopping) return
    stopping = true
    log.info({ signal }, 'shutting down')
    await server.stop().catch((err) => log.error({ err }, 'shutdown error'))
    process.exit(0)
  }
  process.on('SIGINT', () => void shutdown('SIGINT'))
  process.on('SIGTERM', () => void shutdown('SIGTERM'))
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err) => {
    console.error('ChemPark Twin failed to start:', err instanceof Error ? err.message : err)
    process.exit(1)
  })
}
