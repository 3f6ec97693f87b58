import {
  workTypeCodes,
  type LocationFacts,
  type SignatureLevel,
  type WorkType,
} from '../../contracts/permits'
import type { Queryable } from '../../platform/db/db'
import { computeGrade, gasCheck, parkDayOf, requiredSignatures } from './permit-rules'
import { insertEvent, insertPermit, loadCalendar, loadSettings, placeFacts } from './permits.repository'

// Demo special work for the seeded park, relative to the current time so the twin always has active permits:
// today's hot work at E02 (inside the gasoline tank farm's dike: 特级), E08 (pipe rack) and E11 (approved, about
// to start), a confined-space entry at E03, height work at E04 (18 m: 三级), one permit expired but still open
// (E05), a temporary-power permit in work that was never filed (E18), a filing without any permit (E16), a
// blind-plate permit waiting for signatures (E02) and yesterday's lifting work, accepted (E01). Ids carry the park
// day, so each day's start adds that day's set once and closes the earlier days' demo permits.

const hourMs = 3_600_000

type Anchor =
  | { asset: string; toward?: string; metres?: number }
  | { building: 'process' | 'utility' | 'warehouse' | 'office' | 'control' | 'lab' }

interface SeedPermit {
  n: number
  enterprise: string
  type: WorkType
  status: 'applied' | 'approved' | 'in_work' | 'accepted'
  anchor: Anchor
  /** window relative to now, hours */
  from: number
  to: number
  /** started this many hours after the window began */
  startedAfter?: number
  facts?: LocationFacts
  height?: number
  method?: string
  content: string
  place: string
  unit: string
  applicant: string
  responsible: string
  workers: string[]
  guardian: string
  hazards: string
  measures: string[]
  filed: boolean
  analyses?: { substance: string; measure: 'flammable' | 'oxygen'; value: number; point: string }[]
}

