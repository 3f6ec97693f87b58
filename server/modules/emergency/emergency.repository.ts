import type { Chemical, ChemicalPatchBody } from '../../contracts/emergency'
import type { Queryable } from '../../platform/db/db'

const chemicalColumns = `id, name_zh, name_en, cas, un_number, mw, aegl1_ppm, aegl2_ppm, aegl3_ppm,
  erpg1_ppm, erpg2_ppm, erpg3_ppm, idlh_ppm, lel_pct, uel_pct, burning_rate_kg_m2s, heat_of_combustion_mj_kg,
  k_beta_per_m, liquid_density_kg_m3, boiling_point_c, liquefied_gas, props, updated_at, updated_by`

/** Columns a PATCH may set (the keys of chemicalPatchBody). */
export const editableColumns = [
  'name_zh',
  'name_en',
  'cas',
  'un_number',
  'mw',
  'aegl1_ppm',
  'aegl2_ppm',
  'aegl3_ppm',
  'erpg1_ppm',
  'erpg2_ppm',
  'erpg3_ppm',
  'idlh_ppm',
  'lel_pct',
  'uel_pct',
  'burning_rate_kg_m2s',
  'heat_of_combustion_mj_kg',
  'k_beta_per_m',
  'liquid_density_kg_m3',
  'boiling_point_c',
  'liquefied_gas',
  'props',
] as const satisfies readonly (keyof ChemicalPatchBody)[]

export async function listChemicals(q: Queryable): Promise<Chemical[]> {
  return (await q.query<Chemical>(`SELECT ${chemicalColumns} FROM chemicals ORDER BY id`)).rows
}

export async function chemicalById(q: Queryable, id: string, forUpdate = false): Promise<Chemical | null> {
  const r = await q.query<Chemical>(
    `SELECT ${chemicalColumns} FROM chemicals WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
    [id],
  )
  return r.rows[0] ?? null
}

export async function chemicalByCas(q: Queryable, cas: string): Promise<Chemical | null> {
  const r = await q.query<Chemical>(`SELECT ${chemicalColumns} FROM chemicals WHERE cas = $1`, [cas])
  return r.rows[0] ?? null
}

export async function updateChemical(
  q: Queryable,
  id: string,
  patch: ChemicalPatchBody,
  username: string,
): Promise<Chemical> {
  const sets: string[] = []
  const params: unknown[] = [id, username]
  for (const col of editableColumns) {
    if (!(col in patch)) continue
    const v = patch[col]
    params.push(col === 'props' ? JSON.stringify(v) : v)
    sets.push(`${col} = $${params.length}`)
  }
  const r = await q.query<Chemical>(
    `UPDATE chemicals SET ${sets.join(', ')}, updated_at = now(), updated_by = $2 WHERE id = $1
     RETURNING ${chemicalColumns}`,
    params,
  )
  return r.rows[0]!
}

export interface ReleaseAsset {
  id: string
  kind: string
  lon: number
  lat: number
  /** CAS number of the stored chemical (tanks) */
  cas: string | null
  /** area inside the dike of the tank's farm, m² */
  dike_area_m2: number | null
  farm_id: string | null
}

/** Where an asset releases from (a point on its surface) and what it stores; RLS hides others' assets. */
export async function releaseAsset(q: Queryable, id: string): Promise<ReleaseAsset | null> {
  const r = await q.query<ReleaseAsset>(
    `SELECT a.id, a.kind, ST_X(p.geom) AS lon, ST_Y(p.geom) AS lat, a.props->>'cas' AS cas,
            f.id AS farm_id, ST_Area(f.geom::geography) AS dike_area_m2
       FROM assets a
       CROSS JOIN LATERAL (SELECT ST_PointOnSurface(a.geom) AS geom) p
       LEFT JOIN assets f ON f.kind = 'tank_farm' AND f.id = a.props->>'farm_id'
      WHERE a.id = $1`,
    [id],
  )
  return r.rows[0] ?? null
}
