import type {
  ProjectGeometry,
  ProjectQuery,
  ProjectStage,
  ProjectStatus,
  ProjectType,
  StageDocument,
  StageKind,
  StageResult,
  StageState,
} from '../../contracts/projects'
import type { Queryable } from '../../platform/db/db'
import { isoSql } from '../environment/sql'

// The only SQL of construction projects. Every function runs in the caller's transaction and scope (RLS decides
// what exists). Days leave as YYYY-MM-DD text, instants as ISO-8601 UTC, geometry as GeoJSON.

/** A project as stored, with its stages, before the computed fields. */
export interface ProjectRow {
  id: string
  enterprise_id: string
  enterprise_name: string
  name: string
  name_en: string | null
  project_type: ProjectType
  hazardous_chemical: boolean
  supervised_processes: string[]
  major_hazard: boolean
  location: ProjectGeometry
  anchor: [number, number]
  investment_wan_yuan: number | null
  description: string
  status: ProjectStatus
  stages: ProjectStage[]
  updated_at: string
}

const docJson = (
  col: string,
) => `(SELECT json_build_object('id', d.id, 'title', d.title, 'doc_type', d.doc_type,
      'version_id', v.id, 'filename', v.filename)
     FROM documents d LEFT JOIN document_versions v ON v.document_id = d.id AND v.version = d.current_version
    WHERE d.id = ${col})`

const projectSelect = `SELECT p.id, p.enterprise_id, e.name AS enterprise_name, p.name, p.name_en, p.project_type,
    p.hazardous_chemical, p.supervised_processes, p.major_hazard, ST_AsGeoJSON(p.geom, 7)::json AS location,
    json_build_array(round(ST_X(ST_PointOnSurface(p.geom))::numeric, 7)::float8,
                     round(ST_Y(ST_PointOnSurface(p.geom))::numeric, 7)::float8) AS anchor,
    p.investment_wan_yuan::float8 AS investment_wan_yuan, p.description, p.status,
    ${isoSql('p.updated_at')} AS updated_at,
    coalesce((SELECT json_agg(json_build_object(
        'stage', s.stage, 'seq', s.seq, 'state', s.state,
        'planned_start', s.planned_start::text, 'planned_end', s.planned_end::text,
        'actual_start', s.actual_start::text, 'actual_end', s.actual_end::text,
        'document_id', s.document_id, 'document', ${docJson('s.document_id')},
        'authority', s.authority, 'result', s.result, 'note', s.note, 'updated_by', s.updated_by,
        'updated_at', ${isoSql('s.updated_at')}) ORDER BY s.seq)
      FROM project_stages s WHERE s.project_id = p.id), '[]'::json) AS stages
  FROM construction_projects p JOIN enterprises e ON e.id = p.enterprise_id`

export async function listProjects(q: Queryable, f: ProjectQuery): Promise<ProjectRow[]> {
  const r = await q.query<ProjectRow>(
    `${projectSelect}
      WHERE ($1::text IS NULL OR p.enterprise_id = $1)
        AND ($2::text IS NULL OR p.status = $2)
        AND ($3::boolean IS NULL OR p.hazardous_chemical = $3)
      ORDER BY p.enterprise_id, p.id
      LIMIT 1000`,
    [
      f.enterprise ?? null,
      f.status ?? null,
      f.hazardous_chemical === undefined ? null : f.hazardous_chemical === 'true',
    ],
  )
  return r.rows
}

export async function findProject(q: Queryable, id: string, lock = false): Promise<ProjectRow | null> {
  if (lock) {
    const l = await q.query('SELECT 1 FROM construction_projects WHERE id = $1 FOR UPDATE', [id])
    if (!l.rowCount) return null
  }
  const r = await q.query<ProjectRow>(`${projectSelect} WHERE p.id = $1`, [id])
  return r.rows[0] ?? null
}

/** Documents the store keeps for this project (owner_type project), as the caller may see them. */
export async function projectDocuments(q: Queryable, projectId: string): Promise<StageDocument[]> {
  const r = await q.query<StageDocument>(
    `SELECT d.id, d.title, d.doc_type, v.id AS version_id, v.filename
       FROM documents d LEFT JOIN document_versions v ON v.document_id = d.id AND v.version = d.current_version
      WHERE d.owner_type = 'project' AND d.owner_id = $1
      ORDER BY d.updated_at DESC, d.id LIMIT 200`,
    [projectId],
  )
  return r.rows
}

/** A document as the caller may see it, with its enterprise and owner. */
export async function documentRef(
  q: Queryable,
  id: string,
): Promise<{ id: string; enterprise_id: string | null; owner_type: string; owner_id: string } | null> {
  const r = await q.query<{ id: string; enterprise_id: string | null; owner_type: string; owner_id: string }>(
    'SELECT id, enterprise_id, owner_type, owner_id FROM documents WHERE id = $1',
    [id],
  )
  return r.rows[0] ?? null
}

export async function enterpriseExists(q: Queryable, id: string): Promise<boolean> {
  return ((await q.query('SELECT 1 FROM enterprises WHERE id = $1', [id])).rowCount ?? 0) > 0
}

/**
 * Where the location lies against the enterprise's parcel: valid, inside (covered by the parcel), and the default
 * point on the parcel when no location is given.
 */
