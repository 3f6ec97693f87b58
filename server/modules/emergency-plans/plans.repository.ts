import type {
  AssetPlan,
  DrillBody,
  EmergencyPlan,
  ExpertReview,
  PlanAssetRef,
  PlanDetail,
  PlanDrill,
  PlanKind,
  PlanQuery,
} from '../../contracts/emergency-plans'
import type { Queryable } from '../../platform/db/db'
import { isoSql } from '../environment/sql'
import type { ReminderPlan } from './plan-rules'

// The only SQL of emergency plans. Every function runs in the caller's transaction and scope (RLS decides
// what exists). Days leave as YYYY-MM-DD text, instants as ISO-8601 UTC.

/** A plan row as stored, before the computed reminder states. */
export type PlanRow = Omit<EmergencyPlan, 'drill_state' | 'revision_state'>

const planCols = (p = '') => `${p}id, ${p}series_id, ${p}enterprise_id, ${p}title, ${p}title_en, ${p}kind,
  ${p}domain, ${p}level, ${p}version, ${p}status, ${p}expert_review, ${p}filed_at::text AS filed_at,
  ${p}filing_authority, ${p}valid_to::text AS valid_to, ${p}drill_interval_months,
  ${p}last_drill_at::text AS last_drill_at, ${p}next_drill_due::text AS next_drill_due, ${p}document_ref,
  (SELECT count(*)::int FROM emergency_plan_assets l WHERE l.plan_id = ${p}id) AS asset_count,
  ${p}created_by, ${isoSql(`${p}created_at`)} AS created_at, ${p}updated_by, ${isoSql(`${p}updated_at`)} AS updated_at`

export interface DueWindow {
  today: string
  drillWarn: string
  revisionWarn: string
}

export async function listPlans(q: Queryable, f: PlanQuery, w: DueWindow): Promise<PlanRow[]> {
  const r = await q.query<PlanRow>(
    `SELECT ${planCols('p.')} FROM emergency_plans p
      WHERE ($1::text IS NULL OR p.kind = $1)
        AND ($2::text IS NULL OR p.domain = $2)
        AND ($3::text IS NULL OR p.level = $3)
        AND ($4::text IS NULL OR p.status = $4)
        AND ($5::text IS NULL OR ($5 = 'park' AND p.enterprise_id IS NULL) OR p.enterprise_id = $5)
        AND ($6 OR $4 = 'superseded' OR p.status <> 'superseded')
        AND ($7::text IS NULL OR EXISTS (SELECT 1 FROM emergency_plan_assets l WHERE l.plan_id = p.id AND l.asset_id = $7))
        AND ($8::text IS NULL OR (p.status IN ('reviewed', 'filed') AND (
              ($8 IN ('due', 'any') AND (p.next_drill_due BETWEEN $9::date AND $10::date
                                          OR p.valid_to BETWEEN $9::date AND $11::date))
           OR ($8 IN ('overdue', 'any') AND (p.next_drill_due < $9::date OR p.valid_to < $9::date)))))
      ORDER BY (p.enterprise_id IS NOT NULL), p.enterprise_id, p.kind, p.title, p.version DESC
      LIMIT 1000`,
    [
      f.kind ?? null,
      f.domain ?? null,
      f.level ?? null,
      f.status ?? null,
      f.enterprise ?? null,
      f.history === 'true',
      f.asset ?? null,
      f.due ?? null,
      w.today,
      w.drillWarn,
      w.revisionWarn,
    ],
  )
  return r.rows
}

