import type {
  AdmissionCatalogueEntry,
  AdmissionItem,
  AdmissionLocation,
  AdmissionQuery,
  AdmissionSettings,
  AdmissionVerdict,
  CatalogueEntryBody,
  NewAdmissionBody,
  PlannedUse,
} from '../../contracts/admission'
import type { Queryable } from '../../platform/db/db'
import { isoSql } from '../environment/sql'
import type { DistanceTarget, LocationFacts, SupervisedProcess, UseZone } from './admission-rules'

// The only SQL of admission assessments: settings, the catalogue, the PostGIS facts of a planned location and the
// applications with their assessment history. Every function runs in the caller's transaction and scope. The
// location travels as GeoJSON text ($n) and is parsed once per query (ST_GeomFromGeoJSON, SRID 4326).

const loc = (n: number) => `ST_SetSRID(ST_GeomFromGeoJSON($${n}), 4326)`

// ---------- settings and catalogue ----------

export async function getSettings(q: Queryable): Promise<AdmissionSettings> {
  const r = await q.query<AdmissionSettings>(
    `SELECT min_distance_m, distance_is_placeholder, chemical_uses, conditional_uses, updated_by,
            ${isoSql('updated_at')} AS updated_at
       FROM admission_settings WHERE id`,
  )
  return r.rows[0]!
}

export async function updateSettings(
  q: Queryable,
  v: Pick<
    AdmissionSettings,
    'min_distance_m' | 'distance_is_placeholder' | 'chemical_uses' | 'conditional_uses'
  >,
  by: string,
): Promise<void> {
  await q.query(
    `UPDATE admission_settings SET min_distance_m = $1, distance_is_placeholder = $2, chemical_uses = $3,
            conditional_uses = $4, updated_by = $5, updated_at = now()
      WHERE id`,
    [v.min_distance_m, v.distance_is_placeholder, v.chemical_uses, v.conditional_uses, by],
  )
}

const catalogueCols = `id, kind, name, aliases, level, basis, example, note, updated_by, ${isoSql('updated_at')} AS updated_at`

export async function listCatalogue(q: Queryable): Promise<AdmissionCatalogueEntry[]> {
  const r = await q.query<AdmissionCatalogueEntry>(
    `SELECT ${catalogueCols} FROM admission_catalogue ORDER BY kind, level, name`,
  )
  return r.rows
}

export async function findCatalogueEntry(q: Queryable, id: string): Promise<AdmissionCatalogueEntry | null> {
  const r = await q.query<AdmissionCatalogueEntry>(
    `SELECT ${catalogueCols} FROM admission_catalogue WHERE id = $1`,
    [id],
  )
  return r.rows[0] ?? null
}

export async function insertCatalogueEntry(q: Queryable, b: CatalogueEntryBody, by: string): Promise<string> {
  const r = await q.query<{ id: string }>(
    `INSERT INTO admission_catalogue (kind, name, aliases, level, basis, example, note, updated_by)
     VALUES ($1, $2, $3, $4, $5, false, $6, $7) RETURNING id`,
    [b.kind, b.name, b.aliases ?? [], b.level, b.basis, b.note ?? null, by],
  )
  return r.rows[0]!.id
}

/** An edited entry is the park's own: it is no longer an example. */
export async function updateCatalogueEntry(
  q: Queryable,
  id: string,
  b: CatalogueEntryBody,
  by: string,
): Promise<number> {
  const r = await q.query(
    `UPDATE admission_catalogue SET kind = $2, name = $3, aliases = $4, level = $5, basis = $6, example = false,
            note = $7, updated_by = $8, updated_at = now()
      WHERE id = $1`,
    [id, b.kind, b.name, b.aliases ?? [], b.level, b.basis, b.note ?? null, by],
  )
  return r.rowCount ?? 0
}

export async function deleteCatalogueEntry(q: Queryable, id: string): Promise<number> {
  return (await q.query('DELETE FROM admission_catalogue WHERE id = $1', [id])).rowCount ?? 0
}

