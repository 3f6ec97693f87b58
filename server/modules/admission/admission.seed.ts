import type { NewAdmissionBody } from '../../contracts/admission'
import type { Queryable } from '../../platform/db/db'
import { getSettings, insertApplication, insertAssessment } from './admission.repository'
import { runChecklist, withDecisions } from './admission.service'

// Demo data of the admission assessment for the seeded park: the planned use of the zones that are plots (tank-farm
// control zones and the Phase II construction site are chemical land), and four applications that show each
// verdict — a solvent warehouse on the Phase II site, a chlorination project with 50 t of chlorine at E01 (major
// hazard, supervised process), a mercury-cell caustic soda plant (an example eliminated process) and a site north of
// the park boundary. Their checklists are computed by the same code as the API's.

type DemoApp = {
  id: string
  body: (at: { phase2: [number, number]; e01: [number, number]; north: [number, number] }) => NewAdmissionBody
}

const demos: DemoApp[] = [
  {
    id: 'ADM-DEMO-SOLVENT',
    body: ({ phase2 }) => ({
      kind: 'enterprise',
      name: '溶剂中转仓储项目',
      applicant: '江海恒通仓储有限公司（拟设立）',
      industry: '仓储物流',
      products: [
        { name: '乙酸乙酯', q_t: 120 },
        { name: '丙酮', q_t: 80 },
      ],
      processes: [],
      location: { type: 'Point', coordinates: phase2 },
      investment_wan: 8500,
      description: '二期用地内新建甲类溶剂仓库两座（演示数据）。',
    }),
  },
  {
    id: 'ADM-DEMO-CHLORINE',
    body: ({ e01 }) => ({
      kind: 'project',
      enterprise_id: 'E01',
      name: '年产3万吨氯代芳烃扩建项目',
      applicant: '江海氯碱化工有限公司',
      industry: '氯碱',
      products: [
        { name: '氯', q_t: 50 },
        { name: '甲苯', q_t: 300 },
      ],
      processes: ['苯环氯化', '精馏'],
      location: { type: 'Point', coordinates: e01 },
      investment_wan: 42000,
      description: '液氯储量 50 t（演示数据）。',
    }),
  },
  {
    id: 'ADM-DEMO-MERCURY',
    body: ({ phase2 }) => ({
      kind: 'enterprise',
      name: '烧碱装置项目',
      applicant: '某化工有限公司（拟设立）',
      industry: '氯碱',
      products: [{ name: '氢氧化钠', q_t: 500 }],
      processes: ['汞法烧碱'],
      location: { type: 'Point', coordinates: [phase2[0] + 0.0005, phase2[1]] },
      investment_wan: 26000,
      description: '以示例淘汰类工艺演示不予准入（演示数据）。',
    }),
  },
  {
    id: 'ADM-DEMO-OUTSIDE',
    body: ({ north }) => ({
      kind: 'enterprise',
      name: '涂料调配项目',
      applicant: '江海彩虹涂料有限公司（拟设立）',
      industry: '涂料',
      products: [{ name: '甲苯', q_t: 40 }],
      processes: ['调配'],
      location: { type: 'Point', coordinates: north },
      investment_wan: 3000,
      description: '选址位于园区边界以北（演示数据）。',
    }),
  },
]

/**
 * Idempotent: sets the planned use of the plot zones that have none, and adds the demo applications that are not
 * there yet (fixed ids). Needs the seeded park. Run as the owner (`db.owner`) or in park scope. Returns the number
 * of rows written.
 */
export async function seedAdmissionDemo(q: Queryable): Promise<number> {
  await q.query(`SELECT set_config('app.scope', 'park', true)`)
  const zones = await q.query(
    `UPDATE zones SET planned_use = 'chemical'
      WHERE planned_use IS NULL AND zone_type IN ('tank_farm', 'construction')`,
  )
  let written = zones.rowCount ?? 0
  const at = await q.query<{
    phase2: [number, number] | null
    e01: [number, number] | null
    north: [number, number] | null
  }>(
    `SELECT (SELECT ST_AsGeoJSON(ST_PointOnSurface(geom), 7)::json->'coordinates' FROM zones
              WHERE zone_type = 'construction' ORDER BY id LIMIT 1) AS phase2,
            (SELECT ST_AsGeoJSON(ST_PointOnSurface(geom), 7)::json->'coordinates' FROM enterprises WHERE id = 'E01') AS e01,
            (SELECT json_build_array(round(ST_X(ST_Centroid(geom))::numeric, 6), round((ST_YMax(geom) + 0.01)::numeric, 6))
               FROM parks ORDER BY id LIMIT 1) AS north`,
  )
  const { phase2, e01, north } = at.rows[0] ?? {}
  if (!phase2 || !e01 || !north) return written
  const where = {
    phase2: phase2.map(Number) as [number, number],
    e01: e01.map(Number) as [number, number],
    north: north.map(Number) as [number, number],
  }
  const settings = await getSettings(q)
  for (const d of demos) {
    if ((await q.query('SELECT 1 FROM admission_applications WHERE id = $1', [d.id])).rowCount) continue
    const b = d.body(where)
    const result = withDecisions(await runChecklist(q, b, settings))
    await insertApplication(q, b, result, 'seed', d.id)
    await insertAssessment(
      q,
      { application_id: d.id, enterprise_id: b.enterprise_id ?? null, inputs: b, settings, ...result },
      'seed',
    )
    written++
  }
  return written
}
