// Drill runs over the database: start (zones of every weather phase from the emergency module, the clock),
// state at now, play / pause / speed / seek, operator actions, end (evaluation stored) and the report. The
// drill engine itself is pure (drill-engine.ts); this service gives it the world: the park's road graph and
// muster points from PostGIS (loaded once per process: the park's roads change with a new park, not a drill)
// and the stored zones of the run.
import type {
  DrillAction,
  DrillActionBody,
  DrillControl,
  DrillRunStartBody,
  DrillState,
} from '../../contracts/drills'
import type { ZonesBody } from '../../contracts/emergency'
import type { Db, DbScope } from '../../platform/db/db'
import { errors } from '../../platform/http/errors'
import { drillDuration, loadDrillScripts, type DrillScript, type DrillWeather } from '../../../scenes/drills'
import type { EmergencyService } from '../emergency/emergency.service'
import { loadRoadNetwork, type RoadNetwork } from '../bookings/route-planner'
import { applyControl, clockTime, startClock } from './drill-clock'
import { stateAt, weatherPhases, type DrillWorld, type MusterPoint } from './drill-engine'
import { evaluateDrill, reportCsv, reportMarkdown, type DrillEvaluation } from './drill-evaluation'
import * as repo from './drills.repository'

export interface DrillsServiceOptions {
  clock?: () => number
  scripts?: DrillScript[]
}

export interface Actor {
  scope: DbScope
  username: string | null
}

const runIdPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/** The zones request of a script's release in one weather (the emergency module's asset form). */
export function zonesBodyFor(script: DrillScript, weather: DrillWeather): ZonesBody {
  const s = script.scenario
  return {
    asset_id: s.asset_id,
    chemical_id: s.chemical_id,
    scenario: s.kind,
    ...(s.rate_gs !== undefined ? { rate_gs: s.rate_gs } : {}),
    ...(s.mass_kg !== undefined ? { mass_kg: s.mass_kg } : {}),
    ...(s.pool_area_m2 !== undefined ? { pool_area_m2: s.pool_area_m2 } : {}),
    ...(s.yield !== undefined ? { yield: s.yield } : {}),
    release_height_m: s.release_height_m,
    terrain: 'rural',
    weather: { ...weather },
  }
}

export class DrillsService {
  readonly scripts: DrillScript[]
  private readonly now: () => number
  private network: Promise<{ net: RoadNetwork; muster: MusterPoint[] }> | null = null

  constructor(
    private readonly db: Db,
    private readonly emergency: EmergencyService,
    opts: DrillsServiceOptions = {},
  ) {
    this.scripts = opts.scripts ?? loadDrillScripts()
    this.now = opts.clock ?? Date.now
  }

  list() {
    return this.scripts.map((s) => ({
      id: s.id,
      title: s.title,
      description: s.description ?? null,
      scenario: { asset_id: s.scenario.asset_id, chemical_id: s.scenario.chemical_id, kind: s.scenario.kind },
      duration_s: drillDuration(s),
      participants: s.participants.groups.reduce((a, g) => a + g.count, 0),
    }))
  }

  script(id: string): DrillScript {
    const s = this.scripts.find((x) => x.id === id)
    if (!s) throw errors.notFound('drill', id.slice(0, 64))
    return s
  }

  async start(actor: Actor, drillId: string, body: DrillRunStartBody) {
    const script = this.script(drillId)
    const owner = await this.db.tx(actor.scope, (q) => repo.assetEnterprise(q, script.scenario.asset_id))
    if (!owner) throw errors.notFound('asset', script.scenario.asset_id)
    const phases = []
    let head: Awaited<ReturnType<EmergencyService['zones']>> | null = null
    for (const { from_s, weather } of weatherPhases(script)) {
      const z = await this.emergency.zones(actor.scope, zonesBodyFor(script, weather))
      head ??= z
      phases.push({ from_s, weather, zones: z.zones.features })
    }
    const zones: repo.StoredZones = {
      source: [head!.source.lon, head!.source.lat],
      chemical: head!.chemical,
      model: head!.model,
      phases,
    }
    const clock = { ...startClock(this.now(), body.speed), paused: body.paused }
    const row = await this.db.tx(actor.scope, (q) =>
      repo.insertRun(q, {
        drill_id: script.id,
        enterprise_id: owner.enterprise_id,
        started_by: actor.username,
        speed: body.speed,
        status: body.paused ? 'paused' : 'running',
        clock,
        zones,
      }),
    )
    return this.view(row, await this.world(row))
  }

  async runs(scope: DbScope, limit = 50) {
    const rows = await this.db.tx(scope, (q) => repo.listRuns(q, limit))
    return rows.map((r) => ({
      id: r.id,
      drill_id: r.drill_id,
      status: r.status,
      speed: r.speed,
      started_by: r.started_by,
      started_at: r.started_at,
      ended_at: r.ended_at,
      score: r.evaluation?.score.total ?? null,
    }))
  }

  async get(scope: DbScope, runId: string) {
    const row = await this.row(scope, runId)
    return this.view(row, await this.world(row))
  }

  async zones(scope: DbScope, runId: string) {
    return (await this.row(scope, runId)).zones
  }

