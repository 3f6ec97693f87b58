// Incident command (应急指挥): declares an incident at an asset or a point with its weather, computes its threat
// zones with the emergency center's models (EmergencyService.zones) and keeps them on the incident until the wind
// changes; answers who is inside the zones now (latest positions from the live cache), the nearest resources, the
// evacuation routes to muster points and the headcount there; logs every action and alarm; and pushes
// `incident.updated` through the bus (see incidents.realtime.ts).
import type { ZonesBody, ZonesResult } from '../../contracts/emergency'
import type {
  DeclareBody,
  EvacuationReport,
  Incident,
  IncidentKind,
  IncidentLogEntry,
  IncidentSummary,
  IncidentUpdated,
  IncidentWeather,
  InsideEntry,
  InsideReport,
  MusterReport,
  ResourcesReport,
  WeatherPatchBody,
} from '../../contracts/incidents'
import type { PositionSample } from '../../contracts/live'
import { cacheKeys, type Bus } from '../../platform/bus/bus'
import { systemScope, type Db, type DbScope } from '../../platform/db/db'
import type { AppState } from '../../platform/http/auth-middleware'
import { errors } from '../../platform/http/errors'
import type { Logger } from '../../platform/logger'
import type { AlarmsService } from '../alarms/alarms.service'
import { loadRoadNetwork, type RoadNetwork } from '../bookings/route-planner'
import type { EmergencyService } from '../emergency/emergency.service'
import { freshPositions } from '../zones/occupancy'
import { planEvacuation, type EvacuationOptions } from './evacuation'
import * as repo from './incidents.repository'
import { incidentsStream } from './incidents.realtime'
import type { WeatherStations } from './weather-station'
import {
  defaultFollowThresholds,
  followDecision,
  stationWeather,
  type FollowThresholds,
} from './station-follow'
import {
  compileZones,
  levelAt,
  musterHeadcount,
  whoInside,
  type InsideHit,
  type ZonePolygon,
} from './who-inside'

/** The alarm rule an incident raises (one open alarm per incident, cleared when it closes). */
export const incidentAlarmRule = 'incident_declared'
const kindZh: Record<IncidentKind, string> = { leak: '泄漏', fire: '火灾', explosion: '爆炸' }
const vehicleKinds = new Set(['vehicle', 'hazmat_vehicle'])
const networkTtlMs = 5 * 60_000

export interface IncidentsServiceOptions {
  bus: Bus
  log: Logger
  /** raises the incident's system alarm; none: no alarm */
  alarms?: AlarmsService | null
  /** the weather stations' latest observations; none: only the table */
  stations?: WeatherStations | null
  clock?: () => number
  evacuation?: EvacuationOptions
  /** when a station's observation shifts the wind of an incident that follows it (station-follow.ts) */
  follow?: Partial<FollowThresholds>
}

const byId = (id: string) => {
  if (!/^[0-9]{1,18}$/.test(id)) throw errors.notFound('incident', id.slice(0, 64))
  return id
}

/** The weather fields the zone models take. */
function zoneWeather(w: IncidentWeather): ZonesBody['weather'] {
  return {
    wind_speed_ms: w.wind_speed_ms,
    wind_from_deg: w.wind_from_deg,
    ...(w.stability ? { stability: w.stability } : {}),
    ...(w.cloud_cover_oktas !== undefined ? { cloud_cover_oktas: w.cloud_cover_oktas } : {}),
    ...(w.time ? { time: w.time } : {}),
  }
}

export class IncidentsService {
  private readonly bus: Bus
  private readonly log: Logger
  private readonly alarms: AlarmsService | null
  private readonly stations: WeatherStations | null
  private readonly clock: () => number
  private network: { at: number; net: RoadNetwork } | null = null

  constructor(
    private readonly db: Db,
    private readonly emergency: EmergencyService,
    opts: IncidentsServiceOptions,
  ) {
    this.bus = opts.bus
    this.log = opts.log
    this.alarms = opts.alarms ?? null
    this.stations = opts.stations ?? null
    this.clock = opts.clock ?? Date.now
    this.evacuationOptions = opts.evacuation ?? {}
    this.followThresholds = { ...defaultFollowThresholds, ...opts.follow }
  }
  private readonly evacuationOptions: EvacuationOptions
  private readonly followThresholds: FollowThresholds