const demo: SeedPermit[] = [
  {
    n: 1,
    enterprise: 'E02',
    type: 'hot_work',
    status: 'in_work',
    anchor: { asset: 'GD-E02-07', toward: 'F-E02-1', metres: 5 },
    from: -2,
    to: 5,
    startedAfter: 0.5,
    facts: { running_equipment: true },
    method: '电焊',
    content: '汽油罐区进料管线法兰更换后的焊接修复',
    place: '汽油罐区防火堤内 1# 罐进料管线',
    unit: '江海石油化工有限公司储运部',
    applicant: '刘建军',
    responsible: '陈国强',
    workers: ['王海（焊工证 T-0211）', '赵磊'],
    guardian: '孙立平',
    hazards: '可燃气体泄漏、火灾爆炸、高温灼烫',
    measures: [
      '管线已倒空、吹扫、置换',
      '加盲板隔断与运行系统连接',
      '15 m 内排水井、地漏已封堵',
      '配备灭火器 4 具、消防蒸汽带 1 根',
    ],
    filed: true,
    analyses: [{ substance: '汽油', measure: 'flammable', value: 0.06, point: '1# 罐进料管线法兰处' }],
  },
  {
    n: 2,
    enterprise: 'E08',
    type: 'hot_work',
    status: 'in_work',
    anchor: { building: 'utility' },
    from: -1,
    to: 6,
    startedAfter: 0.25,
    facts: { pipe_rack: true },
    method: '气割',
    content: '管廊蒸汽管道支架切割更换',
    place: '储运区东侧管廊 3 号支架',
    unit: '江海港储物流有限公司设备部',
    applicant: '周明',
    responsible: '吴志刚',
    workers: ['郑凯', '钱伟'],
    guardian: '冯涛',
    hazards: '高处坠落物、火花飞溅引燃',
    measures: ['下方管线用石棉布覆盖', '设置警戒区', '配备灭火器 2 具'],
    filed: true,
    analyses: [{ substance: '甲醇', measure: 'flammable', value: 0.1, point: '管廊 3 号支架下方' }],
  },
  {
    n: 3,
    enterprise: 'E11',
    type: 'hot_work',
    status: 'approved',
    anchor: { building: 'warehouse' },
    from: 0.5,
    to: 6.5,
    method: '电焊',
    content: '仓库钢结构雨棚焊接加固',
    place: '成品仓库北侧雨棚',
    unit: '江海聚能新材料有限公司',
    applicant: '何平',
    responsible: '林涛',
    workers: ['马强'],
    guardian: '高峰',
    hazards: '火花飞溅、触电',
    measures: ['清除周边可燃物', '配备灭火器 2 具'],
    filed: true,
  },
  {
    n: 4,
    enterprise: 'E03',
    type: 'confined_space',
    status: 'in_work',
    anchor: { asset: 'T-E03-04' },
    from: -1.5,
    to: 6,
    startedAfter: 0.5,
    content: '甲醇储罐清罐检查',
    place: '甲醇罐区 1# 罐人孔',
    unit: '江海瑞丰化肥有限公司',
    applicant: '黄涛',
    responsible: '许东',
    workers: ['曹亮', '邓斌'],
    guardian: '彭军',
    hazards: '缺氧窒息、甲醇中毒、可燃气体',
    measures: [
      '与运行系统盲板隔断',
      '强制通风',
      '佩戴四合一气体检测仪',
      '罐外设专人监护并备正压式空气呼吸器',
    ],
    filed: true,
    analyses: [
      { substance: '氧气', measure: 'oxygen', value: 20.6, point: '1# 罐内中部' },
      { substance: '甲醇', measure: 'flammable', value: 0.1, point: '1# 罐内底部' },
    ],
  },
  {
    n: 5,
    enterprise: 'E04',
    type: 'height',
    status: 'in_work',
    anchor: { building: 'process' },
    from: -3,
    to: 5,
    startedAfter: 0.2,
    height: 18,
    content: '环氧乙烷装置框架 18 m 平台保温层检修',
    place: '环氧乙烷装置框架四层平台',
    unit: '江海恒昌环氧化工有限公司',
    applicant: '罗斌',
    responsible: '谢飞',
    workers: ['韩冬', '唐勇', '宋杰'],
    guardian: '蒋华',
    hazards: '高处坠落、物体打击',
    measures: ['系挂双钩安全带', '搭设合格脚手架并挂牌', '下方设警戒区'],
    filed: true,
  },
  {
    n: 6,
    enterprise: 'E05',
    type: 'hot_work',
    status: 'in_work',
    anchor: { building: 'process' },
    from: -11,
    to: -3,
    startedAfter: 0.3,
    method: '电焊',
    content: '合成车间反应釜夹套接管补焊',
    place: '合成车间二层',
    unit: '江海禾丰农化有限公司',
    applicant: '董亮',
    responsible: '袁波',
    workers: ['潘勇'],
    guardian: '杜鹏',
    hazards: '可燃气体、火灾',
    measures: ['反应釜倒空置换', '配备灭火器 2 具'],
    filed: true,
    analyses: [{ substance: '甲苯', measure: 'flammable', value: 0.05, point: '反应釜夹套接管' }],
  },
  {
    n: 7,
    enterprise: 'E18',
    type: 'temporary_power',
    status: 'in_work',
    anchor: { building: 'utility' },
    from: -2,
    to: 10,
    startedAfter: 0.1,
    content: '码头泵房检修临时用电（380 V，25 kW）',
    place: '码头泵房东侧配电箱',
    unit: '江海化工码头储运有限公司',
    applicant: '钟华',
    responsible: '汪洋',
    workers: ['田野（电工证 D-0932）'],
    guardian: '任杰',
    hazards: '触电',
    measures: ['使用防爆配电箱并装漏电保护器', '电缆架空敷设'],
    filed: false,
  },
  {
    n: 8,
    enterprise: 'E02',
    type: 'blind_plate',
    status: 'applied',
    anchor: { building: 'process' },
    from: 2,
    to: 6,
    content: '加氢装置进料线 DN150 盲板抽堵',
    place: '1# 加氢精制装置进料线',
    unit: '江海石油化工有限公司生产一部',
    applicant: '刘建军',
    responsible: '陈国强',
    workers: ['赵磊', '钱伟'],
    guardian: '孙立平',
    hazards: '介质喷出、中毒',
    measures: ['管线泄压、排空', '佩戴防护面罩'],
    filed: true,
  },
  {
    n: 9,
    enterprise: 'E01',
    type: 'lifting',
    status: 'accepted',
    anchor: { building: 'warehouse' },
    from: -28,
    to: -22,
    startedAfter: 0.5,
    content: '原料仓库屋面设备吊装（25 t 汽车吊，吊物 8 t）',
    place: '原料仓库南侧',
    unit: '江海氯碱化工有限公司',
    applicant: '马力',
    responsible: '胡斌',
    workers: ['司索工 吕强', '指挥 施伟'],
    guardian: '沈军',
    hazards: '起重伤害、物体打击',
    measures: ['吊车支腿垫板', '吊装区域警戒'],
    filed: true,
  },
]

const ymd = (ms: number) => parkDayOf(ms).replaceAll('-', '')

