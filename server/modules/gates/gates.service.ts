// Gate (卡口) plate-recognition events: stored once (natural key gate, lane, plate, time), listed, counted per
// gate for today; a hazmat vehicle entering the park without an approved booking for the day (未预约入园)
// raises an urgent `gate_no_booking` alarm before the event is answered, idempotently by (plate, time).
// Events at an enterprise second gate (二道闸) carry that enterprise, so only it (and the park) sees them.
import { normalisePlate, type CardItemRejection, type GateEventInput } from '../../../sensors/protocols/cards'
import type {
  Gate,
  GateEvent,
  GateEventsQuery,
  GateKind,
  GateSummary,
  NewEnterpriseGateBody,
} from '../../contracts/gates'
import type { AlarmSink } from '../../ingest/jt808/jt808.alarms'
import { auditIn } from '../../platform/audit'
import type { Bus } from '../../platform/bus/bus'
import { systemScope, type Db, type DbScope } from '../../platform/db/db'
import type { AppState } from '../../platform/http/auth-middleware'
import { errors } from '../../platform/http/errors'
import type { Logger } from '../../platform/logger'
import { gateEventsStream, type GateEventsEntry } from './gates.realtime'
import {
  gateCounts,
  gateEventsById,
  gateNoBookingRule,
  gatesByIds,
  listGateEvents,
  listGates,
} from './gates.repository'

export { gateNoBookingRule }

type GateInfo = Pick<Gate, 'id' | 'kind' | 'enterprise_id' | 'name' | 'gate_class'>

export interface GateIngestResult {
  stored: number
  duplicates: number
  rejected: CardItemRejection[]
  alarms: number
}

const day = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10)

export class GatesService {
  /** `feed`: where newly stored events are published for the realtime role (gates.realtime.ts); none: not pushed */
  constructor(
    private readonly db: Db,
    private readonly alarms: AlarmSink,
    private readonly log: Logger,
    private readonly feed?: Bus,
  ) {}

  private async gates(ids: string[]): Promise<Map<string, GateInfo>> {
    const rows = await this.db.tx(systemScope, (q) => gatesByIds(q, ids))
    return new Map(rows.map((r) => [r.id, r]))
  }

  /**
   * Stores the events (index: each one's place in the message) and raises what they call for. Throws when the
   * database or the alarm module fails (the caller then does not answer; a resend stores nothing twice).
   */
  async ingest(
    items: readonly { index: number; value: GateEventInput }[],
    source: string,
  ): Promise<GateIngestResult> {
    const gates = await this.gates([...new Set(items.map((i) => i.value.gate))])
    const rejected: CardItemRejection[] = []
    const known = items.filter(({ index, value }) => {
      if (gates.has(value.gate)) return true
      rejected.push({ index, reason: 'unknown_gate', message: `no gate ${value.gate}` })
      return false
    })
    const out: GateIngestResult = { stored: 0, duplicates: 0, rejected, alarms: 0 }
    const stored: string[] = []
    for (const { value: e } of known) {
      const gate = gates.get(e.gate)!
      const plate = normalisePlate(e.plate)
      const inserted = await this.db.query<{ id: string }>(
        systemScope,
        `INSERT INTO gate_events (gate_id, gate_kind, enterprise_id, plate, plate_norm, lane, direction, t, photo_ref, source)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT (gate_id, lane, plate_norm, t) DO NOTHING RETURNING id`,
        [
          gate.id,
          gate.kind,
          gate.kind === 'enterprise' ? gate.enterprise_id : null,
          e.plate,
          plate,
          e.lane,
          e.direction,
          e.t,
          e.photo_ref,
          source,
        ],
      )
      if (inserted.length) {
        out.stored++
        stored.push(inserted[0]!.id)
      } else out.duplicates++
      // a duplicate is checked again: its alarm may not have been raised when the first delivery failed
      // (raising is idempotent by plate, rule and time)
      if (gate.kind === 'park' && e.direction === 'in' && (await this.needsBooking(gate, e, plate))) {
        await this.alarms.raise({
          source_type: 'vehicle',
          source_id: `plate:${plate}`,
          rule: gateNoBookingRule,
          t: e.tMs,
          value: null,
          limit: null,
          priority: 'urgent',
          message: `${e.plate}: 危化品车辆未预约入园 hazmat vehicle entered without a booking (${gate.name}, lane ${e.lane})`,
          enterprise_id: null,
          location: null,
          props: { plate: e.plate, gate_id: gate.id, lane: e.lane, photo_ref: e.photo_ref, protocol: source },
        })
        out.alarms++
      }
    }
    await this.publish(stored)
    return out
  }