  async declare(who: AppState, b: DeclareBody): Promise<Incident> {
    if (b.release.point) await this.checkInPark(who.scope, b.release.point)
    const weather = await this.resolveWeather(b.weather)
    const zones = await this.emergency.zones(who.scope, { ...b.release, weather: zoneWeather(weather) })
    const actor = who.user.username
    const title =
      b.title ??
      `${zones.chemical.name_zh}${kindZh[b.kind]}${zones.source.asset_id ? `（${zones.source.asset_id}）` : ''}`
    const incident = await this.db.tx(who.scope, async (q) => {
      const inc = await repo.insertIncident(q, {
        kind: b.kind,
        title,
        asset_id: zones.source.asset_id,
        lon: zones.source.lon,
        lat: zones.source.lat,
        chemical_id: zones.chemical.id,
        release: { ...b.release, scenario: zones.scenario },
        weather,
        zones,
        declared_by: actor,
        drill_id: b.drill_id,
      })
      await repo.insertLog(q, inc.id, actor, 'declared', {
        kind: inc.kind,
        title,
        asset_id: inc.asset_id,
        source: inc.source,
        chemical_id: inc.chemical_id,
        release: inc.release,
        weather,
        drill_id: inc.drill_id,
      })
      await repo.insertLog(q, inc.id, actor, 'zones_computed', zonesSummary(zones))
      return inc
    })
    await this.raiseAlarm(incident)
    await this.notify(incident, 'declared')
    return incident
  }

  async list(
    scope: DbScope,
    status: 'active' | 'closed' | undefined,
    limit: number,
  ): Promise<IncidentSummary[]> {
    return this.db.tx(scope, (q) => repo.listIncidents(q, status, limit))
  }

  async get(scope: DbScope, id: string): Promise<Incident> {
    const inc = await this.db.tx(scope, (q) => repo.incidentById(q, byId(id)))
    if (!inc) throw errors.notFound('incident', id)
    return inc
  }

  /** New weather: the zones are computed again and replace the incident's; logged and pushed. */
  async changeWeather(who: AppState, id: string, patch: WeatherPatchBody): Promise<Incident> {
    const before = await this.get(who.scope, id)
    if (before.status !== 'active') throw errors.conflict('incident.closed', `incident ${id} is closed`)
    const weather = await this.resolveWeather('source' in patch ? patch : { ...patch, source: 'manual' })
    const release = before.release as Omit<ZonesBody, 'weather'>
    const zones = await this.emergency.zones(who.scope, { ...release, weather: zoneWeather(weather) })
    const actor = who.user.username
    const incident = await this.db.tx(who.scope, async (q) => {
      const locked = await repo.incidentById(q, before.id, true)
      if (!locked) throw errors.notFound('incident', id)
      if (locked.status !== 'active') throw errors.conflict('incident.closed', `incident ${id} is closed`)
      const inc = await repo.updateWeather(q, before.id, weather, zones)
      await repo.insertLog(q, inc.id, actor, 'weather_changed', { from: locked.weather, to: weather })
      await repo.insertLog(q, inc.id, actor, 'zones_computed', zonesSummary(zones))
      return inc
    })
    await this.notify(incident, 'weather_changed')
    return incident
  }

  /**
   * A weather station's new observation (weather-station.ts): every active incident that takes this station's
   * weather and whose wind the observation shifts (station-follow.ts) gets it as its weather; its zones are computed
   * again, logged (actor `system`) and pushed as for a manual change, so who is inside and the evacuation follow.
   * Safe on several nodes at once: the change is decided again on the locked row. Returns the incidents changed; a
   * failure on one is logged and the others still follow.
   */
  async followStation(obs: repo.WeatherObservation): Promise<Incident[]> {
    const active = await this.db.tx(systemScope, (q) => repo.listIncidents(q, 'active', 500))
    const changed: Incident[] = []
    for (const summary of active) {
      if (!followDecision(summary.weather, obs, this.followThresholds).follow) continue
      try {
        const inc = await this.followOne(summary.id, obs)
        if (inc) changed.push(inc)
      } catch (err) {
        this.log.warn({ err, incident: summary.id }, 'incident did not follow its weather station')
      }
    }
    return changed
  }

