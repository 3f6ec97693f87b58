// The card and terminal presence rules on the database (逾期未离园, 定位卡/终端失联): loads the watched tags — open
// card issues (not returned) and hazmat bookings in the park, with the newest park-gate event of their plate —
// on the geofence worker's tag-rule timer, the park boundary at start, and, after a restart, the open alarms and
// each watched tag's newest stored position (PostGIS). Plugged into the geofence worker as a TagRule.
import { systemScope, type Db, type Queryable } from '../../platform/db/db'
import type { Logger } from '../../platform/logger'
import type { TagRule } from '../zones/zone-rules'
import { compileZone, type CompiledZone } from '../zones/zone-shapes'
import {
  CardPresenceRule,
  overdueExitRule,
  tagSilentRule,
  type CardPresenceOptions,
  type HolderType,
  type PresenceWatch,
} from './card-presence'

interface IssueRow {
  tag_id: string
  label: string
  enterprise_id: string | null
  issue_id: string
  holder_type: HolderType
  plate: string | null
  valid_to: Date
  issued_at: Date
  gate_direction: 'in' | 'out' | null
  gate_t: Date | null
}

interface BookingRow {
  tag_id: string
  label: string
  enterprise_id: string
  id: string
  plate: string
  valid_to: Date
  since: Date
  terminal: boolean
  card: boolean
  gate_direction: 'in' | 'out' | null
  gate_t: Date | null
}

/** The newest park-gate event of a plate since a time: an exit there means the vehicle left. */
const gateLateral = (plate: string, since: string) => `
  LEFT JOIN LATERAL (SELECT direction AS gate_direction, t AS gate_t FROM gate_events
                      WHERE gate_kind = 'park' AND ${plate} IS NOT NULL AND plate_norm = norm_plate(${plate})
                        AND t >= ${since}
                      ORDER BY t DESC, id DESC LIMIT 1) g ON true`

export async function watchedIssues(q: Queryable): Promise<IssueRow[]> {
  const r = await q.query<IssueRow>(
    `SELECT c.tag_id, tg.label, coalesce(i.host_enterprise_id, tg.enterprise_id) AS enterprise_id,
            i.id::text AS issue_id, i.holder_type, i.plate, i.valid_to, i.issued_at, g.gate_direction, g.gate_t
       FROM card_issues i
       JOIN cards c ON c.id = i.card_id
       JOIN tags tg ON tg.id = c.tag_id
       ${gateLateral('i.plate', 'i.issued_at')}
      WHERE i.returned_at IS NULL
      ORDER BY c.tag_id`,
  )
  return r.rows
}

export async function bookingsInPark(q: Queryable): Promise<BookingRow[]> {
  const r = await q.query<BookingRow>(
    `SELECT b.tag_id, tg.label, b.enterprise_id, b.id, b.plate, b.valid_to,
            coalesce(b.entered_at, b.approved_at, b.valid_from) AS since,
            EXISTS (SELECT 1 FROM jt808_terminals j WHERE j.tag_id = b.tag_id AND j.last_auth_at IS NOT NULL) AS terminal,
            EXISTS (SELECT 1 FROM cards c WHERE c.tag_id = b.tag_id) AS card,
            g.gate_direction, g.gate_t
       FROM hazmat_bookings b
       JOIN tags tg ON tg.id = b.tag_id
       ${gateLateral('b.plate', 'coalesce(b.entered_at, b.approved_at, b.valid_from)')}
      WHERE b.status = 'in_park' AND b.tag_id IS NOT NULL
      ORDER BY b.tag_id`,
  )
  return r.rows
}

const exitOf = (r: { gate_direction: 'in' | 'out' | null; gate_t: Date | null }) =>
  r.gate_direction === 'out' && r.gate_t ? r.gate_t.getTime() : null

