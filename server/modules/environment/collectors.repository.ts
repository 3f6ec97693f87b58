import type { Collector } from '../../contracts'
import type { Queryable } from '../../platform/db/db'
import { isoSql } from './sql'

/** A collector as the ingest needs it: credentials, owner and channels by 2017 pollutant code. */
export interface CollectorAuth {
  mn: string
  pw: string
  st: number | null
  measure: 'wastewater' | 'waste_gas'
  enterprise_id: string | null
  active: boolean
  /** 2017 code → sensor id */
  channels: Record<string, string>
}

export interface NewChannel {
  code: string
  name: string
  name_en: string
  unit: string | null
}

/** Registers collectors and default channels for monitor points that have none (migration 0005). */
export async function syncRegistry(q: Queryable): Promise<number> {
  const r = await q.query<{ n: number }>('SELECT hj212_sync_registry() AS n')
  return r.rows[0]?.n ?? 0
}

export async function findCollector(q: Queryable, mn: string): Promise<CollectorAuth | null> {
  const r = await q.query<CollectorAuth>(
    `SELECT c.mn, c.pw, c.st, c.measure, c.enterprise_id, c.active,
            coalesce(jsonb_object_agg(s.props->>'code', s.id) FILTER (WHERE s.id IS NOT NULL), '{}') AS channels
       FROM hj212_collectors c
       LEFT JOIN sensors s ON s.kind = 'hj212_channel' AND s.mn = c.mn
      WHERE c.mn = $1
      GROUP BY c.mn`,
    [mn],
  )
  return r.rows[0] ?? null
}

/** findCollector for several MNs in one query (group commit); unknown MNs are absent from the map. */
export async function findCollectors(q: Queryable, mns: string[]): Promise<Map<string, CollectorAuth>> {
  if (!mns.length) return new Map()
  const r = await q.query<CollectorAuth>(
    `SELECT c.mn, c.pw, c.st, c.measure, c.enterprise_id, c.active,
            coalesce(jsonb_object_agg(s.props->>'code', s.id) FILTER (WHERE s.id IS NOT NULL), '{}') AS channels
       FROM hj212_collectors c
       LEFT JOIN sensors s ON s.kind = 'hj212_channel' AND s.mn = c.mn
      WHERE c.mn = ANY($1::text[])
      GROUP BY c.mn`,
    [mns],
  )
  return new Map(r.rows.map((row) => [row.mn, row]))
}

/**
 * Adds channels to a collector, placed and owned like its monitor point, without thresholds (no limit is
 * known for a pollutant the park did not configure). Returns code → sensor id of the rows it created.
 */
export async function addChannels(
  q: Queryable,
  mn: string,
  channels: NewChannel[],
): Promise<Record<string, string>> {
  if (!channels.length) return {}
  const r = await q.query<{ code: string; id: string }>(
    `INSERT INTO sensors (id, device_id, asset_id, enterprise_id, kind, name, name_en, measure, unit, mn, props, geom)
     SELECT c.mn || '.' || n.code, c.asset_id, coalesce(mp.asset_id, c.asset_id), c.enterprise_id, 'hj212_channel',
            c.name || ' ' || n.name, coalesce(c.name_en || ' ', '') || n.name_en, c.measure, n.unit, c.mn,
            jsonb_build_object('code', n.code, 'auto', true), coalesce(mp.geom, ST_PointOnSurface(a.geom))
       FROM hj212_collectors c
       CROSS JOIN unnest($2::text[], $3::text[], $4::text[], $5::text[]) AS n(code, name, name_en, unit)
       LEFT JOIN sensors mp ON mp.id = c.asset_id AND mp.kind = 'monitor_point'
       LEFT JOIN assets a ON a.id = c.asset_id
      WHERE c.mn = $1
     ON CONFLICT DO NOTHING
     RETURNING props->>'code' AS code, id`,
    [
      mn,
      channels.map((c) => c.code),
      channels.map((c) => c.name),
      channels.map((c) => c.name_en),
      channels.map((c) => c.unit),
    ],
  )
  return Object.fromEntries(r.rows.map((row) => [row.code, row.id]))
}

/** Keeps the newest CN 2021 status only (an older retransmit does not overwrite it). */
export async function updateStatus(
  q: Queryable,
  mn: string,
  status: Record<string, string>,
  t: string,
): Promise<void> {
  await q.query(
    `UPDATE hj212_collectors SET status = $2, status_at = $3, updated_at = now()
      WHERE mn = $1 AND (status_at IS NULL OR status_at <= $3)`,
    [mn, JSON.stringify(status), t],
  )
}

export async function listCollectors(q: Queryable): Promise<Collector[]> {
  const r = await q.query<Collector>(
    `SELECT c.mn, c.name, c.name_en, c.measure, c.st, c.enterprise_id, c.asset_id, c.active, c.rtd_interval_s,
            ${isoSql('p.received_at')} AS last_packet_at,
            coalesce(p.received_at > now() - make_interval(secs => 2 * c.rtd_interval_s), false) AS online,
            c.status, ${isoSql('c.status_at')} AS status_at,
            coalesce((SELECT json_agg(json_build_object('sensor_id', s.id, 'code', s.props->>'code', 'name', s.name,
                                                       'unit', s.unit, 'thresholds', s.thresholds) ORDER BY s.id)
                        FROM sensors s WHERE s.kind = 'hj212_channel' AND s.mn = c.mn), '[]'::json) AS channels
       FROM hj212_collectors c
       LEFT JOIN LATERAL (SELECT received_at FROM hj212_packets p WHERE p.mn = c.mn
                           ORDER BY received_at DESC LIMIT 1) p ON true
      ORDER BY c.mn`,
  )
  return r.rows
}

export interface ChannelRow {
  sensor_id: string
  mn: string
  code: string
  unit: string | null
  enterprise_id: string | null
}

export async function listChannels(q: Queryable): Promise<ChannelRow[]> {
  const r = await q.query<ChannelRow>(
    `SELECT id AS sensor_id, mn, props->>'code' AS code, unit, enterprise_id
       FROM sensors WHERE kind = 'hj212_channel' ORDER BY id`,
  )
  return r.rows
}
