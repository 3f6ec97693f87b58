import type { AlarmPriority } from '../../contracts/alarms'
import type { ReadingKind } from '../../contracts/environment'
import { systemScope, type Db } from '../../platform/db/db'
import type { Logger } from '../../platform/logger'
import { priorityFor } from './alarm-config'
import { openSensorAlarms } from './alarms.repository'
import type { AlarmsService, RaiseResult } from './alarms.service'
import { describeSignal } from './messages'
import { SensorCatalog, type SensorInfo } from './sensor-catalog'
import { SensorEvaluator, type AlarmSignal } from './threshold.evaluator'

/** One reading as producers publish it (`readings.recorded` entries carry a list of these). */
export interface ReadingInput {
  sensor_id: string
  /** source time, ISO-8601 */
  t: string
  value: number | null
  flag: string | null
  kind?: ReadingKind
}

export interface SystemAlarmInput {
  source_type: 'system'
  source_id: string
  rule: string
  message: string
  priority: AlarmPriority
  /** source event time (ISO); default now. A new time re-triggers the open alarm (count + 1). */
  t?: string
  enterprise_id?: string | null
  props?: Record<string, unknown>
}

export interface AlarmEngineOptions {
  clock?: () => number
  /** silence timeout by sensor kind for sensors heard from since start; null = no silence rule */
  silenceDefaultsS?: Record<string, number>
  catalogTtlMs?: number
}

/**
 * The producers' entry point: evaluates readings against each channel's thresholds (evaluator state in
 * memory, rebuilt from the open alarms at start) and raises system alarms. Run it on one node: the
 * evaluators of a sensor must see all of its readings in order.
 */
export class AlarmEngine {
  private readonly evaluators = new Map<string, SensorEvaluator>()
  private readonly catalog: SensorCatalog
  private readonly now: () => number

  constructor(
    private readonly db: Db,
    private readonly alarms: AlarmsService,
    private readonly log: Logger,
    opts: AlarmEngineOptions = {},
  ) {
    this.now = opts.clock ?? Date.now
    const silence = opts.silenceDefaultsS ?? { gas_detector: 120, hj212_channel: 600 }
    this.catalog = new SensorCatalog(db, log, silence, opts.catalogTtlMs, this.now)
  }

  /** Rebuilds evaluator state from open sensor alarms and arms sensors with an explicit silence timeout. */
  async start(): Promise<void> {
    const open = await this.db.tx(systemScope, openSensorAlarms)
    for (const a of open) {
      const ev = await this.evaluatorFor(a.source_id)
      ev?.markActive(a.rule, a.state === 'suppressed')
    }
    for (const id of await this.catalog.explicitSilence()) {
      const ev = await this.evaluatorFor(id)
      if (ev && ev.state.lastHeard === null) ev.state.lastHeard = this.now()
    }
    this.log.info({ open: open.length, sensors: this.evaluators.size }, 'alarm engine started')
  }

  private async evaluatorFor(sensorId: string): Promise<SensorEvaluator | null> {
    const info = await this.catalog.get(sensorId)
    if (!info?.thresholds) return null
    let ev = this.evaluators.get(sensorId)
    if (!ev) this.evaluators.set(sensorId, (ev = new SensorEvaluator(info.thresholds)))
    else ev.config = info.thresholds // edited thresholds apply from the next reading
    return ev
  }

  /** Evaluates one reading. If applying its signals fails, the evaluator is rolled back, so a retry re-raises. */
  async evaluateReading(r: ReadingInput): Promise<void> {
    const ev = await this.evaluatorFor(r.sensor_id)
    const t = Date.parse(r.t)
    if (!ev || !Number.isFinite(t)) return
    const before = ev.snapshot()
    const signals = ev.onReading({ t, value: r.value, flag: r.flag, kind: r.kind, receivedAt: this.now() })
    await this.applyOrRollback(r.sensor_id, ev, before, signals)
  }

  /** Device-silent rule for every sensor heard from: run on a timer. */
  async checkSilence(): Promise<number> {
    let raised = 0
    for (const [id, ev] of this.evaluators) {
      const before = ev.snapshot()
      const signals = ev.onTick(this.now())
      if (!signals.length) continue
      await this.applyOrRollback(id, ev, before, signals)
      raised += signals.length
    }
    return raised
  }

  private async applyOrRollback(
    id: string,
    ev: SensorEvaluator,
    before: SensorEvaluator['state'],
    s: AlarmSignal[],
  ) {
    try {
      const info = await this.catalog.get(id)
      if (info) for (const signal of s) await this.apply(info, signal)
    } catch (err) {
      ev.restore(before)
      throw err
    }
  }

  private async apply(info: SensorInfo, s: AlarmSignal): Promise<void> {
    if (s.type === 'rtn') await this.alarms.returnToNormal(info.id, s.rule, s.t, s.value)
    else if (s.type !== 'raise') await this.alarms.suppression(info.id, s.rule, s.type === 'suppress')
    else
      await this.alarms.raise({
        source_type: 'sensor',
        source_id: info.id,
        rule: s.rule,
        t: s.t,
        value: s.value,
        limit: s.limit,
        direction: s.direction,
        priority: priorityFor(s.rule, info.thresholds?.priorities),
        message: describeSignal(info, s),
        enterprise_id: info.enterprise_id,
        location: info.location,
        props: { measure: info.measure, unit: info.unit, sensor_kind: info.kind },
      })
  }

  /** For dead-lettered bus entries, silent collectors, failed jobs: raised (or re-triggered) at once. */
  raiseSystemAlarm(a: SystemAlarmInput): Promise<RaiseResult> {
    return this.alarms.raise({
      source_type: a.source_type,
      source_id: a.source_id,
      rule: a.rule,
      t: a.t ? Date.parse(a.t) : this.now(),
      value: null,
      limit: null,
      priority: a.priority,
      message: a.message,
      enterprise_id: a.enterprise_id ?? null,
      location: null,
      props: a.props ?? {},
    })
  }

  /** The system condition is over (the operator still acknowledges it). */
  clearSystemAlarm(sourceId: string, rule: string, t?: string): Promise<unknown> {
    return this.alarms.returnToNormal(sourceId, rule, t ? Date.parse(t) : this.now())
  }
}
