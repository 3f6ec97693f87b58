import type { DrillAction, DrillClock, DrillRunStatus } from '../../contracts/drills'
import type { Queryable } from '../../platform/db/db'
import type { DrillEvaluation } from './drill-evaluation'
import type { ZonePhase } from './drill-engine'

/** What a run stores of its world: the release point and the zones of each weather phase. */
export interface StoredZones {
  source: [number, number]
  chemical: { id: string; name_zh: string; name_en: string }
  model: string
  phases: ZonePhase[]
}

export interface DrillRunRow {
  id: string
  drill_id: string
  enterprise_id: string | null
  started_by: string | null
  started_at: Date
  ended_at: Date | null
  speed: number
  status: DrillRunStatus
  clock: DrillClock
  zones: StoredZones
  actions: DrillAction[]
  evaluation: DrillEvaluation | null
}

const columns = `id, drill_id, enterprise_id, started_by, started_at, ended_at, speed, status, clock, zones, actions,
  evaluation`

export async function insertRun(
  q: Queryable,
  r: Pick<DrillRunRow, 'drill_id' | 'enterprise_id' | 'started_by' | 'speed' | 'status' | 'clock' | 'zones'>,
): Promise<DrillRunRow> {
  const res = await q.query<DrillRunRow>(
    `INSERT INTO drill_runs (drill_id, enterprise_id, started_by, speed, status, clock, zones)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${columns}`,
    [
      r.drill_id,
      r.enterprise_id,
      r.started_by,
      r.speed,
      r.status,
      JSON.stringify(r.clock),
      JSON.stringify(r.zones),
    ],
  )
  return res.rows[0]!
}

export async function runById(q: Queryable, id: string, forUpdate = false): Promise<DrillRunRow | null> {
  const res = await q.query<DrillRunRow>(
    `SELECT ${columns} FROM drill_runs WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
    [id],
  )
  return res.rows[0] ?? null
}

export async function updateRun(
  q: Queryable,
  id: string,
  r: Pick<DrillRunRow, 'speed' | 'status' | 'clock' | 'actions' | 'evaluation'> & { end: boolean },
): Promise<DrillRunRow> {
  const res = await q.query<DrillRunRow>(
    `UPDATE drill_runs SET speed = $2, status = $3, clock = $4, actions = $5, evaluation = $6,
            ended_at = CASE WHEN $7 THEN now() ELSE ended_at END
      WHERE id = $1 RETURNING ${columns}`,
    [
      id,
      r.speed,
      r.status,
      JSON.stringify(r.clock),
      JSON.stringify(r.actions),
      r.evaluation === null ? null : JSON.stringify(r.evaluation),
      r.end,
    ],
  )
  return res.rows[0]!
}

export async function listRuns(
  q: Queryable,
  limit: number,
): Promise<Omit<DrillRunRow, 'zones' | 'actions'>[]> {
  const res = await q.query<Omit<DrillRunRow, 'zones' | 'actions'>>(
    `SELECT id, drill_id, enterprise_id, started_by, started_at, ended_at, speed, status, clock, evaluation
       FROM drill_runs ORDER BY started_at DESC LIMIT $1`,
    [limit],
  )
  return res.rows
}

export async function assetEnterprise(
  q: Queryable,
  assetId: string,
): Promise<{ enterprise_id: string | null } | null> {
  const res = await q.query<{ enterprise_id: string | null }>(
    'SELECT enterprise_id FROM assets WHERE id = $1',
    [assetId],
  )
  return res.rows[0] ?? null
}

export interface MusterRow {
  id: string
  name: string
  name_en: string
  lon: number
  lat: number
  node_id: string | null
  capacity: number | null
}

export async function musterPoints(q: Queryable): Promise<MusterRow[]> {
  const res = await q.query<MusterRow>(
    `SELECT id, name, name_en, ST_X(ST_PointOnSurface(geom)) AS lon, ST_Y(ST_PointOnSurface(geom)) AS lat,
            props->>'node_id' AS node_id, (props->>'capacity')::int AS capacity
       FROM assets WHERE kind = 'muster_point' ORDER BY id`,
  )
  return res.rows
}
