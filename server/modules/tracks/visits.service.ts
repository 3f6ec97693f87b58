import type {
  TagZonesQuery,
  TagZonesReport,
  VisitTotals,
  ZoneVisit,
  ZoneVisitsQuery,
  ZoneVisitsReport,
} from '../../contracts/tracks'
import type { TagKind } from '../../contracts/live'
import type { Db, DbScope } from '../../platform/db/db'
import { errors } from '../../platform/http/errors'
import { visibleTag } from './tracks.repository'
import { pairVisits, summarizeByZone, totalsBy, type Totals, type Visit } from './visit-math'
import {
  tagLabels,
  tagPresence,
  visibleZone,
  zoneHeads,
  zonePresence,
  type TagLabel,
} from './visits.repository'

/** A window with more zone events than this is refused (400): narrow it. Far above a busy gate's month. */
export const maxZoneEvents = 200_000

const iso = (ms: number) => new Date(ms).toISOString()
const seconds = (ms: number) => Math.round(ms) / 1000

function toVisit(v: Visit, tag: TagLabel | undefined): ZoneVisit {
  return {
    tag_id: v.tag_id,
    zone_id: v.zone_id,
    label: tag?.label ?? null,
    kind: tag?.kind ?? null,
    enter: iso(v.enter),
    exit: v.exit === null ? null : iso(v.exit),
    duration_s: seconds(v.duration_ms),
    crossing: v.crossing,
    open_at_from: v.open_at_from,
    open_at_to: v.open_at_to,
  }
}

const totals = (t: Totals): VisitTotals => ({
  visits: t.visits,
  crossings: t.crossings,
  total_s: seconds(t.total_ms),
  tags: t.tags,
})

/**
 * Time in each zone for a tag and the visits of a zone, from the geofence engine's `zone_events` (see
 * visit-math.ts for why events and not positions), under the caller's row-level security: an enterprise sees
 * events of its own tags and in its own zones.
 */
export class VisitsService {
  constructor(
    private readonly db: Db,
    private readonly clock: () => number = Date.now,
  ) {}

  private window(q: { from: string; to: string }) {
    const from = Date.parse(q.from)
    const to = Date.parse(q.to)
    return { from, to, until: Math.max(from, Math.min(to, this.clock())) }
  }

  async tagZones(scope: DbScope, tagId: string, q: TagZonesQuery): Promise<TagZonesReport> {
    const w = this.window(q)
    const { tag, read, zones } = await this.db.tx(scope, async (tx) => {
      const tag = await visibleTag(tx, tagId)
      if (!tag) throw errors.notFound('tag', tagId)
      // probes: bounded by the tag's own events whatever the scope
      const read = await tagPresence(tx, tagId, q.from, q.to, maxZoneEvents, 'probes')
      if (read.truncated) throw tooMany()
      const ids = new Set([...read.before, ...read.events].map((e) => e.zone_id))
      return { tag, read, zones: await zoneHeads(tx, [...ids]) }
    })
    const heads = new Map(zones.map((z) => [z.id, z]))
    const visits = pairVisits(read.before, read.events, w.from, w.until)
    return {
      tag_id: tag.id,
      label: tag.label,
      kind: tag.kind,
      from: q.from,
      to: q.to,
      until: iso(w.until),
      zones: summarizeByZone(visits).map((s) => {
        const z = heads.get(s.zone_id)
        return {
          zone_id: s.zone_id,
          name: z?.name ?? null,
          name_en: z?.name_en ?? null,
          zone_type: z?.zone_type ?? null,
          visits: s.visits,
          crossings: s.crossings,
          total_s: seconds(s.total_ms),
          first_enter: iso(s.first_enter),
          last_exit: s.last_exit === null ? null : iso(s.last_exit),
          inside_at_from: s.inside_at_from,
          inside_at_to: s.inside_at_to,
        }
      }),
    }
  }

  async zoneVisits(scope: DbScope, zoneId: string, q: ZoneVisitsQuery): Promise<ZoneVisitsReport> {
    const w = this.window(q)
    const { zone, read, tags } = await this.db.tx(scope, async (tx) => {
      const zone = await visibleZone(tx, zoneId)
      if (!zone) throw errors.notFound('zone', zoneId)
      const strategy = scope.scope === 'park' ? 'probes' : 'scan'
      const read = await zonePresence(tx, zoneId, q.from, q.to, maxZoneEvents, strategy)
      if (read.truncated) throw tooMany()
      const ids = new Set([...read.before, ...read.events].map((e) => e.tag_id))
      return { zone, read, tags: await tagLabels(tx, [...ids]) }
    })
    const byId = new Map(tags.map((t) => [t.id, t]))
    const visits = pairVisits(read.before, read.events, w.from, w.until)
    const sum = totalsBy<TagKind | 'unknown'>(visits, (v) => byId.get(v.tag_id)?.kind ?? 'unknown')
    return {
      zone_id: zone.id,
      name: zone.name,
      name_en: zone.name_en,
      zone_type: zone.zone_type,
      from: q.from,
      to: q.to,
      until: iso(w.until),
      visits: visits.map((v) => toVisit(v, byId.get(v.tag_id))),
      totals: {
        ...totals(sum.all),
        inside_at_to: sum.insideAtTo,
        by_kind: Object.fromEntries([...sum.groups].map(([k, t]) => [k, totals(t)])),
      },
    }
  }
}

const tooMany = () =>
  errors.validation(`more than ${maxZoneEvents} zone events in the window; narrow it`, 'to')
