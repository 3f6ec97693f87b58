import { addMonths, parkDay, type ExpertReview } from '../../contracts/emergency-plans'
import type { Queryable } from '../../platform/db/db'
import { comprehensiveText, onsiteText, specialText, specialTopics } from './plan-texts'

// Demo emergency plans and resources for the seeded park, built from the park's own assets (geodata): the
// park's comprehensive plan (two versions), four special plans, an on-site disposal plan for every chlorine,
// ammonia and LPG tank farm attached to the farm and its tanks; the park fire brigade and enterprise teams,
// supplies at the depots (from each depot's inventory), experts and shelters (the muster points). Dates are
// relative to the first seeding so the reminders have something to show (one drill due soon, some overdue).

/** chlorine, ammonia, LPG (CAS) */
const onsiteCas = ['7782-50-5', '7664-41-7', '68476-85-7']

const experts = [
  ['ER-EXP-01', '王建国', '化工工艺安全', '教授级高级工程师', '南通市化工安全专家库'],
  ['ER-EXP-02', '李明华', '危险化学品储运', '高级工程师', '江苏省危险化学品应急救援专家组'],
  ['ER-EXP-03', '张卫东', '消防灭火救援', '高级工程师', '南通市消防救援支队'],
  ['ER-EXP-04', '陈静', '环境应急监测', '高级工程师', '南通市生态环境监测中心'],
  ['ER-EXP-05', '赵海涛', '气象与防汛', '高级工程师', '南通市气象局'],
] as const

const review = (date: string, opinions: string): ExpertReview => ({
  date,
  experts: experts.slice(0, 3).map(([, name, , title, organisation]) => ({ name, title, organisation })),
  opinions,
  conclusion: 'passed_with_changes',
})

/** "正压式空气呼吸器 40套" → [type, quantity, unit]; null when the line has no quantity. */
export function parseSupplyItem(item: string): [string, number, string] | null {
  const m = /^(.+?)\s*(\d+(?:\.\d+)?)\s*([^\d\s].*)$/.exec(item.trim())
  return m ? [m[1]!.trim(), Number(m[2]), m[3]!.trim()] : null
}

const day = (today: string, daysAgo: number) =>
  new Date(Date.parse(`${today}T00:00:00Z`) - daysAgo * 86_400_000).toISOString().slice(0, 10)

interface SeedPlan {
  id: string
  series: string
  enterprise: string | null
  title: string
  titleEn: string
  kind: 'comprehensive' | 'special' | 'onsite'
  domain: 'safety' | 'environmental' | 'natural_disaster'
  level: 'park' | 'enterprise' | 'workshop'
  version: number
  status: 'filed' | 'superseded'
  filedAgo: number
  drillAgo: number | null
  months: number
  body: string
  ref: string
  assets: string[]
}

/**
 * Idempotent (fixed ids, ON CONFLICT DO NOTHING); needs the seeded park (assets). Run as the owner (`db.owner`)
 * or in park scope: it sets the park scope for forced RLS. Returns the number of rows inserted.
 */