/** One watch per tag: a card issued as a hazmat truck's tag is watched once, for both reasons. */
export function toWatches(issues: readonly IssueRow[], bookings: readonly BookingRow[]): PresenceWatch[] {
  const out = new Map<string, PresenceWatch>()
  for (const r of issues)
    out.set(r.tag_id, {
      tagId: r.tag_id,
      label: r.label,
      enterpriseId: r.enterprise_id,
      device: 'card',
      since: r.issued_at.getTime(),
      card: {
        issueId: r.issue_id,
        holder: r.holder_type,
        validTo: r.valid_to.getTime(),
        plate: r.plate,
      },
      booking: null,
      exitedAt: exitOf(r),
    })
  for (const r of bookings) {
    const booking = { id: r.id, plate: r.plate, validTo: r.valid_to.getTime() }
    const prev = out.get(r.tag_id)
    if (prev) {
      const exits = [prev.exitedAt, exitOf(r)]
      out.set(r.tag_id, {
        ...prev,
        enterpriseId: prev.enterpriseId ?? r.enterprise_id,
        since: Math.min(prev.since, r.since.getTime()),
        booking,
        // left when either plate's newest gate event is an exit (they are normally the same plate)
        exitedAt: exits.some((e) => e !== null) ? Math.max(...exits.map((e) => e ?? -Infinity)) : null,
      })
      continue
    }
    out.set(r.tag_id, {
      tagId: r.tag_id,
      label: r.label,
      enterpriseId: r.enterprise_id,
      device: r.terminal && !r.card ? 'terminal' : 'card',
      since: r.since.getTime(),
      card: null,
      booking,
      exitedAt: exitOf(r),
    })
  }
  return [...out.values()]
}

export async function parkBoundary(q: Queryable): Promise<CompiledZone | null> {
  const r = await q.query<{ id: string; geom: { type: string; coordinates: unknown } }>(
    'SELECT id, ST_AsGeoJSON(geom)::json AS geom FROM parks ORDER BY id LIMIT 1',
  )
  const row = r.rows[0]
  if (!row) return null
  return compileZone({
    id: `park:${row.id}`,
    name: row.id,
    zone_type: 'park',
    enterprise_id: null,
    props: {},
    geom: row.geom,
  }).zone
}

export interface CardPresenceRuleHandle extends TagRule {
  readonly rule: CardPresenceRule
}

export function cardPresenceRule(
  db: Db,
  log: Logger,
  opts: CardPresenceOptions = {},
): CardPresenceRuleHandle {
  const rule = new CardPresenceRule(opts)
  const clock = opts.clock ?? Date.now
  let version: string | null = null

  const reload = async (): Promise<boolean> => {
    const watches = await db.tx(systemScope, async (q) =>
      toWatches(await watchedIssues(q), await bookingsInPark(q)),
    )
    const v = JSON.stringify(watches)
    if (v === version) return false
    version = v
    rule.setWatches(watches)
    log.debug({ watched: watches.length }, 'card presence watches reloaded')
    return true
  }

  return {
    name: rule.name,
    rule,
    start: async () => {
      const boundary = await db.tx(systemScope, parkBoundary)
      if (!boundary) log.warn('no park boundary: every position counts as inside the park for overdue exits')
      rule.setBoundary(boundary)
      await reload()
      const open = await db.query<{ source_id: string; rule: string; t: Date }>(
        systemScope,
        `SELECT source_id, rule, last_event_time AS t FROM alarms
          WHERE source_type = 'tag' AND rule = ANY($1::text[]) AND state <> 'cleared' AND condition_active`,
        [[tagSilentRule, overdueExitRule]],
      )
      for (const a of open) rule.seedOpen(a.source_id, a.rule, a.t.getTime())
      // each watched tag's newest stored position (as the rule keeps it: newest by device time, counted only
      // if received since the watch began); received within the last day since then: armed for silence from
      // now, the start (the sensors' policy)
      const watches = rule.watched()
      if (watches.length) {
        const rows = await db.query<{
          tag_id: string
          t: Date
          at: Date
          lon: number
          lat: number
          recent: boolean
        }>(
          systemScope,
          `SELECT w.tag_id, p.device_time AS t, p.received_at AS at, ST_X(p.geom) AS lon, ST_Y(p.geom) AS lat,
                  p.received_at > now() - interval '1 day' AS recent
             FROM unnest($1::text[]) AS w(tag_id)
             CROSS JOIN LATERAL (SELECT device_time, received_at, geom FROM positions
                                  WHERE tag_id = w.tag_id ORDER BY device_time DESC LIMIT 1) p`,
          [watches.map((w) => w.tagId)],
        )
        const since = new Map(watches.map((w) => [w.tagId, w.since]))
        const now = clock()
        for (const r of rows) {
          const at = r.at.getTime()
          const armed = r.recent && at >= (since.get(r.tag_id) ?? Infinity) ? now : null
          rule.seedPosition(r.tag_id, { t: r.t.getTime(), at, lon: r.lon, lat: r.lat }, armed)
        }
      }
      log.info({ watched: watches.length, open: open.length }, 'card presence rule started')
    },
    reload,
    process: (s) => rule.process(s),
    tick: (now) => rule.tick(now),
    snapshot: (ids) => rule.snapshot(ids),
  }
}