// ---------- facts of a planned location (PostGIS) ----------

/** Null when the geometry is not valid for PostGIS (self-intersecting ring…), else its reason-free OK. */
export async function locationProblem(q: Queryable, geojson: string): Promise<string | null> {
  const r = await q.query<{ valid: boolean; reason: string }>(
    `SELECT ST_IsValid(g) AS valid, ST_IsValidReason(g) AS reason FROM (SELECT ${loc(1)} AS g) x`,
    [geojson],
  )
  return r.rows[0]!.valid ? null : r.rows[0]!.reason
}

export async function locationFacts(q: Queryable, geojson: string): Promise<LocationFacts> {
  const r = await q.query<LocationFacts>(
    `WITH g AS (SELECT ${loc(1)} AS g), p AS (SELECT geom FROM parks ORDER BY id LIMIT 1)
     SELECT EXISTS (SELECT 1 FROM p) AS has_boundary,
            coalesce((SELECT ST_CoveredBy(g.g, p.geom) FROM g, p), false) AS inside,
            coalesce((SELECT ST_Intersects(g.g, p.geom) FROM g, p), false) AS intersects,
            (SELECT CASE WHEN ST_CoveredBy(g.g, p.geom) THEN NULL
                         ELSE ST_Distance(g.g::geography, p.geom::geography) END FROM g, p) AS distance_outside_m`,
    [geojson],
  )
  return r.rows[0]!
}

/** Zones with a planned use that the location touches (active or not: planning zones need not be fenced). */
export async function useZonesAt(q: Queryable, geojson: string): Promise<UseZone[]> {
  const r = await q.query<UseZone>(
    `SELECT z.id, z.name, z.planned_use FROM zones z
      WHERE z.planned_use IS NOT NULL AND ST_Intersects(z.geom, ${loc(1)})
      ORDER BY z.id`,
    [geojson],
  )
  return r.rows
}

/** The enterprise parcel holding most of the location (null when none touches it). */
export async function parcelAt(q: Queryable, geojson: string): Promise<{ id: string; name: string } | null> {
  const r = await q.query<{ id: string; name: string }>(
    `SELECT e.id, e.name FROM enterprises e, (SELECT ${loc(1)} AS g) x
      WHERE ST_Intersects(e.geom, x.g)
      ORDER BY ST_Area(ST_Intersection(e.geom, x.g)) DESC, ST_Distance(e.geom, ST_PointOnSurface(x.g)), e.id
      LIMIT 1`,
    [geojson],
  )
  return r.rows[0] ?? null
}

/**
 * The nearest sensitive target of each kind: an office building of another enterprise (all enterprises for a new
 * one), a muster point, and the park boundary line (only when the location is inside the park).
 */
export async function nearestTargets(
  q: Queryable,
  geojson: string,
  ownEnterprise: string | null,
): Promise<DistanceTarget[]> {
  const r = await q.query<DistanceTarget>(
    `WITH g AS (SELECT ${loc(1)} AS g)
     (SELECT 'office' AS kind, a.id, a.name, a.enterprise_id, ST_Distance(a.geom::geography, g.g::geography) AS distance_m
        FROM assets a, g
       WHERE a.kind = 'building' AND a.props->>'use' = 'office' AND a.enterprise_id IS DISTINCT FROM $2
       ORDER BY distance_m, a.id LIMIT 1)
     UNION ALL
     (SELECT 'muster_point', a.id, a.name, a.enterprise_id, ST_Distance(a.geom::geography, g.g::geography)
        FROM assets a, g WHERE a.kind = 'muster_point'
       ORDER BY 5, a.id LIMIT 1)
     UNION ALL
     (SELECT 'boundary', p.id, p.name, NULL, ST_Distance(ST_Boundary(p.geom)::geography, g.g::geography)
        FROM parks p, g WHERE ST_CoveredBy(g.g, p.geom)
       ORDER BY p.id LIMIT 1)`,
    [geojson, ownEnterprise],
  )
  return r.rows.map((t) => ({ ...t, distance_m: Number(t.distance_m) }))
}