export async function seedEmergencyPlansDemo(q: Queryable, now: number = Date.now()): Promise<number> {
  await q.query(`SELECT set_config('app.scope', 'park', true)`)
  const today = parkDay(now)
  const park = (await q.query<{ name: string }>(`SELECT name FROM parks LIMIT 1`)).rows[0]?.name
  if (!park) return 0
  let n = 0
  const run = async (sql: string, params: unknown[]) => {
    const c = (await q.query(sql, params)).rowCount ?? 0
    n += c
    return c
  }

  const plans: SeedPlan[] = [
    {
      id: 'EP-PARK-COMP',
      series: 'EP-PARK-COMP',
      enterprise: null,
      title: `${park}生产安全事故综合应急预案`,
      titleEn: 'Park comprehensive emergency plan',
      kind: 'comprehensive',
      domain: 'safety',
      level: 'park',
      version: 1,
      status: 'superseded',
      filedAgo: 1200,
      drillAgo: null,
      months: 12,
      body: comprehensiveText(park),
      ref: '园区应急〔2023〕1号',
      assets: [],
    },
    {
      id: 'EP-PARK-COMP-V2',
      series: 'EP-PARK-COMP',
      enterprise: null,
      title: `${park}生产安全事故综合应急预案`,
      titleEn: 'Park comprehensive emergency plan',
      kind: 'comprehensive',
      domain: 'safety',
      level: 'park',
      version: 2,
      status: 'filed',
      filedAgo: 400,
      drillAgo: 300,
      months: 12,
      body: comprehensiveText(park),
      ref: '园区应急〔2025〕3号',
      assets: [],
    },
    ...(
      [
        ['leak', 'EP-PARK-SP-LEAK', 'Hazardous chemical leak special plan', 'safety', 350],
        ['fire', 'EP-PARK-SP-FIRE', 'Fire and explosion special plan', 'safety', 100],
        ['environmental', 'EP-PARK-SP-ENV', 'Environmental incident special plan', 'environmental', 200],
        ['flood', 'EP-PARK-SP-FLOOD', 'Flood and typhoon special plan', 'natural_disaster', 380],
      ] as const
    ).map(([topic, id, titleEn, domain, drillAgo], i): SeedPlan => ({
      id,
      series: id,
      enterprise: null,
      title: specialTopics[topic].title,
      titleEn,
      kind: 'special',
      domain,
      level: 'park',
      version: 1,
      status: 'filed',
      // the environmental plan nears its 3-year review
      filedAgo: domain === 'environmental' ? 1040 : 420,
      drillAgo,
      months: 12,
      body: specialText(specialTopics[topic]),
      ref: `园区应急〔2025〕${10 + i}号`,
      assets: [],
    })),
  ]

  const farms = await q.query<{
    id: string
    name: string
    enterprise_id: string
    enterprise: string
    cas: string
    chemical: string
    chemical_en: string
    tanks: string[]
    tank_names: string[]
  }>(
    `SELECT f.id, f.name, f.enterprise_id, e.name AS enterprise, t.props->>'cas' AS cas,
            min(t.props->>'chemical') AS chemical, min(t.props->>'chemical_en') AS chemical_en,
            array_agg(t.id ORDER BY t.id) AS tanks, array_agg(t.name ORDER BY t.id) AS tank_names
       FROM assets t JOIN assets f ON f.id = t.props->>'farm_id' AND f.kind = 'tank_farm'
       JOIN enterprises e ON e.id = f.enterprise_id
      WHERE t.kind = 'tank' AND t.props->>'cas' = ANY($1)
      GROUP BY f.id, f.name, f.enterprise_id, e.name, t.props->>'cas'
      ORDER BY f.id`,
    [onsiteCas],
  )
  farms.rows.forEach((f, i) => {
    plans.push({
      id: `EP-OS-${f.id}`,
      series: `EP-OS-${f.id}`,
      enterprise: f.enterprise_id,
      title: `${f.name}${f.chemical}泄漏现场处置方案`,
      titleEn: `${f.chemical_en} leak on-site disposal plan (${f.id})`,
      kind: 'onsite',
      domain: 'safety',
      level: 'workshop',
      version: 1,
      status: 'filed',
      filedAgo: 500,
      // spread over the six-month interval: some fine, one due within 30 days, some overdue
      drillAgo: 40 + 35 * i,
      months: 6,
      body: onsiteText({
        farm: f.name,
        enterprise: f.enterprise,
        chemical: f.chemical,
        cas: f.cas,
        tanks: f.tank_names,
      }),
      ref: `${f.enterprise_id}-XC-${String(i + 1).padStart(2, '0')}`,
      assets: [f.id, ...f.tanks],
    })
  })

  for (const p of plans) {
    const filed = day(today, p.filedAgo)
    const drilled = p.drillAgo === null ? null : day(today, p.drillAgo)
    const inserted = await run(
      `INSERT INTO emergency_plans (id, series_id, enterprise_id, title, title_en, kind, domain, level, version, status,
                                    expert_review, filed_at, filing_authority, valid_to, drill_interval_months,
                                    last_drill_at, document_ref, body, created_by, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, 'seed', 'seed')
       ON CONFLICT DO NOTHING`,
      [
        p.id,
        p.series,
        p.enterprise,
        p.title,
        p.titleEn,
        p.kind,
        p.domain,
        p.level,
        p.version,
        p.status,
        JSON.stringify(
          review(
            day(today, p.filedAgo + 20),
            '预案要素齐全，响应程序清晰；建议补充应急物资清单和联系方式附件。',
          ),
        ),
        filed,
        p.enterprise ? '园区应急管理局' : '市应急管理局',
        addMonths(filed, 36),
        p.months,
        drilled,
        p.ref,
        p.body,
      ],
    )
    if (!inserted) continue
    for (const a of p.assets)
      await run(
        `INSERT INTO emergency_plan_assets (plan_id, asset_id) SELECT $1, id FROM assets WHERE id = $2 ON CONFLICT DO NOTHING`,
        [p.id, a],
      )
    if (drilled)
      await run(
        `INSERT INTO emergency_plan_drills (plan_id, enterprise_id, drilled_on, drill_type, participants, note, recorded_by)
         VALUES ($1, $2, $3, $4, $5, $6, 'seed')`,
        [
          p.id,
          p.enterprise,
          drilled,
          p.kind === 'onsite' ? 'functional' : 'tabletop',
          p.kind === 'onsite' ? 12 : 40,
          '年度演练计划内演练',
        ],
      )
  }

  await seedResources(q, run)
  return n
}

