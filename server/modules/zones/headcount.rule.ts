// The zone headcount rule on the database (区域超员): loads each active zone's maximum headcount — the zone's own
// `props.max_headcount`, else its zone type's default in `zone_type_limits` (migration 0016) — and, after a
// restart, the open alarms and the members' last report from PostGIS. Membership itself is the geofence
// engine's (rebuilt from `zone_events` before the tag rules start). Plugged into the geofence worker as a TagRule.
import type { TagKind } from '../../contracts/live'
import { systemScope, type Db, type Queryable } from '../../platform/db/db'
import type { Logger } from '../../platform/logger'
import { HeadcountRule, headcountRulePrefix, type HeadcountOptions, type ZoneLimit } from './headcount'
import type { TagRule } from './zone-rules'

export interface ZoneLimitRow {
  id: string
  name: string
  zone_type: string
  enterprise_id: string | null
  /** whether props carries max_headcount at all (a JSON null there means: no limit for this zone) */
  has_own: boolean
  own: unknown
  type_default: number | null
  lon: number | null
  lat: number | null
}

export async function zoneLimitRows(q: Queryable): Promise<ZoneLimitRow[]> {
  const r = await q.query<ZoneLimitRow>(
    `SELECT z.id, z.name, z.zone_type, z.enterprise_id, z.props ? 'max_headcount' AS has_own,
            z.props->'max_headcount' AS own, d.max_headcount AS type_default,
            ST_X(ST_PointOnSurface(z.geom)) AS lon, ST_Y(ST_PointOnSurface(z.geom)) AS lat
       FROM zones z LEFT JOIN zone_type_limits d ON d.zone_type = z.zone_type
      WHERE z.active ORDER BY z.id`,
  )
  return r.rows
}

/**
 * The limit of each zone: its own `props.max_headcount` (a positive integer; JSON null: none for this zone),
 * else the zone type's default; unusable values are reported and fall back to the default.
 */
export function resolveLimits(rows: readonly ZoneLimitRow[]): { limits: ZoneLimit[]; warnings: string[] } {
  const limits: ZoneLimit[] = []
  const warnings: string[] = []
  for (const r of rows) {
    let limit = r.type_default
    if (r.has_own) {
      if (r.own === null) limit = null
      else if (typeof r.own === 'number' && Number.isInteger(r.own) && r.own > 0) limit = r.own
      else warnings.push(`zone ${r.id}: max_headcount ${JSON.stringify(r.own)} ignored`)
    }
    if (limit === null) continue
    limits.push({
      zoneId: r.id,
      name: r.name,
      zoneType: r.zone_type,
      enterpriseId: r.enterprise_id,
      limit,
      location: r.lon !== null && r.lat !== null ? { lon: r.lon, lat: r.lat } : null,
    })
  }
  return { limits, warnings }
}

export interface HeadcountRuleHandle extends TagRule {
  readonly rule: HeadcountRule
}

export function zoneHeadcountRule(db: Db, log: Logger, opts: HeadcountOptions = {}): HeadcountRuleHandle {
  const rule = new HeadcountRule(opts)
  let version: string | null = null

  const reload = async (): Promise<boolean> => {
    const { limits, warnings } = resolveLimits(await db.tx(systemScope, zoneLimitRows))
    const v = JSON.stringify(limits)
    if (v === version) return false
    version = v
    if (warnings.length) log.warn({ warnings }, 'zone headcount limits partly unusable')
    rule.setLimits(limits)
    log.debug({ zones: limits.length }, 'zone headcount limits loaded')
    return true
  }

  return {
    name: rule.name,
    rule,
    start: async (ctx) => {
      await reload()
      if (ctx?.occupancy) rule.attach(ctx.occupancy)
      else log.warn('zone headcount rule started without the zone engine: it counts nobody')
      const open = await db.query<{ source_id: string; t: Date }>(
        systemScope,
        `SELECT source_id, last_event_time AS t FROM alarms
          WHERE source_type = 'zone' AND rule LIKE $1 AND state <> 'cleared' AND condition_active`,
        [`${headcountRulePrefix.replaceAll('_', '\\_')}%`],
      )
      for (const a of open) rule.seedOpen(a.source_id, a.t.getTime())
      // the members' last report (server clock) and kind, so the counts survive the restart
      const ids = rule.memberTags()
      if (ids.length) {
        const rows = await db.query<{ id: string; kind: TagKind | null; heard: Date | null }>(
          systemScope,
          `SELECT u.id, t.kind, p.received_at AS heard
             FROM unnest($1::text[]) AS u(id)
             LEFT JOIN tags t ON t.id = u.id
             LEFT JOIN LATERAL (SELECT received_at FROM positions
                                 WHERE tag_id = u.id ORDER BY device_time DESC LIMIT 1) p ON true`,
          [ids],
        )
        for (const r of rows) if (r.heard) rule.seedSeen(r.id, r.heard.getTime(), r.kind)
      }
      log.info(
        { zones: rule.limitsOf().length, open: open.length, members: ids.length },
        'zone headcount rule started',
      )
    },
    reload,
    process: (s, tag) => rule.process(s, tag),
    tick: (now) => rule.tick(now),
    snapshot: (ids) => rule.snapshot(ids),
  }
}
