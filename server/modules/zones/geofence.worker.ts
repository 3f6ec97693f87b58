// Worker role: the geofence engine on the accepted positions. Per batch: evaluate in memory, raise / return
// alarms (idempotent by their natural key), then write the zone events (idempotent by theirs), and only then
// let the bus acknowledge. Alarms go first so that every event in `zone_events` — the state a restart is
// rebuilt from — has had its alarms applied; a crash in between replays the batch, which changes nothing twice.
import { streams, type Bus, type Subscription } from '../../platform/bus/bus'
import { systemScope, type Db } from '../../platform/db/db'
import { isTransientDbError } from '../../platform/db/errors'
import type { Logger } from '../../platform/logger'
import { every } from '../../platform/scheduler'
import type { RaiseInput } from '../alarms/alarms.service'
import type { PositionSample } from '../../contracts/live'
import type { PositionBatch } from '../tags/positions.writer'
import { GeofenceEngine, type EngineEvent, type GeofenceEngineOptions } from './geofence.engine'
import {
  alarmActions,
  zoneRules,
  type AlarmAction,
  type TagInfo,
  type TagRule,
  type ZoneRule,
} from './zone-rules'
import { compileZone, type CompiledZone } from './zone-shapes'
import {
  activeZones,
  insertZoneEvents,
  openStates,
  processedUntil,
  tagInfos,
  zonesVersion,
} from './zones.repository'

/** What the worker needs of the alarm module (AlarmsService in production). */
export interface AlarmSink {
  raise(input: RaiseInput): Promise<unknown>
  returnToNormal(sourceId: string, rule: string, t: number, value?: number | null): Promise<unknown>
}

export interface GeofenceWorkerDeps {
  db: Db
  bus: Bus
  log: Logger
  /** this node's stable consumer name */
  node: string
  alarms: AlarmSink
}

export interface GeofenceWorkerOptions {
  /** default streams.positionsAccepted */
  stream?: string
  /** consumer group (default 'geofence') */
  group?: string
  /** how often zones are checked for changes, ms (default 60 s) */
  reloadMs?: number
  /** how often scheduled zones are closed for silent tags, ms (default 30 s) */
  tickMs?: number
  engine?: GeofenceEngineOptions
  rules?: readonly ZoneRule[]
  /** rules on each tag's own samples (e.g. the hazmat booking route rule); none by default */
  tagRules?: readonly TagRule[]
  /** how often the tag rules reload their configuration, ms (default 10 s) */
  tagRulesReloadMs?: number
}

export interface GeofenceWorker extends Subscription {
  engine: GeofenceEngine
  /** reloads the zones now if they changed; true when they did */
  reloadZones(): Promise<boolean>
  /** reloads the tag rules' configuration now */
  reloadTagRules(): Promise<void>
}

function compileAll(rows: Awaited<ReturnType<typeof activeZones>>, log: Logger): CompiledZone[] {
  const out: CompiledZone[] = []
  for (const row of rows) {
    try {
      const { zone, warnings } = compileZone(row)
      if (warnings.length) log.warn({ zone: row.id, warnings }, 'zone props partly unusable')
      out.push(zone)
    } catch (err) {
      log.error({ err, zone: row.id }, 'zone not usable: skipped by the geofence')
    }
  }
  return out
}