  private async followOne(id: string, obs: repo.WeatherObservation): Promise<Incident | null> {
    const before = await this.db.tx(systemScope, (q) => repo.incidentById(q, id))
    if (!before) return null
    const weather = stationWeather(obs.station_id, obs)
    const release = before.release as Omit<ZonesBody, 'weather'>
    const zones = await this.emergency.zones(systemScope, { ...release, weather: zoneWeather(weather) })
    const incident = await this.db.tx(systemScope, async (q) => {
      const locked = await repo.incidentById(q, id, true)
      // closed meanwhile, or another node or a newer observation got there first
      if (!locked || locked.status !== 'active') return null
      const decision = followDecision(locked.weather, obs, this.followThresholds)
      if (!decision.follow) return null
      const inc = await repo.updateWeather(q, id, weather, zones)
      await repo.insertLog(q, id, 'system', 'weather_changed', {
        from: locked.weather,
        to: weather,
        trigger: 'station',
        direction_change_deg: decision.direction_change_deg,
        speed_change_ms: decision.speed_change_ms,
      })
      await repo.insertLog(q, id, 'system', 'zones_computed', zonesSummary(zones))
      return inc
    })
    if (incident) await this.notify(incident, 'weather_changed')
    return incident
  }

  async close(who: AppState, id: string, reason: string | undefined): Promise<Incident> {
    const actor = who.user.username
    const incident = await this.db.tx(who.scope, async (q) => {
      const locked = await repo.incidentById(q, byId(id), true)
      if (!locked) throw errors.notFound('incident', id)
      if (locked.status !== 'active')
        throw errors.conflict('incident.closed', `incident ${id} is already closed`)
      const inc = await repo.closeIncident(q, locked.id, actor)
      await repo.insertLog(q, inc.id, actor, 'closed', reason ? { reason } : {})
      return inc
    })
    if (this.alarms) {
      try {
        const alarm = await this.alarms.returnToNormal(
          `incident:${incident.id}`,
          incidentAlarmRule,
          this.clock(),
        )
        if (alarm)
          await this.logSystem(incident.id, 'alarm', {
            alarm_id: alarm.id,
            state: alarm.state,
            event: 'return_to_normal',
          })
      } catch (err) {
        this.log.warn({ err, incident: incident.id }, 'incident alarm not returned to normal')
      }
    }
    await this.notify(incident, 'closed')
    return incident
  }

  async note(who: AppState, id: string, text: string): Promise<IncidentLogEntry> {
    return this.db.tx(who.scope, async (q) => {
      const inc = await repo.incidentById(q, byId(id))
      if (!inc) throw errors.notFound('incident', id)
      return repo.insertLog(q, inc.id, who.user.username, 'note', { text })
    })
  }

  async timeline(scope: DbScope, id: string): Promise<IncidentLogEntry[]> {
    return this.db.tx(scope, async (q) => {
      const inc = await repo.incidentById(q, byId(id))
      if (!inc) throw errors.notFound('incident', id)
      return repo.listLog(q, inc.id)
    })
  }

  /** Everyone and every vehicle inside each zone now, from positions at most maxAgeS old. */
  async inside(scope: DbScope, id: string, maxAgeS: number): Promise<InsideReport> {
    const inc = await this.get(scope, id)
    const { hits, tags, fresh, samples, at } = await this.insideNow(scope, inc, maxAgeS)
    const counts = {
      red: { people: 0, vehicles: 0 },
      orange: { people: 0, vehicles: 0 },
      yellow: { people: 0, vehicles: 0 },
    }
    const inside: InsideEntry[] = []
    for (const h of hits) {
      const t = tags.get(h.tag_id)
      if (!t) continue
      counts[h.level][vehicleKinds.has(t.kind) ? 'vehicles' : 'people']++
      inside.push({
        tag_id: h.tag_id,
        label: t.label,
        kind: t.kind,
        enterprise_id: t.enterprise_id,
        level: h.level,
        distance_m: Math.round(h.distance_m * 10) / 10,
        lon: h.lon,
        lat: h.lat,
        t: samples[h.tag_id]!.t,
      })
    }
    return { incident_id: inc.id, at, max_age_s: maxAgeS, fresh_tags: fresh, counts, inside }
  }