export async function checkLocation(
  q: Queryable,
  enterpriseId: string,
  geojson: string | null,
): Promise<{ valid: boolean; inside: boolean; default_point: string } | null> {
  const r = await q.query<{ valid: boolean; inside: boolean; default_point: string }>(
    `WITH g AS (SELECT CASE WHEN $2::text IS NULL THEN NULL ELSE ST_SetSRID(ST_GeomFromGeoJSON($2), 4326) END AS g)
     SELECT coalesce(ST_IsValid(g.g), true) AS valid,
            coalesce(ST_IsValid(g.g) AND ST_Covers(e.geom, g.g), true) AS inside,
            ST_AsGeoJSON(ST_PointOnSurface(e.geom), 7) AS default_point
       FROM enterprises e, g WHERE e.id = $1`,
    [enterpriseId, geojson],
  )
  return r.rows[0] ?? null
}

export interface ProjectValues {
  enterprise_id: string
  name: string
  name_en: string | null
  project_type: ProjectType
  hazardous_chemical: boolean
  supervised_processes: string[]
  major_hazard: boolean
  /** GeoJSON text */
  geom: string
  investment_wan_yuan: number | null
  description: string
  status: ProjectStatus
}

/** A project and its four pending stages. */
export async function insertProject(
  q: Queryable,
  v: ProjectValues & { id?: string },
  by: string,
): Promise<string> {
  const r = await q.query<{ id: string }>(
    `INSERT INTO construction_projects (id, enterprise_id, name, name_en, project_type, hazardous_chemical,
                                        supervised_processes, major_hazard, geom, investment_wan_yuan, description,
                                        status, created_by, updated_by)
     VALUES (coalesce($1, 'PRJ-' || substr(replace(gen_random_uuid()::text, '-', ''), 1, 12)), $2, $3, $4, $5, $6,
             $7, $8, ST_SetSRID(ST_GeomFromGeoJSON($9), 4326), $10, $11, $12, $13, $13)
     RETURNING id`,
    [
      v.id ?? null,
      v.enterprise_id,
      v.name,
      v.name_en,
      v.project_type,
      v.hazardous_chemical,
      v.supervised_processes,
      v.major_hazard,
      v.geom,
      v.investment_wan_yuan,
      v.description,
      v.status,
      by,
    ],
  )
  const id = r.rows[0]!.id
  await q.query(
    `INSERT INTO project_stages (project_id, enterprise_id, stage, seq, updated_by)
     SELECT $1, $2, s.stage, s.seq, $3
       FROM unnest($4::text[]) WITH ORDINALITY AS s(stage, seq)`,
    [id, v.enterprise_id, by, ['design_review', 'construction', 'trial_run', 'acceptance']],
  )
  return id
}

export async function updateProject(
  q: Queryable,
  id: string,
  v: Omit<ProjectValues, 'enterprise_id'>,
  by: string,
): Promise<void> {
  await q.query(
    `UPDATE construction_projects SET name = $2, name_en = $3, project_type = $4, hazardous_chemical = $5,
            supervised_processes = $6, major_hazard = $7, geom = ST_SetSRID(ST_GeomFromGeoJSON($8), 4326),
            investment_wan_yuan = $9, description = $10, status = $11, updated_by = $12, updated_at = now()
      WHERE id = $1`,
    [
      id,
      v.name,
      v.name_en,
      v.project_type,
      v.hazardous_chemical,
      v.supervised_processes,
      v.major_hazard,
      v.geom,
      v.investment_wan_yuan,
      v.description,
      v.status,
      by,
    ],
  )
}

export interface StageValues {
  planned_start: string | null
  planned_end: string | null
  actual_start: string | null
  actual_end: string | null
  document_id: string | null
  authority: string | null
  result: StageResult | null
  note: string | null
  state: StageState
}

export async function updateStage(
  q: Queryable,
  projectId: string,
  stage: StageKind,
  v: StageValues,
  by: string,
): Promise<void> {
  await q.query(
    `UPDATE project_stages SET planned_start = $3, planned_end = $4, actual_start = $5, actual_end = $6,
            document_id = $7, authority = $8, result = $9, note = $10, state = $11, updated_by = $12,
            updated_at = now()
      WHERE project_id = $1 AND stage = $2`,
    [
      projectId,
      stage,
      v.planned_start,
      v.planned_end,
      v.actual_start,
      v.actual_end,
      v.document_id,
      v.authority,
      v.result,
      v.note,
      v.state,
      by,
    ],
  )
}

export async function setProjectStatus(q: Queryable, id: string, status: ProjectStatus, by: string) {
  await q.query(
    `UPDATE construction_projects SET status = $2, updated_by = $3, updated_at = now() WHERE id = $1`,
    [id, status, by],
  )
}

/** Projects whose trial run has started and that are not accepted: what the hourly check looks at. */
export async function trialRunning(q: Queryable): Promise<ProjectRow[]> {
  const r = await q.query<ProjectRow>(
    `${projectSelect}
      WHERE EXISTS (SELECT 1 FROM project_stages t WHERE t.project_id = p.id AND t.stage = 'trial_run'
                      AND t.actual_start IS NOT NULL)
        AND NOT EXISTS (SELECT 1 FROM project_stages a WHERE a.project_id = p.id AND a.stage = 'acceptance'
                      AND a.state = 'completed')`,
  )
  return r.rows
}