export async function startGeofenceWorker(
  d: GeofenceWorkerDeps,
  opts: GeofenceWorkerOptions = {},
): Promise<GeofenceWorker> {
  const { db, bus, log, alarms } = d
  const rules = opts.rules ?? zoneRules
  const tagRules = opts.tagRules ?? []
  const load = () =>
    db.tx(systemScope, async (q) => ({ version: await zonesVersion(q), rows: await activeZones(q) }))
  const first = await load()
  let version = first.version
  const compiled = compileAll(first.rows, log)
  const engine = new GeofenceEngine(compiled, opts.engine)
  let zones = new Map(compiled.map((z) => [z.id, z]))

  // a restart must not fire enters again: confirmed state comes back from the events
  const [states, until] = await db.tx(
    systemScope,
    async (q) => [await openStates(q), await processedUntil(q)] as const,
  )
  for (const u of until) engine.seedProcessedUntil(u.tag_id, u.t.getTime())
  for (const s of states)
    engine.seed(s.tag_id, s.zone_id, {
      inside: s.inside,
      ...(s.overspeed_since !== null
        ? { overspeedSince: s.overspeed_since, maxSpeed: s.max_speed ?? 0 }
        : {}),
    })
  log.info({ zones: engine.zoneCount(), restored: states.length }, 'geofence started')
  // after the engine's rebuild: rules that count occupants read its membership
  for (const r of tagRules) await r.start?.({ occupancy: engine })

  const tags = new Map<string, TagInfo>()
  const tagsOf = async (ids: string[]) => {
    const missing = ids.filter((id) => !tags.has(id))
    if (missing.length)
      for (const t of await db.tx(systemScope, (q) => tagInfos(q, missing))) tags.set(t.id, t)
    return (id: string): TagInfo => tags.get(id) ?? { id, kind: null, label: id, enterprise_id: null }
  }

  const act = async (a: AlarmAction) => {
    if (a.type === 'raise') await alarms.raise(a.input)
    else await alarms.returnToNormal(a.sourceId, a.rule, a.t, a.value)
  }

  /** Alarms first, then the events (see the file comment); throws if either fails. */
  const apply = async (events: EngineEvent[], tagActions: AlarmAction[] = []) => {
    if (events.length) {
      const tagOf = await tagsOf([...new Set(events.map((e) => e.tag_id))])
      for (const ev of events) {
        const zone = zones.get(ev.zone_id)
        if (!zone) continue
        for (const a of alarmActions(ev, tagOf(ev.tag_id), zone, rules)) await act(a)
      }
    }
    for (const a of tagActions) await act(a)
    if (events.length) await db.tx(systemScope, (q) => insertZoneEvents(q, events))
  }

  /** The tag rules on a batch's samples, in order. */
  const tagRuleActions = async (samples: PositionSample[]): Promise<AlarmAction[]> => {
    if (!tagRules.length || !samples.length) return []
    const tagOf = await tagsOf([...new Set(samples.map((s) => s.tag_id))])
    const out: AlarmAction[] = []
    for (const s of samples) for (const r of tagRules) out.push(...r.process(s, tagOf(s.tag_id)))
    return out
  }
  const snapshotRules = (ids: ReadonlySet<string>) => {
    const restores = tagRules.map((r) => r.snapshot(ids))
    return () => restores.forEach((f) => f())
  }

  const sub = bus.consume<PositionBatch>(
    opts.stream ?? streams.positionsAccepted,
    opts.group ?? 'geofence',
    d.node,
    async (entries) => {
      const samples = entries.flatMap((e) => e.payload.samples ?? [])
      const ids = new Set(samples.map((s) => s.tag_id))
      const restore = engine.snapshot(ids)
      const restoreRules = snapshotRules(ids)
      try {
        const events = samples.flatMap((s) => engine.process(s))
        await apply(events, await tagRuleActions(samples))
      } catch (err) {
        // not durable: forget what this batch did to the state, so the redelivery evaluates it again
        restore()
        restoreRules()
        log.error({ err, n: samples.length }, 'geofence batch not applied; will retry')
        throw err
      }
    },
    {
      batch: 100,
      isTransient: isTransientDbError,
      onDeadLetter: (entry, err) => log.error({ err, entry: entry.id }, 'geofence batch dead-lettered'),
    },
  )

  const reloadZones = async () => {
    const next = await load()
    if (next.version === version) return false
    version = next.version
    const compiled = compileAll(next.rows, log)
    zones = new Map(compiled.map((z) => [z.id, z]))
    engine.setZones(compiled)
    // tag kinds and owners may have changed too
    tags.clear()
    log.info({ zones: engine.zoneCount() }, 'geofence zones reloaded')
    return true
  }
  const reload = every(opts.reloadMs ?? 60_000, 'geofence-zones', log, reloadZones)
  const tick = every(opts.tickMs ?? 30_000, 'geofence-schedules', log, async () => {
    const ids = engine.tagIds()
    const restore = engine.snapshot(ids)
    const events = engine.tick()
    try {
      await apply(events)
    } catch (err) {
      restore()
      throw err
    }
  })
  const reloadTagRules = async () => {
    for (const r of tagRules) {
      await r.reload?.()
      const restore = r.snapshot()
      try {
        for (const a of r.tick?.(Date.now()) ?? []) await act(a)
      } catch (err) {
        restore()
        throw err
      }
    }
  }
  const tagReload = tagRules.length
    ? every(opts.tagRulesReloadMs ?? 10_000, 'geofence-tag-rules', log, reloadTagRules)
    : null

  return {
    engine,
    reloadZones,
    reloadTagRules,
    stop: async () => {
      tagReload?.stop()
      reload.stop()
      tick.stop()
      await sub.stop()
    },
  }
}
