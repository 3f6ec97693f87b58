// Gate (卡口) plate-recognition events: stored once (natural key gate, lane, plate, time), listed, counted per
// gate for today; a hazmat vehicle entering the park without an approved booking for the day (未预约入园)
// raises an urgent `gate_no_booking` alarm before the event is answered, idempotently by (plate, time).
import { normalisePlate, type CardItemRejection, type GateEventInput } from '../../../sensors/protocols/cards'
import type { GateEvent, GateEventsQuery, GateSummary } from '../../contracts/gates'
import type { AlarmSink } from '../../ingest/jt808/jt808.alarms'
import { systemScope, type Db, type DbScope } from '../../platform/db/db'
import type { Logger } from '../../platform/logger'

export const gateNoBookingRule = 'gate_no_booking'

interface GateInfo {
  id: string
  kind: 'park' | 'enterprise'
  enterprise_id: string | null
  name: string
  /** park gates: dedicated (专用, hazmat only), general, unattended, emergency */
  gate_class: string | null
}

export interface GateIngestResult {
  stored: number
  duplicates: number
  rejected: CardItemRejection[]
  alarms: number
}

const day = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10)

export class GatesService {
  constructor(
    private readonly db: Db,
    private readonly alarms: AlarmSink,
    private readonly log: Logger,
  ) {}

  private async gates(ids: string[]): Promise<Map<string, GateInfo>> {
    const rows = await this.db.query<GateInfo>(
      systemScope,
      `SELECT id, 'park' AS kind, enterprise_id, name, props->>'gate_class' AS gate_class
         FROM assets WHERE kind = 'gate' AND id = ANY($1::text[])
       UNION ALL
       SELECT id, 'enterprise', enterprise_id, name, NULL FROM enterprise_gates WHERE id = ANY($1::text[])`,
      [ids],
    )
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
      if (inserted.length) out.stored++
      else out.duplicates++
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
    return out
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
    const where: string[] = []
    const params: unknown[] = []
    const add = (sql: string, v: unknown) => {
      params.push(v)
      where.push(sql.replace('?', `$${params.length}`))
    }
    if (f.gate) add('gate_id = ?', f.gate)
    if (f.plate) add('plate_norm = ?', normalisePlate(f.plate))
    if (f.from) add('t >= ?', f.from)
    if (f.to) add('t < ?', f.to)
    params.push(f.limit)
    const rows = await this.db.query<
      Omit<GateEvent, 't' | 'received_at' | 'id'> & { id: string; t: Date; received_at: Date }
    >(
      scope,
      `SELECT id::text, gate_id, gate_kind, enterprise_id, plate, lane, direction, t, photo_ref, source, received_at
         FROM gate_events ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY t DESC, id DESC LIMIT $${params.length}`,
      params,
    )
    return rows.map((r) => ({ ...r, t: r.t.toISOString(), received_at: r.received_at.toISOString() }))
  }

  /** Today's (China Standard Time) counts per gate, in and out. */
  async summary(scope: DbScope, now = Date.now()): Promise<GateSummary> {
    const today = day(now)
    const rows = await this.db.query<{
      gate_id: string
      gate_kind: 'park' | 'enterprise'
      in: number
      out: number
    }>(
      scope,
      `SELECT gate_id, gate_kind, count(*) FILTER (WHERE direction = 'in')::int AS in,
              count(*) FILTER (WHERE direction = 'out')::int AS out
         FROM gate_events
        WHERE t >= ($1::date::timestamp AT TIME ZONE 'Asia/Shanghai')
          AND t < (($1::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')
        GROUP BY gate_id, gate_kind ORDER BY gate_id`,
      [today],
    )
    return { day: today, gates: rows }
  }
}