async function seedResources(q: Queryable, run: (sql: string, params: unknown[]) => Promise<number>) {
  // the park fire brigade at the special-service fire station, with its vehicles
  await run(
    `INSERT INTO emergency_resources (id, kind, name, name_en, enterprise_id, geom, props, updated_by)
     SELECT 'ER-TEAM-' || id, 'team', name || '专职消防队', name_en || ' brigade', NULL, ST_PointOnSurface(geom),
            jsonb_build_object('team_type', 'fire_brigade', 'size', 45, 'leader', '周振华', 'phone', '0513-83500119',
                               'vehicles', props->'items', 'asset_id', id), 'seed'
       FROM assets WHERE kind = 'fire_station' ON CONFLICT DO NOTHING`,
    [],
  )
  // an emergency team at every enterprise with an on-site disposal plan
  await run(
    `INSERT INTO emergency_resources (id, kind, name, name_en, enterprise_id, geom, props, updated_by)
     SELECT 'ER-TEAM-' || e.id, 'team', e.name || '应急救援队', e.name_en || ' emergency team', e.id,
            ST_PointOnSurface(e.geom),
            jsonb_build_object('team_type', 'enterprise', 'size', 15 + (row_number() OVER (ORDER BY e.id))::int % 4 * 5,
                               'leader', '安全总监', 'phone', '0513-8350' || lpad((1000 + (row_number() OVER (ORDER BY e.id))::int)::text, 4, '0')),
            'seed'
       FROM enterprises e
      WHERE EXISTS (SELECT 1 FROM emergency_plans p WHERE p.enterprise_id = e.id AND p.kind = 'onsite')
     ON CONFLICT DO NOTHING`,
    [],
  )
  // depots and the supplies they hold (each depot's inventory lines)
  const depots = await q.query<{ id: string; name: string; name_en: string | null; items: string[] | null }>(
    `SELECT id, name, name_en, ARRAY(SELECT jsonb_array_elements_text(coalesce(props->'items', '[]'))) AS items
       FROM assets WHERE kind = 'depot' ORDER BY id`,
  )
  for (const d of depots.rows) {
    await run(
      `INSERT INTO emergency_resources (id, kind, name, name_en, enterprise_id, geom, props, updated_by)
       SELECT 'ER-DEPOT-' || id, 'depot', name, name_en, enterprise_id, ST_PointOnSurface(geom),
              jsonb_build_object('items', props->'items', 'asset_id', id), 'seed'
         FROM assets WHERE id = $1 ON CONFLICT DO NOTHING`,
      [d.id],
    )
    for (const [i, item] of (d.items ?? []).entries()) {
      const parsed = parseSupplyItem(item)
      if (!parsed) continue
      const [type, quantity, unit] = parsed
      await run(
        `INSERT INTO emergency_resources (id, kind, name, enterprise_id, geom, props, updated_by)
         SELECT $2, 'supply', $3, enterprise_id, ST_PointOnSurface(geom),
                jsonb_build_object('supply_type', $3::text, 'quantity', $4::float8, 'unit', $5::text, 'depot_id', id), 'seed'
           FROM assets WHERE id = $1 ON CONFLICT DO NOTHING`,
        [d.id, `ER-SUP-${d.id}-${String(i + 1).padStart(2, '0')}`, type, quantity, unit],
      )
    }
  }
  for (const [id, name, specialty, title, organisation] of experts)
    await run(
      `INSERT INTO emergency_resources (id, kind, name, props, updated_by)
       VALUES ($1, 'expert', $2, jsonb_build_object('specialty', $3::text, 'title', $4::text, 'organisation', $5::text), 'seed')
       ON CONFLICT DO NOTHING`,
      [id, name, specialty, title, organisation],
    )
  // shelters: the park's emergency muster points with their capacity
  await run(
    `INSERT INTO emergency_resources (id, kind, name, name_en, enterprise_id, geom, props, updated_by)
     SELECT 'ER-SHELTER-' || id, 'shelter', name, name_en, enterprise_id, ST_PointOnSurface(geom),
            jsonb_build_object('capacity', (props->>'capacity')::int, 'asset_id', id), 'seed'
       FROM assets WHERE kind = 'muster_point' ON CONFLICT DO NOTHING`,
    [],
  )
}
