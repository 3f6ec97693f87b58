// Positioning-card (定位卡) positions from gateways (MQTT and HTTP): known cards become PositionSamples of the
// card's tag, published on the bus stream `positions` (the position writer filters and stores them: nothing is
// stored here, so nothing twice), and a badge's SOS or low battery raises an alarm. Alarms are raised before
// the samples are published and both before the caller answers the device: a batch the platform failed to act
// on is sent again, and raising is idempotent by (tag, rule, card time), so a resent batch changes nothing.
import type { CardItemRejection, CardPosition } from '../../../sensors/protocols/cards'
import type { PositionSample } from '../../contracts/live'
import type { AlarmSink } from '../../ingest/jt808/jt808.alarms'
import { streams, type Bus } from '../../platform/bus/bus'
import { systemScope, type Db } from '../../platform/db/db'
import type { Logger } from '../../platform/logger'

export const cardSosRule = 'card_sos'
export const cardBatteryRule = 'card_battery_low'
/** below this percentage a card raises `card_battery_low` */
export const lowBatteryPercent = 10
/** at or above this it returns to normal (hysteresis: a reading that wobbles around 10 % is one alarm) */
export const batteryOkPercent = 20

export interface CardTag {
  tag_id: string
  label: string
  enterprise_id: string | null
}

export interface CardIngestResult {
  /** samples published for the position writer */
  accepted: number
  /** refusals by index in the caller's list */
  rejected: CardItemRejection[]
  alarms: number
}

export interface CardFeedOptions {
  /** how long a known card stays cached, ms; default 60 s */
  cacheMs?: number
  clock?: () => number
}

export class CardFeedService {
  private readonly known = new Map<string, { tag: CardTag; at: number }>()
  /** tags with an open low-battery alarm (loaded lazily from the alarms table) */
  private lowBattery: Set<string> | null = null
  private readonly now: () => number

  constructor(
    private readonly db: Db,
    private readonly bus: Bus,
    private readonly alarms: AlarmSink,
    private readonly log: Logger,
    private readonly opts: CardFeedOptions = {},
  ) {
    this.now = opts.clock ?? Date.now
  }

  /** The tags of these cards; unknown cards are absent. */
  async resolve(cards: readonly string[]): Promise<Map<string, CardTag>> {
    const out = new Map<string, CardTag>()
    const ttl = this.opts.cacheMs ?? 60_000
    const missing: string[] = []
    for (const c of new Set(cards)) {
      const k = this.known.get(c)
      if (k && this.now() - k.at < ttl) out.set(c, k.tag)
      else missing.push(c)
    }
    if (missing.length) {
      const rows = await this.db.query<CardTag & { card: string }>(
        systemScope,
        `SELECT c.id AS card, c.tag_id, t.label, t.enterprise_id
           FROM cards c JOIN tags t ON t.id = c.tag_id WHERE c.id = ANY($1::text[])`,
        [missing],
      )
      const at = this.now()
      for (const r of rows) {
        const tag = { tag_id: r.tag_id, label: r.label, enterprise_id: r.enterprise_id }
        this.known.set(r.card, { tag, at })
        out.set(r.card, tag)
      }
    }
    return out
  }

  /**
   * Acts on decoded positions (`index` is each one's place in the message): raises what the badges report,
   * publishes the samples of known cards. Throws when the bus or the alarm module fails (then the caller does
   * not answer, and the gateway sends again).
   */
  async ingest(
    items: readonly { index: number; value: CardPosition }[],
    source: string,
  ): Promise<CardIngestResult> {
    const tags = await this.resolve(items.map((i) => i.value.card))
    const rejected: CardItemRejection[] = []
    const samples: PositionSample[] = []
    const known: { p: CardPosition; tag: CardTag }[] = []
    for (const { index, value: p } of items) {
      const tag = tags.get(p.card)
      if (!tag) {
        rejected.push({ index, reason: 'unknown_card', message: `no positioning card ${p.card}` })
        continue
      }
      known.push({ p, tag })
      samples.push({
        tag_id: tag.tag_id,
        t: p.t,
        lon: p.lon,
        lat: p.lat,
        speed_kmh: null,
        heading_deg: null,
        source: 'card',
      })
    }
    const alarms = await this.raiseAlarms(known, source)
    if (samples.length) await this.bus.publish(streams.positions, { samples })
    return { accepted: samples.length, rejected, alarms }
  }

  private async openLowBattery(): Promise<Set<string>> {
    if (this.lowBattery) return this.lowBattery
    const rows = await this.db.query<{ source_id: string }>(
      systemScope,
      `SELECT source_id FROM alarms WHERE rule = $1 AND state <> 'cleared' AND condition_active`,
      [cardBatteryRule],
    )
    this.lowBattery = new Set(rows.map((r) => r.source_id))
    return this.lowBattery
  }

  private async raiseAlarms(known: { p: CardPosition; tag: CardTag }[], source: string): Promise<number> {
    let n = 0
    const withBattery = known.filter((k) => k.p.battery !== null).sort((a, b) => a.p.tMs - b.p.tMs)
    const low = withBattery.length ? await this.openLowBattery() : null
    for (const { p, tag } of known) {
      if (!p.sos) continue
      await this.alarms.raise({
        source_type: 'tag',
        source_id: tag.tag_id,
        rule: cardSosRule,
        t: p.tMs,
        value: null,
        limit: null,
        priority: 'urgent',
        message: `${tag.label}: 定位卡紧急求救 card SOS (${p.card})`,
        enterprise_id: tag.enterprise_id,
        location: { lon: p.lon, lat: p.lat },
        props: { card: p.card, floor: p.floor, protocol: source },
      })
      n++
    }
    for (const { p, tag } of withBattery) {
      const battery = p.battery!
      if (battery < lowBatteryPercent && !low!.has(tag.tag_id)) {
        await this.alarms.raise({
          source_type: 'tag',
          source_id: tag.tag_id,
          rule: cardBatteryRule,
          t: p.tMs,
          value: battery,
          limit: lowBatteryPercent,
          direction: 'low',
          priority: 'low',
          message: `${tag.label}: 定位卡电量低 card battery low (${p.card}, ${battery} %)`,
          enterprise_id: tag.enterprise_id,
          location: { lon: p.lon, lat: p.lat },
          props: { card: p.card, protocol: source },
        })
        low!.add(tag.tag_id)
        n++
      } else if (battery >= batteryOkPercent && low!.has(tag.tag_id)) {
        await this.alarms.returnToNormal(tag.tag_id, cardBatteryRule, p.tMs)
        low!.delete(tag.tag_id)
        n++
      }
    }
    if (n) this.log.debug({ n }, 'card alarms raised')
    return n
  }
}