  /**
   * Pushes the newly stored events (after their alarms, so the hazmat flag shows the camera's word). A display
   * feed: a failure is logged, not thrown; the events are stored and the panels' snapshot shows them.
   */
  private async publish(ids: string[]): Promise<void> {
    if (!this.feed || !ids.length) return
    try {
      const events = await this.db.tx(systemScope, (q) => gateEventsById(q, ids))
      const entry: GateEventsEntry = { events: events.reverse() }
      await this.feed.publish(gateEventsStream, entry)
    } catch (err) {
      this.log.warn({ err, ids }, 'gate events stored but not pushed')
    }
  }

  /**
   * A hazmat vehicle with no approved booking for the event's park day. Hazmat: the camera says so, it came
   * through the dedicated (专用) gate, it holds a hazmat card, or it has been booked as a hazmat vehicle before.
   */
  private async needsBooking(gate: GateInfo, e: GateEventInput, plate: string): Promise<boolean> {
    const [r] = await this.db.query<{ booked: boolean; known_hazmat: boolean }>(
      systemScope,
      `SELECT EXISTS (SELECT 1 FROM hazmat_bookings
                       WHERE norm_plate(plate) = $1 AND park_day = $2::date AND status IN ('approved', 'in_park')) AS booked,
              EXISTS (SELECT 1 FROM hazmat_bookings WHERE norm_plate(plate) = $1)
           OR EXISTS (SELECT 1 FROM card_issues WHERE holder_type = 'hazmat_vehicle' AND returned_at IS NULL
                        AND norm_plate(plate) = $1) AS known_hazmat`,
      [plate, day(e.tMs)],
    )
    if (r!.booked) return false
    return e.hazmat === true || gate.gate_class === 'dedicated' || r!.known_hazmat
  }

  async list(scope: DbScope, f: GateEventsQuery): Promise<GateEvent[]> {
    const query = f.plate ? { ...f, plate: normalisePlate(f.plate) } : f
    return this.db.tx(scope, (q) => listGateEvents(q, query))
  }

  /** Today's (China Standard Time) counts per visible gate: in, out and in − out. */
  async summary(scope: DbScope, kind?: GateKind, now = Date.now()): Promise<GateSummary> {
    const today = day(now)
    return { day: today, ...(await this.db.tx(scope, (q) => gateCounts(q, today, kind))) }
  }

  async gatesList(scope: DbScope, kind?: GateKind): Promise<Gate[]> {
    return this.db.tx(scope, (q) => listGates(q, kind))
  }

  /**
   * Registers an enterprise second gate (二道闸): an enterprise account for its own enterprise (RLS refuses
   * another's), park staff for any. Its id must not be a park gate's: events name gates by id alone.
   */
  async registerEnterpriseGate(who: AppState, b: NewEnterpriseGateBody, ip: string | null): Promise<Gate> {
    const enterpriseId =
      b.enterprise_id ?? (who.scope.scope === 'enterprise' ? who.scope.enterpriseId : undefined)
    if (!enterpriseId)
      throw errors.validation('enterprise_id: which enterprise the gate belongs to', 'enterprise_id')
    if (who.scope.scope === 'enterprise' && enterpriseId !== who.scope.enterpriseId)
      throw errors.forbidden('an enterprise registers only its own gates')
    // events name gates by id alone: the id must be free among park gates and every enterprise's second gates
    if ((await this.gates([b.id])).size) throw errors.conflict('gate.exists', `gate ${b.id} exists already`)
    try {
      return await this.db.tx(who.scope, async (q) => {
        const e = await q.query('SELECT 1 FROM enterprises WHERE id = $1', [enterpriseId])
        if (!e.rowCount) throw errors.validation(`no enterprise ${enterpriseId}`, 'enterprise_id')
        await q.query(
          `INSERT INTO enterprise_gates (id, enterprise_id, name, geom)
           VALUES ($1, $2, $3, CASE WHEN $4::float8 IS NULL THEN NULL ELSE ST_SetSRID(ST_MakePoint($4, $5), 4326) END)`,
          [b.id, enterpriseId, b.name, b.lon ?? null, b.lat ?? null],
        )
        await auditIn(q, {
          userId: who.user.id,
          username: who.user.username,
          action: 'gate.register',
          target: b.id,
          result: 'ok',
          ip,
          detail: { enterprise_id: enterpriseId, name: b.name },
          enterpriseId,
        })
        const gate = (await listGates(q, 'enterprise')).find((g) => g.id === b.id)
        return gate!
      })
    } catch (err) {
      if ((err as { code?: string }).code === '23505')
        throw errors.conflict('gate.exists', `gate ${b.id} exists already`)
      throw err
    }
  }
}