  /** Routes for everyone inside the zones to muster points outside them (see evacuation.ts). */
  async evacuation(scope: DbScope, id: string, maxAgeS: number): Promise<EvacuationReport> {
    const inc = await this.get(scope, id)
    const { hits, tags, zones, at } = await this.insideNow(scope, inc, maxAgeS)
    const people = hits.filter((h) => tags.has(h.tag_id))
    const [net, points] = await Promise.all([
      this.roadNetwork(),
      this.db.tx(scope, (q) => repo.musterPoints(q)),
    ])
    const plan = planEvacuation({
      graph: net.graph,
      usable: net.usable,
      zones,
      points,
      people,
      options: this.evacuationOptions,
    })
    const pointById = new Map(points.map((p) => [p.id, p]))
    return {
      incident_id: inc.id,
      at,
      max_age_s: maxAgeS,
      points: plan.points.map((p) => {
        const m = pointById.get(p.id)!
        return { ...p, name: m.name, name_en: m.name_en, lon: m.lon, lat: m.lat }
      }),
      people: plan.people.map((p, i) => {
        const t = tags.get(p.tag_id)!
        return {
          tag_id: p.tag_id,
          label: t.label,
          kind: t.kind,
          enterprise_id: t.enterprise_id,
          level: people[i]!.level,
          muster_id: p.muster_id,
          alternate: p.alternate,
          over_capacity: p.over_capacity,
          length_m: Math.round(p.length_m),
          walk_m: Math.round(p.walk_m),
          route: p.route.length >= 2 ? { type: 'LineString', coordinates: p.route } : null,
          reason: p.reason,
        }
      }),
      edges: { red: plan.edges.red, orange: plan.edges.orange },
      unassigned: plan.unassigned,
    }
  }

  /** Headcount at each muster point: cards within radiusM of it, positions at most maxAgeS old. */
  async muster(scope: DbScope, id: string, maxAgeS: number, radiusM: number): Promise<MusterReport> {
    const inc = await this.get(scope, id)
    const now = this.clock()
    const latest = await this.bus.getLatest<PositionSample>(cacheKeys.latestPositions)
    const positions = freshPositions(latest, now, maxAgeS * 1000)
    const points = await this.db.tx(scope, (q) => repo.musterPoints(q))
    const near = musterHeadcount(positions, points, radiusM)
    const tags = await this.db.tx(scope, (q) => repo.tagsByIds(q, [...near.values()].flat()))
    const rows = points.map((m) => {
      const present = near
        .get(m.id)!
        .filter((t) => tags.has(t))
        .sort()
      return {
        id: m.id,
        name: m.name,
        name_en: m.name_en,
        lon: m.lon,
        lat: m.lat,
        capacity: m.capacity,
        present: present.length,
        tags: present,
      }
    })
    return {
      incident_id: inc.id,
      at: new Date(now).toISOString(),
      max_age_s: maxAgeS,
      radius_m: radiusM,
      points: rows,
      present: rows.reduce((s, r) => s + r.present, 0),
    }
  }

  /** The nearest fire station, hydrants and depots, each with the zone level it stands in. */
  async resources(scope: DbScope, id: string): Promise<ResourcesReport> {
    const inc = await this.get(scope, id)
    const zones = compileZones(inc.zones.zones.features)
    const rows = await this.db.tx(scope, (q) =>
      repo.nearestResources(q, inc.source.lon, inc.source.lat, { fire_station: 3, hydrant: 8, depot: 4 }),
    )
    const entries = rows.map((r) => ({
      ...r,
      distance_m: Math.round(r.distance_m * 10) / 10,
      level: levelAt(zones, [r.lon, r.lat]),
    }))
    return {
      incident_id: inc.id,
      source: inc.source,
      fire_stations: entries.filter((e) => e.kind === 'fire_station'),
      hydrants: entries.filter((e) => e.kind === 'hydrant'),
      depots: entries.filter((e) => e.kind === 'depot'),
    }
  }

  private async insideNow(scope: DbScope, inc: Incident, maxAgeS: number) {
    const now = this.clock()
    const samples = await this.bus.getLatest<PositionSample>(cacheKeys.latestPositions)
    const positions = freshPositions(samples, now, maxAgeS * 1000)
    const zones: ZonePolygon[] = compileZones(inc.zones.zones.features)
    const hits: InsideHit[] = whoInside(positions, zones, [inc.source.lon, inc.source.lat])
    const tags = await this.db.tx(scope, (q) =>
      repo.tagsByIds(
        q,
        hits.map((h) => h.tag_id),
      ),
    )
    return { hits, tags, zones, samples, fresh: positions.length, at: new Date(now).toISOString() }
  }

