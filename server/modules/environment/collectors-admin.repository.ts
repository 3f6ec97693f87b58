import type { Queryable } from '../../platform/db/db'

export interface CollectorRecord {
  mn: string
  pw: string
  st: number | null
  measure: 'wastewater' | 'waste_gas'
  enterprise_id: string | null
  asset_id: string | null
  name: string
  name_en: string | null
  rtd_interval_s: number
  active: boolean
}

export type NewCollector = Omit<CollectorRecord, 'active'>

export async function findCollectorRecord(
  q: Queryable,
  mn: string,
  lock = false,
): Promise<CollectorRecord | null> {
  const r = await q.query<CollectorRecord>(
    `SELECT mn, pw, st, measure, enterprise_id, asset_id, name, name_en, rtd_interval_s, active
       FROM hj212_collectors WHERE mn = $1 ${lock ? 'FOR UPDATE' : ''}`,
    [mn],
  )
  return r.rows[0] ?? null
}

/** The asset's owner, or undefined when there is no such asset (visible in the caller's scope). */
export async function assetOwner(
  q: Queryable,
  id: string,
): Promise<{ enterprise_id: string | null } | undefined> {
  const r = await q.query<{ enterprise_id: string | null }>(
    'SELECT enterprise_id FROM assets WHERE id = $1',
    [id],
  )
  return r.rows[0]
}

export async function enterpriseExists(q: Queryable, id: string): Promise<boolean> {
  const r = await q.query('SELECT 1 FROM enterprises WHERE id = $1', [id])
  return (r.rowCount ?? 0) > 0
}

/** Inserts the collector; false when its MN is taken. */
export async function insertCollector(q: Queryable, c: NewCollector): Promise<boolean> {
  const r = await q.query(
    `INSERT INTO hj212_collectors (mn, pw, st, measure, enterprise_id, asset_id, name, name_en, rtd_interval_s)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (mn) DO NOTHING`,
    [c.mn, c.pw, c.st, c.measure, c.enterprise_id, c.asset_id, c.name, c.name_en, c.rtd_interval_s],
  )
  return (r.rowCount ?? 0) > 0
}

/**
 * The default channels of the collector's measure (hj212_channel_defaults, with their default thresholds), as
 * `sensors` rows `<MN>.<code>` placed and owned like the collector, as hj212_sync_registry() does (0005).
 * Returns the sensor ids created.
 */
export async function insertDefaultChannels(q: Queryable, mn: string): Promise<string[]> {
  const r = await q.query<{ id: string }>(
    `INSERT INTO sensors (id, device_id, asset_id, enterprise_id, kind, name, name_en, measure, unit, mn, thresholds,
                          props, geom)
     SELECT c.mn || '.' || d.code, c.asset_id, coalesce(mp.asset_id, c.asset_id), c.enterprise_id, 'hj212_channel',
            c.name || ' ' || d.name, coalesce(c.name_en || ' ', '') || d.name_en, c.measure, d.unit, c.mn,
            d.thresholds, jsonb_build_object('code', d.code), coalesce(mp.geom, ST_PointOnSurface(a.geom))
       FROM hj212_collectors c
       JOIN hj212_channel_defaults d ON d.measure = c.measure
       LEFT JOIN sensors mp ON mp.id = c.asset_id AND mp.kind = 'monitor_point'
       LEFT JOIN assets a ON a.id = c.asset_id
      WHERE c.mn = $1
     ON CONFLICT DO NOTHING
     RETURNING id`,
    [mn],
  )
  return r.rows.map((x) => x.id).sort()
}

export type CollectorEdit = Pick<
  CollectorRecord,
  'pw' | 'st' | 'name' | 'name_en' | 'rtd_interval_s' | 'active'
>

export async function updateCollector(q: Queryable, mn: string, e: CollectorEdit): Promise<void> {
  await q.query(
    `UPDATE hj212_collectors SET pw = $2, st = $3, name = $4, name_en = $5, rtd_interval_s = $6, active = $7,
            updated_at = now()
      WHERE mn = $1`,
    [mn, e.pw, e.st, e.name, e.name_en, e.rtd_interval_s, e.active],
  )
}

export interface ChannelThresholds {
  id: string
  code: string
  thresholds: Record<string, unknown>
}

/** The collector's channels by 2017 code, locked for the transaction. */
export async function channelsOf(q: Queryable, mn: string): Promise<ChannelThresholds[]> {
  const r = await q.query<ChannelThresholds>(
    `SELECT id, props->>'code' AS code, thresholds FROM sensors
      WHERE kind = 'hj212_channel' AND mn = $1 ORDER BY id FOR UPDATE`,
    [mn],
  )
  return r.rows
}

export async function setThresholds(
  q: Queryable,
  id: string,
  thresholds: Record<string, unknown>,
): Promise<void> {
  await q.query('UPDATE sensors SET thresholds = $2 WHERE id = $1', [id, JSON.stringify(thresholds)])
}