export async function findPlan(
  q: Queryable,
  id: string,
  lock = false,
): Promise<(PlanRow & { body: string }) | null> {
  const r = await q.query<PlanRow & { body: string }>(
    `SELECT ${planCols()}, body FROM emergency_plans WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
    [id],
  )
  return r.rows[0] ?? null
}

export async function planAssets(q: Queryable, planId: string): Promise<PlanAssetRef[]> {
  const r = await q.query<PlanAssetRef>(
    `SELECT a.id, a.kind, a.name, a.name_en, a.enterprise_id
       FROM emergency_plan_assets l JOIN assets a ON a.id = l.asset_id
      WHERE l.plan_id = $1 ORDER BY a.kind DESC, a.id`,
    [planId],
  )
  return r.rows
}

export async function planDrills(q: Queryable, planId: string): Promise<PlanDrill[]> {
  const r = await q.query<PlanDrill>(
    `SELECT id::text, drilled_on::text AS drilled_on, drill_type, participants, note, recorded_by,
            ${isoSql('recorded_at')} AS recorded_at
       FROM emergency_plan_drills WHERE plan_id IN (SELECT id FROM emergency_plans WHERE series_id =
            (SELECT series_id FROM emergency_plans WHERE id = $1))
      ORDER BY drilled_on DESC, id DESC LIMIT 100`,
    [planId],
  )
  return r.rows
}

export async function planVersions(q: Queryable, seriesId: string): Promise<PlanDetail['versions']> {
  const r = await q.query<PlanDetail['versions'][number]>(
    `SELECT id, version, status, filed_at::text AS filed_at, ${isoSql('updated_at')} AS updated_at
       FROM emergency_plans WHERE series_id = $1 ORDER BY version DESC`,
    [seriesId],
  )
  return r.rows
}

/** The columns a version stores (insert and update). */
export interface PlanValues {
  enterprise_id: string | null
  title: string
  title_en: string | null
  kind: PlanKind
  domain: string
  level: string
  status: string
  expert_review: ExpertReview | null
  filed_at: string | null
  filing_authority: string | null
  valid_to: string | null
  drill_interval_months: number
  last_drill_at: string | null
  document_ref: string | null
  body: string
}

export async function insertPlan(
  q: Queryable,
  v: PlanValues & { id?: string; series_id?: string; version: number },
  by: string,
): Promise<string> {
  const r = await q.query<{ id: string }>(
    `INSERT INTO emergency_plans (id, series_id, enterprise_id, title, title_en, kind, domain, level, version, status,
                                  expert_review, filed_at, filing_authority, valid_to, drill_interval_months,
                                  last_drill_at, document_ref, body, created_by, updated_by)
     SELECT coalesce($1, d.id), coalesce($2, $1, d.id), $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15,
            $16, $17, $18, $19, $19
       FROM (SELECT 'EP-' || substr(replace(gen_random_uuid()::text, '-', ''), 1, 12) AS id) d
     RETURNING id`,
    [
      v.id ?? null,
      v.series_id ?? null,
      v.enterprise_id,
      v.title,
      v.title_en,
      v.kind,
      v.domain,
      v.level,
      v.version,
      v.status,
      v.expert_review ? JSON.stringify(v.expert_review) : null,
      v.filed_at,
      v.filing_authority,
      v.valid_to,
      v.drill_interval_months,
      v.last_drill_at,
      v.document_ref,
      v.body,
      by,
    ],
  )
  return r.rows[0]!.id
}

export async function updatePlan(q: Queryable, id: string, v: PlanValues, by: string): Promise<void> {
  await q.query(
    `UPDATE emergency_plans SET title = $2, title_en = $3, status = $4, expert_review = $5, filed_at = $6,
            filing_authority = $7, valid_to = $8, drill_interval_months = $9, last_drill_at = $10,
            document_ref = $11, body = $12, updated_by = $13, updated_at = now()
      WHERE id = $1`,
    [
      id,
      v.title,
      v.title_en,
      v.status,
      v.expert_review ? JSON.stringify(v.expert_review) : null,
      v.filed_at,
      v.filing_authority,
      v.valid_to,
      v.drill_interval_months,
      v.last_drill_at,
      v.document_ref,
      v.body,
      by,
    ],
  )
}

/** Marks every other in-force version of the series superseded; returns their ids. */
export async function supersedeOthers(
  q: Queryable,
  seriesId: string,
  keepId: string,
  by: string,
): Promise<string[]> {
  const r = await q.query<{ id: string }>(
    `UPDATE emergency_plans SET status = 'superseded', updated_by = $3, updated_at = now()
      WHERE series_id = $1 AND id <> $2 AND status IN ('reviewed', 'filed') RETURNING id`,
    [seriesId, keepId, by],
  )
  return r.rows.map((x) => x.id)
}

export async function latestVersion(q: Queryable, seriesId: string): Promise<number> {
  const r = await q.query<{ v: number }>(
    `SELECT coalesce(max(version), 0) AS v FROM emergency_plans WHERE series_id = $1`,
    [seriesId],
  )
  return r.rows[0]!.v
}

/** The assets among `ids` the caller can see, with their owner. */
export async function visibleAssets(
  q: Queryable,
  ids: readonly string[],
): Promise<{ id: string; enterprise_id: string | null }[]> {
  const r = await q.query<{ id: string; enterprise_id: string | null }>(
    'SELECT id, enterprise_id FROM assets WHERE id = ANY($1)',
    [ids],
  )
  return r.rows
}

export async function setPlanAssets(q: Queryable, planId: string, ids: readonly string[]): Promise<void> {
  await q.query('DELETE FROM emergency_plan_assets WHERE plan_id = $1 AND NOT (asset_id = ANY($2))', [
    planId,
    ids,
  ])
  await q.query(
    `INSERT INTO emergency_plan_assets (plan_id, asset_id) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING`,
    [planId, ids],
  )
}

export async function copyPlanAssets(q: Queryable, fromId: string, toId: string): Promise<void> {
  await q.query(
    `INSERT INTO emergency_plan_assets (plan_id, asset_id)
     SELECT $2, asset_id FROM emergency_plan_assets WHERE plan_id = $1 ON CONFLICT DO NOTHING`,
    [fromId, toId],
  )
}

export async function insertDrill(
  q: Queryable,
  planId: string,
  enterpriseId: string | null,
  b: DrillBody,
  by: string,
): Promise<string> {
  const r = await q.query<{ id: string }>(
    `INSERT INTO emergency_plan_drills (plan_id, enterprise_id, drilled_on, drill_type, participants, note, recorded_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id::text`,
    [planId, enterpriseId, b.drilled_on, b.drill_type, b.participants ?? null, b.note ?? null, by],
  )
  return r.rows[0]!.id
}

/** last_drill_at becomes the later of the stored one and `day` (a late-entered older drill changes nothing). */
export async function bumpLastDrill(q: Queryable, planId: string, day: string, by: string): Promise<void> {
  await q.query(
    `UPDATE emergency_plans SET last_drill_at = greatest(coalesce(last_drill_at, $2::date), $2::date),
            updated_by = $3, updated_at = now()
      WHERE id = $1`,
    [planId, day, by],
  )
}

/**
 * Plans that apply to an asset, current versions only: attached to the asset itself, to its tank farm
 * (props.farm_id), or enterprise-wide plans of its enterprise that attach to no asset. Nearest first.
 */
export async function assetPlans(
  q: Queryable,
  assetId: string,
  kind: PlanKind | null,
): Promise<(PlanRow & { via: AssetPlan['via'] })[]> {
  const r = await q.query<PlanRow & { via: AssetPlan['via'] }>(
    `WITH a AS (SELECT id, enterprise_id, props->>'farm_id' AS farm_id FROM assets WHERE id = $1),
     hits AS (
       SELECT l.plan_id, 'asset' AS via, 0 AS rank FROM emergency_plan_assets l, a WHERE l.asset_id = a.id
       UNION ALL
       SELECT l.plan_id, 'tank_farm', 1 FROM emergency_plan_assets l, a WHERE l.asset_id = a.farm_id
       UNION ALL
       SELECT p.id, 'enterprise', 2 FROM emergency_plans p, a
        WHERE a.enterprise_id IS NOT NULL AND p.enterprise_id = a.enterprise_id
          AND NOT EXISTS (SELECT 1 FROM emergency_plan_assets l WHERE l.plan_id = p.id)
     ),
     best AS (SELECT DISTINCT ON (plan_id) plan_id, via, rank FROM hits ORDER BY plan_id, rank)
     SELECT ${planCols('p.')}, best.via FROM best JOIN emergency_plans p ON p.id = best.plan_id
      WHERE p.status <> 'superseded' AND ($2::text IS NULL OR p.kind = $2)
      ORDER BY best.rank, (p.kind = 'onsite') DESC, p.title`,
    [assetId, kind],
  )
  return r.rows
}

export async function assetExists(q: Queryable, id: string): Promise<boolean> {
  return ((await q.query('SELECT 1 FROM assets WHERE id = $1', [id])).rowCount ?? 0) > 0
}

/** Plans in force with a drill or revision deadline (for the hourly reminder check; park scope). */
export async function reminderPlans(q: Queryable): Promise<ReminderPlan[]> {
  const r = await q.query<ReminderPlan>(
    `SELECT id, series_id, enterprise_id, title, version, next_drill_due::text AS next_drill_due,
            valid_to::text AS valid_to
       FROM emergency_plans
      WHERE status IN ('reviewed', 'filed') AND (next_drill_due IS NOT NULL OR valid_to IS NOT NULL)
      ORDER BY series_id`,
  )
  return r.rows
}