async function positionOf(q: Queryable, enterprise: string, a: Anchor): Promise<[number, number] | null> {
  let asset: string | null
  let toward: string | null = null
  let metres = 0
  if ('asset' in a) {
    asset = a.asset
    toward = a.toward ?? null
    metres = a.metres ?? 0
  } else {
    const b = await q.query<{ id: string }>(
      `SELECT id FROM assets WHERE enterprise_id = $1 AND kind = 'building' AND props->>'use' = $2 ORDER BY id LIMIT 1`,
      [enterprise, a.building],
    )
    asset = b.rows[0]?.id ?? null
  }
  const r = await q.query<{ lon: number; lat: number }>(
    `WITH e AS (SELECT geom FROM enterprises WHERE id = $4),
     a AS (SELECT ST_PointOnSurface(geom) AS g FROM assets WHERE id = $1),
     t AS (SELECT ST_PointOnSurface(geom) AS g FROM assets WHERE id = $2),
     c AS (SELECT coalesce(
             (SELECT ST_Project(a.g::geography, $3::float8, ST_Azimuth(a.g, t.g))::geometry FROM a, t WHERE $3::float8 > 0),
             (SELECT g FROM a)) AS g)
     SELECT ST_X(p) AS lon, ST_Y(p) AS lat FROM (
       SELECT CASE WHEN c.g IS NOT NULL AND ST_Covers(e.geom, c.g) THEN c.g ELSE ST_PointOnSurface(e.geom) END AS p
         FROM e LEFT JOIN c ON true) x`,
    [asset, toward, metres, enterprise],
  )
  const row = r.rows[0]
  return row ? [row.lon, row.lat] : null
}

/**
 * Idempotent (ids carry the park day; ON CONFLICT DO NOTHING); needs the seeded park. Run as the owner or in park
 * scope: it sets the park scope for forced RLS. Returns the number of permits and filings inserted.
 */