/**
 * People likely exposed within 500 m outside the plant: staffed buildings of other enterprises (all, for a new
 * enterprise) within 500 m of the location, floors × persons per floor by use — the hazards module's staffing
 * assumptions (major_hazard_staffing), as its exposure suggestion counts them.
 */
export async function exposureEstimate(
  q: Queryable,
  geojson: string,
  ownEnterprise: string | null,
): Promise<{ people: number; buildings: number }> {
  const r = await q.query<{ people: number; buildings: number }>(
    `SELECT coalesce(round(sum(greatest(coalesce((b.props->>'floors')::numeric, 1), 1) * s.persons_per_floor)), 0)::int AS people,
            count(*)::int AS buildings
       FROM assets b JOIN major_hazard_staffing s ON s.use = b.props->>'use', (SELECT ${loc(1)} AS g) x
      WHERE b.kind = 'building' AND b.enterprise_id IS DISTINCT FROM $2
        AND ST_DWithin(b.geom::geography, x.g::geography, 500)`,
    [geojson, ownEnterprise],
  )
  return r.rows[0]!
}

export async function supervisedProcesses(q: Queryable): Promise<SupervisedProcess[]> {
  const r = await q.query<SupervisedProcess>(
    'SELECT name, name_en, code FROM supervised_processes ORDER BY code',
  )
  return r.rows
}

export async function enterpriseExists(q: Queryable, id: string): Promise<boolean> {
  return ((await q.query('SELECT 1 FROM enterprises WHERE id = $1', [id])).rowCount ?? 0) > 0
}

// ---------- zones' planned use ----------

export async function setZonePlannedUse(q: Queryable, id: string, use: PlannedUse | null): Promise<number> {
  const r = await q.query(
    'UPDATE zones SET planned_use = $2 WHERE id = $1 AND planned_use IS DISTINCT FROM $2',
    [id, use],
  )
  return r.rowCount ?? 0
}

export async function zoneExists(
  q: Queryable,
  id: string,
): Promise<{ planned_use: PlannedUse | null } | null> {
  const r = await q.query<{ planned_use: PlannedUse | null }>('SELECT planned_use FROM zones WHERE id = $1', [
    id,
  ])
  return r.rows[0] ?? null
}

export interface UseZoneRow {
  id: string
  name: string
  name_en: string | null
  zone_type: string
  planned_use: PlannedUse | null
}
export async function listUseZones(q: Queryable): Promise<UseZoneRow[]> {
  const r = await q.query<UseZoneRow>(
    'SELECT id, name, name_en, zone_type, planned_use FROM zones ORDER BY id',
  )
  return r.rows
}

// ---------- applications ----------

export interface ApplicationRow {
  id: string
  kind: NewAdmissionBody['kind']
  enterprise_id: string | null
  name: string
  applicant: string
  industry: string
  products: NewAdmissionBody['products']
  processes: string[]
  location: AdmissionLocation
  investment_wan: number | null
  exposed_people: number | null
  description: string
  verdict: AdmissionVerdict
  items: AdmissionItem[]
  assessed_at: string
  assessed_by: string | null
  created_by: string | null
  created_at: string
}

const appCols = `id, kind, enterprise_id, name, applicant, industry, products, processes,
  ST_AsGeoJSON(geom, 7)::json AS location, investment_wan, exposed_people, description, verdict, items,
  ${isoSql('assessed_at')} AS assessed_at, assessed_by, created_by, ${isoSql('created_at')} AS created_at`