  async control(scope: DbScope, runId: string, ctl: DrillControl) {
    const row = await this.db.tx(scope, async (q) => {
      const r = await this.lockOpen(q, runId)
      const duration = drillDuration(this.script(r.drill_id))
      const clock = applyControl(r.clock, ctl, this.now(), duration)
      return repo.updateRun(q, runId, {
        speed: clock.speed,
        status: clock.paused ? 'paused' : 'running',
        clock,
        actions: r.actions,
        evaluation: null,
        end: false,
      })
    })
    return this.view(row, await this.world(row))
  }

  async action(actor: Actor, runId: string, body: DrillActionBody) {
    const row = await this.db.tx(actor.scope, async (q) => {
      const r = await this.lockOpen(q, runId)
      const now = clockTime(r.clock, this.now(), drillDuration(this.script(r.drill_id)))
      const t = body.t_s ?? now
      if (t > now + 1e-6)
        throw errors.validation(`t_s: ${t} s is later than the drill time now (${now.toFixed(1)} s)`, 't_s')
      const action: DrillAction = {
        seq: r.actions.length + 1,
        kind: body.kind,
        t_s: Math.round(t * 10) / 10,
        note: body.note ?? null,
        by: actor.username,
        at: new Date(this.now()).toISOString(),
      }
      return repo.updateRun(q, runId, { ...r, actions: [...r.actions, action], end: false })
    })
    const view = this.view(row, await this.world(row))
    return { action: row.actions.at(-1)!, ...view }
  }

  async end(scope: DbScope, runId: string) {
    const worldRow = await this.row(scope, runId)
    const world = await this.world(worldRow)
    const row = await this.db.tx(scope, async (q) => {
      const r = await this.lockOpen(q, runId)
      const script = this.script(r.drill_id)
      const t = clockTime(r.clock, this.now(), drillDuration(script))
      const evaluation = evaluateDrill(script, world, r.actions, t)
      const clock = { ...r.clock, anchor_wall_ms: this.now(), anchor_t_s: t, paused: true }
      return repo.updateRun(q, runId, {
        speed: r.speed,
        status: 'ended',
        clock,
        actions: r.actions,
        evaluation,
        end: true,
      })
    })
    return { ...this.view(row, world), evaluation: row.evaluation! }
  }

  async report(scope: DbScope, runId: string, format: 'md' | 'csv' | 'json') {
    const row = await this.row(scope, runId)
    if (!row.evaluation)
      throw errors.conflict('drill_run.not_ended', 'end the run first: the report is its evaluation')
    const e: DrillEvaluation = row.evaluation
    const run = {
      id: row.id,
      started_by: row.started_by,
      started_at: new Date(row.started_at).toISOString(),
      ended_at: row.ended_at ? new Date(row.ended_at).toISOString() : null,
    }
    if (format === 'md') return { type: 'text/markdown; charset=utf-8', body: reportMarkdown(e, run) }
    if (format === 'csv') return { type: 'text/csv; charset=utf-8', body: '\ufeff' + reportCsv(e) }
    return {
      type: 'application/json',
      body: { run: { ...run, drill_id: row.drill_id, actions: row.actions }, evaluation: e },
    }
  }

  // ------------------------------------------------------------------ internals

  private view(
    row: repo.DrillRunRow,
    world: DrillWorld,
  ): { run: ReturnType<typeof runMeta>; state: DrillState } {
    const script = this.script(row.drill_id)
    const t = clockTime(row.clock, this.now(), drillDuration(script))
    return { run: runMeta(row), state: stateAt(script, world, row.actions, t, row.status === 'ended') }
  }

  private async row(scope: DbScope, runId: string) {
    if (!runIdPattern.test(runId)) throw errors.notFound('drill_run', runId.slice(0, 64))
    const row = await this.db.tx(scope, (q) => repo.runById(q, runId))
    if (!row) throw errors.notFound('drill_run', runId)
    return row
  }

  private async lockOpen(q: Parameters<typeof repo.runById>[0], runId: string) {
    if (!runIdPattern.test(runId)) throw errors.notFound('drill_run', runId.slice(0, 64))
    const r = await repo.runById(q, runId, true)
    if (!r) throw errors.notFound('drill_run', runId)
    if (r.status === 'ended') throw errors.conflict('drill_run.ended', `drill run ${runId} has ended`)
    return r
  }

  private async world(row: repo.DrillRunRow): Promise<DrillWorld> {
    this.network ??= this.db
      .tx({ scope: 'park' }, async (q) => ({
        net: await loadRoadNetwork(q),
        rows: await repo.musterPoints(q),
      }))
      .then(({ net, rows }) => ({
        net,
        muster: rows
          .filter((m) => m.node_id && net.graph.nodes.has(m.node_id))
          .map((m) => ({
            id: m.id,
            name: m.name,
            name_en: m.name_en,
            lonLat: [m.lon, m.lat] as const,
            nodeId: m.node_id!,
            capacity: m.capacity ?? 1e9,
          })),
      }))
      .catch((err: unknown) => {
        this.network = null
        throw err
      })
    const { net, muster } = await this.network
    return {
      graph: net.graph,
      usable: net.usable,
      musterPoints: muster,
      source: row.zones.source,
      phases: row.zones.phases,
    }
  }
}

function runMeta(row: repo.DrillRunRow) {
  return {
    id: row.id,
    drill_id: row.drill_id,
    status: row.status,
    speed: row.speed,
    paused: row.clock.paused,
    started_by: row.started_by,
    started_at: row.started_at,
    ended_at: row.ended_at,
    actions: row.actions,
  }
}