export async function seedPermitsDemo(q: Queryable, now: number = Date.now()): Promise<number> {
  await q.query(`SELECT set_config('app.scope', 'park', true)`)
  if (!(await q.query(`SELECT 1 FROM enterprises WHERE id = 'E02'`)).rowCount) return 0
  const day = ymd(now)
  const iso = (h: number) => new Date(now + h * hourMs).toISOString()
  if ((await q.query(`SELECT 1 FROM work_permits WHERE id = $1`, [`WP-${day}-01`])).rowCount) return 0
  let n = 0

  // the earlier days' demo: close what is still open, withdraw filings, so flags come from today's set only
  await q.query(
    `UPDATE work_permits SET status = 'accepted', completed_at = coalesce(completed_at, least(window_to, now())),
            acceptance = coalesce(acceptance, '{"name": "系统演示", "note": "demo closed"}'::jsonb), updated_at = now()
      WHERE created_by = 'seed' AND status IN ('in_work', 'completed')`,
  )
  await q.query(
    `UPDATE work_permits SET status = 'cancelled', cancelled_at = now(), cancel_reason = 'demo closed', updated_at = now()
      WHERE created_by = 'seed' AND status IN ('draft', 'applied', 'approved')`,
  )
  await q.query(
    `UPDATE work_filings SET status = 'withdrawn', updated_at = now() WHERE filed_by = 'seed' AND status = 'filed'`,
  )

  const settings = await loadSettings(q)
  for (const s of demo) {
    const pos = await positionOf(q, s.enterprise, s.anchor)
    if (!pos) continue
    const from = now + s.from * hourMs
    const to = now + s.to * hourMs
    const place = await placeFacts(q, s.enterprise, pos[0], pos[1])
    const facts: LocationFacts & { derived: string[] } = { ...s.facts, derived: place.derived }
    for (const d of place.derived) facts[d] = true
    const calendar = await loadCalendar(q, parkDayOf(from - 86_400_000), parkDayOf(to))
    const g = computeGrade(
      { work_type: s.type, facts: s.type === 'hot_work' ? facts : {}, height_m: s.height ?? null, from, to },
      calendar,
      settings,
    )
    if ('field' in g) continue
    const suffix = String(s.n).padStart(2, '0')
    let filingId: string | null = null
    if (s.filed) {
      filingId = `WF-${day}-${suffix}`
      n +=
        (
          await q.query(
            `INSERT INTO work_filings (id, enterprise_id, work_type, place, geom, window_from, window_to, contact, filed_by, filed_at)
           VALUES ($1, $2, $3, $4, ST_SetSRID(ST_MakePoint($5, $6), 4326), $7, $8, $9, 'seed', $10)
           ON CONFLICT DO NOTHING`,
            [
              filingId,
              s.enterprise,
              s.type,
              s.place,
              pos[0],
              pos[1],
              iso(s.from - 0.5),
              iso(s.to + 0.5),
              s.responsible,
              iso(s.from - 3),
            ],
          )
        ).rowCount ?? 0
    }
    const id = `WP-${day}-${suffix}`
    const started = s.startedAfter !== undefined ? now + (s.from + s.startedAfter) * hourMs : null
    await insertPermit(
      q,
      {
        id,
        number: `${s.enterprise}-${workTypeCodes[s.type]}-${day}-9${suffix}`,
        enterprise_id: s.enterprise,
        work_type: s.type,
        status: 'draft',
        grade: g.grade,
        grade_reasons: g.reasons,
        facts,
        height_m: s.height ?? null,
        method: s.method ?? null,
        content: s.content,
        place: s.place,
        lon: pos[0],
        lat: pos[1],
        window_from: iso(s.from),
        window_to: iso(s.to),
        applicant_unit: s.unit,
        applicant: s.applicant,
        responsible: s.responsible,
        workers: s.workers,
        guardian: s.guardian,
        hazards: s.hazards,
        safety_measures: s.measures.map((m, i) => ({
          measure: m,
          confirmed_by: i % 2 ? s.guardian : s.responsible,
        })),
        linked_permits: [],
        oxygen_enriched: false,
        extended_analysis_reason: null,
        filing_id: filingId,
      },
      'seed',
    )
    n++
    const approvers: Record<SignatureLevel, string> = {
      unit: '车间主任 李伟',
      safety: '安全部 张敏',
      leader: '总经理 王强',
    }
    const signedAt = iso(s.from - 1)
    const signatures =
      s.status === 'applied'
        ? []
        : requiredSignatures(s.type, g.grade).map((l) => ({
            level: l,
            name: approvers[l],
            at: signedAt,
            by: 'seed',
          }))
    const log = async (kind: string, at: string, detail: object = {}) =>
      insertEvent(q, { permit_id: id, enterprise_id: s.enterprise, kind, by: 'seed', at, detail })
    await log('create', iso(s.from - 2), { grade: g.grade })
    await log('apply', iso(s.from - 1.5))
    for (const sig of signatures) await log('sign', sig.at, { level: sig.level, name: sig.name })
    if (s.status !== 'applied') await log('approve', signedAt)
    for (const [i, a] of (s.analyses ?? []).entries()) {
      const taken = new Date((started ?? now) - (15 + 5 * i) * 60_000).toISOString()
      const check = gasCheck(
        {
          measure: a.measure,
          value: a.value,
          unit: '%vol',
          substance: a.substance,
          lel_pct: null,
          limit_value: null,
        },
        false,
        settings,
      )
      if ('field' in check) continue
      await q.query(
        `INSERT INTO work_permit_gas_analyses (permit_id, enterprise_id, taken_at, point, substance, measure, value, unit,
                                               lel_pct, passed, criterion, analyst, recorded_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, '%vol', $8, $9, $10, '质检中心 分析员 杨静', 'seed')`,
        [
          id,
          s.enterprise,
          taken,
          a.point,
          a.substance,
          a.measure,
          a.value,
          check.lel_pct,
          check.passed,
          JSON.stringify(check.criterion),
        ],
      )
      await log('gas_analysis', taken, {
        substance: a.substance,
        value: a.value,
        unit: '%vol',
        passed: check.passed,
      })
    }
    const startedIso = started ? new Date(started).toISOString() : null
    if (startedIso) await log('start', startedIso)
    const done = s.status === 'accepted' ? iso(s.to - 0.5) : null
    if (done) {
      await log('complete', done)
      await log('accept', done, { name: '车间主任 李伟' })
    }
    await q.query(
      `UPDATE work_permits SET status = $2, signatures = $3, started_at = $4, completed_at = $5,
              shift_check = CASE WHEN $4::timestamptz IS NULL THEN NULL ELSE jsonb_build_object('name', '当班班长 顾伟', 'at', $4::text) END,
              acceptance = CASE WHEN $5::timestamptz IS NULL THEN NULL ELSE jsonb_build_object('name', '车间主任 李伟', 'at', $5::text, 'note', '现场已清理，验收合格') END
        WHERE id = $1`,
      [id, s.status, JSON.stringify(signatures), startedIso, done],
    )
  }

  // filed, but no permit: E16's hot work whose window began an hour ago
  const pos = await positionOf(q, 'E16', { building: 'process' })
  n +=
    (
      await q.query(
        `INSERT INTO work_filings (id, enterprise_id, work_type, place, geom, window_from, window_to, contact, note, filed_by, filed_at)
         VALUES ($1, 'E16', 'hot_work', '农药合成车间一层', CASE WHEN $2::float8 IS NULL THEN NULL ELSE ST_SetSRID(ST_MakePoint($2, $3), 4326) END,
                 $4, $5, '江海绿田化工 设备科 梁超', '反应釜出料阀更换焊接', 'seed', $6)
         ON CONFLICT DO NOTHING`,
        [`WF-${day}-20`, pos?.[0] ?? null, pos?.[1] ?? null, iso(-1), iso(7), iso(-5)],
      )
    ).rowCount ?? 0
  return n
}
