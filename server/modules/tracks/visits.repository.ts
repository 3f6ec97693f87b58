import type { TagKind } from '../../contracts/live'
import type { Queryable } from '../../platform/db/db'
import type { PresenceEvent } from './visit-math'

export interface ZoneHead {
  id: string
  name: string
  name_en: string | null
  zone_type: string
}

export interface TagLabel {
  id: string
  kind: TagKind
  label: string
}

/** Events of one tag or one zone read for a report: the state before the window and the window's events. */
export interface PresenceRead {
  /** per (tag, zone) inside at `from`: the enter that opened the visit */
  before: PresenceEvent[]
  /** enter / exit / crossing in [from, to), in time order */
  events: PresenceEvent[]
  /** more than `limit` events in the window: the caller narrows it */
  truncated: boolean
}

type Row = { tag_id: string; zone_id: string; event: PresenceEvent['event']; ms: number }
const toEvent = (r: Row): PresenceEvent => ({ tag_id: r.tag_id, zone_id: r.zone_id, event: r.event, t: r.ms })
const ms = (col: string) => `(extract(epoch FROM ${col}) * 1000)::float8`

/**
 * How the state at `from` is read. It is the newest enter/exit of each (tag, zone) pair however old (a tag
 * parked inside for weeks is still inside), so it cannot be bounded by time.
 * - `probes` (park scope): the distinct keys of the other side by a skip scan (a zone report: every tag with
 *   events; a tag report: its zones), then per pair the newest enter and the newest exit before `from`, each
 *   one descent of the (tag_id, zone_id, event, t) unique index. A zone with a million events over a year
 *   answers in milliseconds instead of sorting them all.
 * - `scan` (enterprise scope): DISTINCT ON over the tag's or zone's history on its (…, t DESC) index, like the
 *   occupants list. Row-level security hides rows of other enterprises' tags, and a skip scan would walk
 *   through all of them, so for an enterprise this bounded scan of the one zone or tag is the cheaper one.
 * Both answer the same (the integration tests compare them).
 */
export type BeforeStrategy = 'probes' | 'scan'

function beforeSql(by: 'tag_id' | 'zone_id', strategy: BeforeStrategy): string {
  const other = by === 'tag_id' ? 'zone_id' : 'tag_id'
  if (strategy === 'scan')
    return `SELECT tag_id, zone_id, event, ms FROM (
              SELECT DISTINCT ON (${other}) tag_id, zone_id, event, ${ms('t')} AS ms
                FROM zone_events
               WHERE ${by} = $1 AND t < $2 AND event IN ('enter', 'exit')
               ORDER BY ${other}, t DESC, id DESC) s
             WHERE event = 'enter'`
  const keys =
    by === 'tag_id'
      ? `(SELECT zone_id AS v FROM zone_events WHERE tag_id = $1 ORDER BY zone_id LIMIT 1)
         UNION ALL
         SELECT (SELECT e.zone_id FROM zone_events e WHERE e.tag_id = $1 AND e.zone_id > k.v ORDER BY e.zone_id LIMIT 1)
           FROM k WHERE k.v IS NOT NULL`
      : `(SELECT tag_id AS v FROM zone_events ORDER BY tag_id LIMIT 1)
         UNION ALL
         SELECT (SELECT e.tag_id FROM zone_events e WHERE e.tag_id > k.v ORDER BY e.tag_id LIMIT 1)
           FROM k WHERE k.v IS NOT NULL`
  const pair = by === 'tag_id' ? 'tag_id = $1 AND zone_id = k.v' : 'tag_id = k.v AND zone_id = $1'
  const newest = (event: string) =>
    `SELECT t, id FROM zone_events WHERE ${pair} AND event = '${event}' AND t < $2 ORDER BY t DESC LIMIT 1`
  return `WITH RECURSIVE k AS (${keys})
          SELECT ${by === 'tag_id' ? '$1::text AS tag_id, k.v AS zone_id' : 'k.v AS tag_id, $1::text AS zone_id'},
                 'enter' AS event, ${ms('en.t')} AS ms
            FROM k
            CROSS JOIN LATERAL (${newest('enter')}) en
            LEFT JOIN LATERAL (${newest('exit')}) ex ON true
           WHERE k.v IS NOT NULL AND (ex.t IS NULL OR (ex.t, ex.id) < (en.t, en.id))`
}

async function presence(
  q: Queryable,
  by: 'tag_id' | 'zone_id',
  id: string,
  from: string,
  to: string,
  limit: number,
  strategy: BeforeStrategy,
): Promise<PresenceRead> {
  const before = await q.query<Row>(beforeSql(by, strategy), [id, from])
  const events = await q.query<Row>(
    `SELECT tag_id, zone_id, event, ${ms('t')} AS ms
       FROM zone_events
      WHERE ${by} = $1 AND t >= $2 AND t < $3 AND event IN ('enter', 'exit', 'crossing')
      ORDER BY t, id
      LIMIT $4`,
    [id, from, to, limit + 1],
  )
  return {
    before: before.rows.map(toEvent),
    events: events.rows.slice(0, limit).map(toEvent),
    truncated: events.rows.length > limit,
  }
}

export function tagPresence(
  q: Queryable,
  tagId: string,
  from: string,
  to: string,
  limit: number,
  strategy: BeforeStrategy = 'scan',
) {
  return presence(q, 'tag_id', tagId, from, to, limit, strategy)
}

export function zonePresence(
  q: Queryable,
  zoneId: string,
  from: string,
  to: string,
  limit: number,
  strategy: BeforeStrategy = 'scan',
) {
  return presence(q, 'zone_id', zoneId, from, to, limit, strategy)
}

/** The zone as the caller may see it (row-level security); null when unknown or not visible. */
export async function visibleZone(q: Queryable, id: string): Promise<ZoneHead | null> {
  const r = await q.query<ZoneHead>('SELECT id, name, name_en, zone_type FROM zones WHERE id = $1', [id])
  return r.rows[0] ?? null
}

/** The named zones the caller may see. */
export async function zoneHeads(q: Queryable, ids: readonly string[]): Promise<ZoneHead[]> {
  if (!ids.length) return []
  const r = await q.query<ZoneHead>(
    'SELECT id, name, name_en, zone_type FROM zones WHERE id = ANY($1::text[])',
    [ids],
  )
  return r.rows
}

/** The named tags the caller may see. */
export async function tagLabels(q: Queryable, ids: readonly string[]): Promise<TagLabel[]> {
  if (!ids.length) return []
  const r = await q.query<TagLabel>('SELECT id, kind, label FROM tags WHERE id = ANY($1::text[])', [ids])
  return r.rows
}