  private async roadNetwork(): Promise<RoadNetwork> {
    const now = this.clock()
    if (!this.network || now - this.network.at > networkTtlMs)
      this.network = { at: now, net: await this.db.tx(systemScope, (q) => loadRoadNetwork(q)) }
    return this.network.net
  }

  private async resolveWeather(
    w: IncidentWeather | { source: 'station'; station_id: string },
  ): Promise<IncidentWeather> {
    if (w.source !== 'station' || 'wind_speed_ms' in w) return w as IncidentWeather
    const obs =
      this.stations?.latest(w.station_id) ??
      (await this.db.tx(systemScope, (q) => repo.latestWeatherObservation(q, w.station_id)))
    if (!obs)
      throw errors.validation(`weather.station_id: no observation from station ${w.station_id}`, 'weather')
    if (obs.wind_speed_ms < 1)
      throw errors.validation(
        `weather: station ${w.station_id} reports ${obs.wind_speed_ms} m/s (calm is not modelled); give the weather manually`,
        'weather',
      )
    return stationWeather(w.station_id, obs)
  }

  /** A release at a map point lies inside the park boundary (园区边界, boundary included); no park row: any point. */
  private async checkInPark(scope: DbScope, p: { lon: number; lat: number }): Promise<void> {
    const rows = await this.db.query<{ inside: boolean | null }>(
      scope,
      `SELECT bool_or(ST_Covers(geom, ST_SetSRID(ST_MakePoint($1, $2), 4326))) AS inside FROM parks`,
      [p.lon, p.lat],
    )
    if (rows[0]?.inside === false)
      throw errors.validation(`point: (${p.lon}, ${p.lat}) is outside the park boundary`, 'point')
  }

  private async raiseAlarm(inc: Incident): Promise<void> {
    if (!this.alarms) return
    try {
      const r = await this.alarms.raise({
        source_type: 'incident',
        source_id: `incident:${inc.id}`,
        rule: incidentAlarmRule,
        t: Date.parse(inc.declared_at),
        value: null,
        limit: null,
        priority: 'urgent',
        message: `${inc.drill_id ? '【演练】' : ''}应急事件：${inc.title} incident declared (${inc.kind})`,
        enterprise_id: null,
        location: inc.source,
        props: { incident_id: inc.id, kind: inc.kind, asset_id: inc.asset_id, drill_id: inc.drill_id },
      })
      if (r.alarm)
        await this.logSystem(inc.id, 'alarm', { alarm_id: r.alarm.id, state: r.alarm.state, event: 'raise' })
    } catch (err) {
      this.log.warn({ err, incident: inc.id }, 'incident alarm not raised')
    }
  }

  /** Publishes the change for the realtime role and logs the notification; a failure is logged, not thrown. */
  private async notify(inc: Incident, change: IncidentUpdated['change']): Promise<void> {
    const msg: IncidentUpdated = {
      incident_id: inc.id,
      change,
      kind: inc.kind,
      status: inc.status,
      title: inc.title,
      source: inc.source,
      weather: inc.weather,
      at: new Date(this.clock()).toISOString(),
    }
    try {
      const entry = await this.bus.publish(incidentsStream, msg)
      await this.logSystem(inc.id, 'notification', {
        channel: 'socket.io',
        event: 'incident.updated',
        audience: 'signed-in clients',
        change,
        bus_entry: entry,
      })
    } catch (err) {
      this.log.warn({ err, incident: inc.id }, 'incident update not published')
    }
  }

  private logSystem(id: string, kind: 'alarm' | 'notification', payload: Record<string, unknown>) {
    return this.db.tx(systemScope, (q) => repo.insertLog(q, id, 'system', kind, payload))
  }
}

/** What the log keeps of a zone computation: each level's reach and the weather, not the polygons. */
function zonesSummary(z: ZonesResult): Record<string, unknown> {
  return {
    scenario: z.scenario,
    model: z.model,
    weather: z.weather,
    levels: z.levels.map((l) => ({
      level: l.level,
      reached: l.reached,
      reach_m: l.reach_m,
      max_half_width_m: l.max_half_width_m,
      threshold: l.threshold,
    })),
  }
}