export async function listApplications(q: Queryable, f: AdmissionQuery): Promise<ApplicationRow[]> {
  const r = await q.query<ApplicationRow>(
    `SELECT ${appCols} FROM admission_applications
      WHERE ($1::text IS NULL OR verdict = $1)
        AND ($2::text IS NULL OR enterprise_id = $2)
        AND ($3::text IS NULL OR name ILIKE '%' || $3 || '%' OR applicant ILIKE '%' || $3 || '%')
      ORDER BY created_at DESC, id LIMIT 500`,
    [f.verdict ?? null, f.enterprise ?? null, f.q ? f.q.replace(/[\\%_]/g, (c) => `\\${c}`) : null],
  )
  return r.rows
}

export async function findApplication(
  q: Queryable,
  id: string,
  lock = false,
): Promise<ApplicationRow | null> {
  const r = await q.query<ApplicationRow>(
    `SELECT ${appCols} FROM admission_applications WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
    [id],
  )
  return r.rows[0] ?? null
}

export async function insertApplication(
  q: Queryable,
  b: NewAdmissionBody,
  result: { items: AdmissionItem[]; verdict: AdmissionVerdict },
  by: string,
  id?: string,
): Promise<string> {
  const r = await q.query<{ id: string }>(
    `INSERT INTO admission_applications (id, enterprise_id, kind, name, applicant, industry, products, processes, geom,
                                         investment_wan, exposed_people, description, verdict, items, assessed_by,
                                         created_by, updated_by)
     VALUES (coalesce($1, 'ADM-' || substr(replace(gen_random_uuid()::text, '-', ''), 1, 12)), $2, $3, $4, $5, $6,
             $7::jsonb, $8, ST_SetSRID(ST_GeomFromGeoJSON($9), 4326), $10, $11, $12, $13, $14::jsonb, $15, $15, $15)
     RETURNING id`,
    [
      id ?? null,
      b.enterprise_id ?? null,
      b.kind,
      b.name,
      b.applicant,
      b.industry,
      JSON.stringify(b.products),
      b.processes,
      JSON.stringify(b.location),
      b.investment_wan ?? null,
      b.exposed_people ?? null,
      b.description ?? '',
      result.verdict,
      JSON.stringify(result.items),
      by,
    ],
  )
  return r.rows[0]!.id
}

export async function updateResult(
  q: Queryable,
  id: string,
  result: { items: AdmissionItem[]; verdict: AdmissionVerdict },
  by: string,
  reassessed: boolean,
): Promise<void> {
  await q.query(
    `UPDATE admission_applications SET items = $2::jsonb, verdict = $3, updated_by = $4, updated_at = now()
            ${reassessed ? ', assessed_by = $4, assessed_at = now()' : ''}
      WHERE id = $1`,
    [id, JSON.stringify(result.items), result.verdict, by],
  )
}

export async function insertAssessment(
  q: Queryable,
  a: {
    application_id: string
    enterprise_id: string | null
    inputs: unknown
    settings: unknown
    items: AdmissionItem[]
    verdict: AdmissionVerdict
  },
  by: string,
): Promise<void> {
  await q.query(
    `INSERT INTO admission_assessments (application_id, enterprise_id, inputs, settings, items, verdict, assessed_by)
     VALUES ($1, $2, $3::jsonb, $4::jsonb, $5::jsonb, $6, $7)`,
    [
      a.application_id,
      a.enterprise_id,
      JSON.stringify(a.inputs),
      JSON.stringify(a.settings),
      JSON.stringify(a.items),
      a.verdict,
      by,
    ],
  )
}

export async function assessmentHistory(
  q: Queryable,
  id: string,
): Promise<{ at: string; by: string | null; verdict: AdmissionVerdict }[]> {
  const r = await q.query<{ at: string; by: string | null; verdict: AdmissionVerdict }>(
    `SELECT ${isoSql('assessed_at')} AS at, assessed_by AS by, verdict FROM admission_assessments
      WHERE application_id = $1 ORDER BY assessed_at DESC, id DESC LIMIT 100`,
    [id],
  )
  return r.rows
}
