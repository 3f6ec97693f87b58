import type { LiveTag, PositionSample, TagKind } from '../../contracts'
import type { Queryable } from '../../platform/db/db'

export interface TagRow {
  id: string
  kind: TagKind
  label: string
  enterprise_id: string | null
  terminal_phone?: string | null
}

export async function upsertTags(q: Queryable, tags: TagRow[]): Promise<void> {
  if (!tags.length) return
  await q.query(
    `INSERT INTO tags (id, kind, label, enterprise_id)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])
     ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, label = excluded.label,
       enterprise_id = excluded.enterprise_id, updated_at = now()`,
    [
      tags.map((t) => t.id),
      tags.map((t) => t.kind),
      tags.map((t) => t.label),
      tags.map((t) => t.enterprise_id),
    ],
  )
}

export async function listTags(q: Queryable, terminal?: string): Promise<Omit<LiveTag, 'last'>[]> {
  const r = await q.query<Omit<LiveTag, 'last'>>(
    `SELECT id, kind, label, enterprise_id FROM tags ${terminal ? 'WHERE terminal_phone = $1' : ''} ORDER BY id`,
    terminal ? [terminal] : [],
  )
  return r.rows
}

/** Idempotent batch insert keyed by (tag, device time): a retransmitted sample is dropped. */
/**
 * Stores samples once per (tag, device time); `props[i]` (optional, same order) is kept with sample i:
 * what a protocol reports beyond the position (JT/T 808 alarm word, odometer, fuel…).
 */
export async function insertPositions(
  q: Queryable,
  samples: PositionSample[],
  props?: readonly (Record<string, unknown> | null)[],
): Promise<number> {
  if (!samples.length) return 0
  const r = await q.query(
    `INSERT INTO positions (tag_id, device_time, enterprise_id, geom, speed_kmh, heading_deg, source, props)
     SELECT p.tag_id, p.t, t.enterprise_id, ST_SetSRID(ST_MakePoint(p.lon, p.lat), 4326), p.speed, p.heading, p.source,
            p.props
       FROM unnest($1::text[], $2::timestamptz[], $3::float8[], $4::float8[], $5::real[], $6::real[], $7::text[],
                   $8::jsonb[])
            AS p(tag_id, t, lon, lat, speed, heading, source, props)
       LEFT JOIN tags t ON t.id = p.tag_id
     ON CONFLICT DO NOTHING`,
    [
      samples.map((s) => s.tag_id),
      samples.map((s) => s.t),
      samples.map((s) => s.lon),
      samples.map((s) => s.lat),
      samples.map((s) => s.speed_kmh),
      samples.map((s) => s.heading_deg),
      samples.map((s) => s.source),
      samples.map((_, i) => props?.[i] ?? null),
    ],
  )
  return r.rowCount ?? 0
}

export async function tagEnterprises(q: Queryable): Promise<Map<string, string | null>> {
  const r = await q.query<{ id: string; enterprise_id: string | null }>('SELECT id, enterprise_id FROM tags')
  return new Map(r.rows.map((t) => [t.id, t.enterprise_id]))
}
