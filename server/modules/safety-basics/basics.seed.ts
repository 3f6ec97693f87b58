import { makeCreditCode } from '../../../geodata/lib/credit-code'
import { createRng, type Rng } from '../../../geodata/lib/prng'
import { addMonths } from '../../contracts/emergency-plans'
import { parkDay, type LicenceKind, type OperationKind } from '../../contracts/safety-basics'
import type { Queryable } from '../../platform/db/db'

// Demo records of 安全基础管理 for the seeded park's 26 enterprises: a profile each (people, staffing, registered
// safety engineers), 2–4 administrative licences each by what the enterprise does (a few expiring within 90 days
// and two expired), start-up / shutdown / overhaul records (one unit overlap at E01, and four overhauls at once in
// about a month, over the park's limit of three) and 15 contractors with their people, one blacklisted. Dates are
// relative to the first seeding; names are fictional, drawn from a seeded PRNG so every seeding is the same.

const surnames = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '黄',
  '赵',
  '周',
  '吴',
  '徐',
  '孙',
  '朱',
  '马',
  '胡',
  '郭',
  '何',
  '高',
  '林',
  '罗',
]
const given = [
  '建国',
  '海涛',
  '志强',
  '文杰',
  '明华',
  '卫东',
  '晓峰',
  '国平',
  '红梅',
  '丽娟',
  '永刚',
  '春生',
  '静',
  '磊',
  '鹏',
  '军',
  '芳',
  '勇',
  '敏',
  '斌',
]
const specialties = ['化工安全', '其他安全（不包括消防安全）', '化工安全', '金属冶炼安全']
const streets = ['江海大道', '通港路', '化工一路', '化工二路', '临江路', '长青路', '沿江路', '滨江大道']

const person = (rng: Rng) => rng.pick(surnames) + rng.pick(given)
const mobile = (rng: Rng) => `13${rng.int(0, 9)}${String(rng.int(0, 99_999_999)).padStart(8, '0')}`
const shift = (today: string, days: number) =>
  new Date(Date.parse(`${today}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)
/** the park-day midnight (China Standard Time) `days` from today, plus `hours` */
const at = (today: string, days: number, hours = 8) =>
  new Date(Date.parse(`${today}T00:00:00+08:00`) + days * 86_400_000 + hours * 3_600_000).toISOString()

interface EnterpriseSeed {
  id: string
  industry: string
  processes: string[]
}

/** The licences an enterprise holds, by what it does. */
function licenceKinds(e: EnterpriseSeed): LicenceKind[] {
  if (e.industry === '仓储物流') return ['hazchem_operation', 'hazchem_registration', 'pollutant_discharge']
  if (e.industry === '公用工程')
    return e.id === 'E09'
      ? ['hazchem_use', 'pollutant_discharge']
      : ['pollutant_discharge', 'hazchem_registration']
  if (e.industry === '工业气体') return ['safety_production', 'hazchem_operation', 'hazchem_registration']
  const kinds: LicenceKind[] = ['safety_production', 'hazchem_registration', 'pollutant_discharge']
  // enterprises running two or more supervised processes also hold a use permit for their feedstocks
  return e.processes.length >= 2 ? [...kinds, 'hazchem_use'] : kinds
}

const licenceYears: Record<LicenceKind, number> = {
  safety_production: 3,
  hazchem_operation: 3,
  hazchem_use: 3,
  hazchem_registration: 3,
  pollutant_discharge: 5,
  other: 3,
}

const issuers: Record<LicenceKind, string> = {
  safety_production: '江苏省应急管理厅',
  hazchem_operation: '南通市应急管理局',
  hazchem_use: '南通市应急管理局',
  hazchem_registration: '应急管理部化学品登记中心',
  pollutant_discharge: '南通市生态环境局',
  other: '南通市应急管理局',
}

function licenceNumber(kind: LicenceKind, e: EnterpriseSeed, code: string, n: number): string {
  const serial = String(100 + Number(e.id.slice(1)) * 7 + n).padStart(5, '0')
  switch (kind) {
    case 'safety_production':
      return `(苏)WH安许证字[F${serial}]`
    case 'hazchem_operation':
      return `苏通危化经字[2024]${serial}`
    case 'hazchem_use':
      return `苏通危化使字[2024]${serial}`
    case 'hazchem_registration':
      return `32062${serial}`
    case 'pollutant_discharge':
      return `${code}001P`
    default:
      return `QT-${serial}`
  }
}

function licenceScope(kind: LicenceKind, e: EnterpriseSeed): string {
  switch (kind) {
    case 'safety_production':
      return `危险化学品生产：${e.processes.length ? `${e.processes.join('、')}工艺相关产品` : '工业气体'}（详见副本）`
    case 'hazchem_operation':
      return e.industry === '工业气体'
        ? '氧[压缩的或液化的]、氮[压缩的或液化的]、氩[压缩的或液化的]（带储存设施经营）'
        : '带储存设施经营：详见许可证副本品种目录'
    case 'hazchem_use':
      return e.id === 'E09' ? '氨（脱硝还原剂）年使用量 2400 吨' : `${e.processes.join('、')}工艺原料的使用`
    case 'hazchem_registration':
      return '危险化学品登记品种详见登记证附表'
    case 'pollutant_discharge':
      return '废水：COD、氨氮、总磷；废气：颗粒物、SO2、NOx、VOCs（重点管理）'
    default:
      return '—'
  }
}

/** Days from today to each licence's last valid day: a few expiring soon, two expired; the rest well ahead. */
const dueSoon: Record<string, number> = {
  'LIC-E05-safety_production': 45,
  'LIC-E12-pollutant_discharge': 20,
  'LIC-E13-hazchem_registration': 60,
  'LIC-E22-safety_production': 75,
  'LIC-E16-hazchem_registration': -10,
  'LIC-E24-hazchem_operation': -35,
}

interface OperationSeed {
  id: string
  enterprise: string
  kind: OperationKind
  unit: string
  from: number
  to: number
  status: 'planned' | 'in_progress' | 'completed'
  measures: string[]
}

const overhaulMeasures = [
  '检修前工艺处理：停车、倒空、置换、吹扫，分析合格',
  '加装盲板隔离并挂牌上锁（LOTO），盲板抽堵作业办理作业票',
  '动火、受限空间、高处等特殊作业按 GB 30871 办理作业许可',
  '检修现场设置警戒区，配备气体检测仪和消防器材',
]
const startupMeasures = [
  '开车前安全检查（PSSR）完成并签字确认',
  '联锁投用确认，报警值复核',
  '开车方案经审批，操作人员培训到位',
]
const shutdownMeasures = ['按停车方案逐步降负荷', '物料退守至储罐，设备泄压置换', '停车期间加强巡检']

const operations: OperationSeed[] = [
  // E01: the PVC line is under overhaul while a restart of the same unit is already planned inside the window
  {
    id: 'OPR-E01-OH',
    enterprise: 'E01',
    kind: 'overhaul',
    unit: 'PVC聚合车间',
    from: -5,
    to: 10,
    status: 'in_progress',
    measures: overhaulMeasures,
  },
  {
    id: 'OPR-E01-SU',
    enterprise: 'E01',
    kind: 'startup',
    unit: 'PVC聚合车间',
    from: 8,
    to: 9,
    status: 'planned',
    measures: startupMeasures,
  },
  // four overhauls at once around day 30–38: over the park's default limit of three
  {
    id: 'OPR-E02-OH',
    enterprise: 'E02',
    kind: 'overhaul',
    unit: '1#催化裂化装置',
    from: 20,
    to: 50,
    status: 'planned',
    measures: overhaulMeasures,
  },
  {
    id: 'OPR-E03-OH',
    enterprise: 'E03',
    kind: 'overhaul',
    unit: '1#合成氨装置',
    from: 25,
    to: 45,
    status: 'planned',
    measures: overhaulMeasures,
  },
  {
    id: 'OPR-E04-OH',
    enterprise: 'E04',
    kind: 'overhaul',
    unit: '加氢精制装置',
    from: 30,
    to: 40,
    status: 'planned',
    measures: overhaulMeasures,
  },
  {
    id: 'OPR-E11-OH',
    enterprise: 'E11',
    kind: 'overhaul',
    unit: '1#聚合车间',
    from: 28,
    to: 38,
    status: 'planned',
    measures: overhaulMeasures,
  },
  {
    id: 'OPR-E06-SD',
    enterprise: 'E06',
    kind: 'shutdown',
    unit: '加氢车间',
    from: -20,
    to: -19,
    status: 'completed',
    measures: shutdownMeasures,
  },
  {
    id: 'OPR-E12-SU',
    enterprise: 'E12',
    kind: 'startup',
    unit: '磺化车间',
    from: 3,
    to: 4,
    status: 'planned',
    measures: startupMeasures,
  },
  {
    id: 'OPR-E16-OH',
    enterprise: 'E16',
    kind: 'overhaul',
    unit: '氯化车间',
    from: -60,
    to: -40,
    status: 'completed',
    measures: overhaulMeasures,
  },
  {
    id: 'OPR-E22-SD',
    enterprise: 'E22',
    kind: 'shutdown',
    unit: '磺化车间',
    from: 60,
    to: 61,
    status: 'planned',
    measures: shutdownMeasures,
  },
  {
    id: 'OPR-E20-OH',
    enterprise: 'E20',
    kind: 'overhaul',
    unit: '1#空分装置',
    from: 90,
    to: 100,
    status: 'planned',
    measures: overhaulMeasures,
  },
]

interface ContractorSeed {
  id: string
  enterprise: string
  name: string
  scope: string
  quals: [string, number][]
  blacklist?: string
}

const contractors: ContractorSeed[] = [
  {
    id: 'CTR-01',
    enterprise: 'E01',
    name: '江苏恒安检修工程有限公司',
    scope: '化工装置检维修、设备安装',
    quals: [
      ['特种设备生产许可证（压力管道安装GC1）', 400],
      ['建筑施工安全生产许可证', 600],
    ],
  },
  {
    id: 'CTR-02',
    enterprise: 'E01',
    name: '南通海防腐保温工程有限公司',
    scope: '防腐保温、脚手架搭设',
    quals: [['防水防腐保温工程专业承包二级', 300]],
  },
  {
    id: 'CTR-03',
    enterprise: 'E02',
    name: '如皋市通达石化设备安装有限公司',
    scope: '炼化装置大检修、换热器检修',
    quals: [
      ['特种设备生产许可证（压力容器安装）', 500],
      ['建筑施工安全生产许可证', 200],
    ],
  },
  {
    id: 'CTR-04',
    enterprise: 'E02',
    name: '江苏锐捷仪表自动化工程有限公司',
    scope: '仪表及 SIS 系统维护',
    quals: [['电子与智能化工程专业承包二级', 700]],
  },
  {
    id: 'CTR-05',
    enterprise: 'E03',
    name: '南通宏泰起重吊装有限公司',
    scope: '大型设备吊装',
    quals: [['起重设备安装工程专业承包一级', 450]],
  },
  {
    id: 'CTR-06',
    enterprise: 'E04',
    name: '江苏宝固消防工程有限公司',
    scope: '消防设施维护保养与检测',
    quals: [['消防设施工程专业承包一级', 380]],
  },
  {
    id: 'CTR-07',
    enterprise: 'E05',
    name: '如皋市鑫源建筑安装有限公司',
    scope: '土建维修、动土作业',
    quals: [['建筑工程施工总承包三级', 250]],
    blacklist: '在 E05 氯化车间未办理动火作业票擅自动火，违反 GB 30871（园区通报）',
  },
  {
    id: 'CTR-08',
    enterprise: 'E06',
    name: '江苏清源环境工程有限公司',
    scope: '污水站运维、清罐作业',
    quals: [['环保工程专业承包二级', -15]],
  },
  {
    id: 'CTR-09',
    enterprise: 'E08',
    name: '南通港安罐区检测有限公司',
    scope: '储罐检测、清罐、受限空间作业',
    quals: [['特种设备检验检测机构核准证', 520]],
  },
  {
    id: 'CTR-10',
    enterprise: 'E11',
    name: '江苏联创电气安装有限公司',
    scope: '临时用电、电气检修',
    quals: [
      ['承装（修、试）电力设施许可证四级', 610],
      ['建筑施工安全生产许可证', 330],
    ],
  },
  {
    id: 'CTR-11',
    enterprise: 'E12',
    name: '如皋市永固钢结构工程有限公司',
    scope: '钢结构及管廊检修',
    quals: [['钢结构工程专业承包二级', 410]],
  },
  {
    id: 'CTR-12',
    enterprise: 'E16',
    name: '南通正德安全技术服务有限公司',
    scope: '安全评价、HAZOP 分析',
    quals: [['安全评价机构资质', 290]],
  },
  {
    id: 'CTR-13',
    enterprise: 'E18',
    name: '江苏航力码头工程有限公司',
    scope: '码头装卸臂与管线检修',
    quals: [['港口与航道工程施工总承包三级', 480]],
  },
  {
    id: 'CTR-14',
    enterprise: 'E20',
    name: '南通气瑞低温设备工程有限公司',
    scope: '空分冷箱检修、低温储罐维护',
    quals: [['特种设备生产许可证（压力容器安装）', 560]],
  },
  {
    id: 'CTR-15',
    enterprise: 'E24',
    name: '江苏仓安仓储设施维护有限公司',
    scope: '危险品仓库设施维护、防雷检测',
    quals: [['防雷装置检测资质乙级', 95]],
  },
]

const jobs = ['管工', '焊工', '电工', '起重工', '架子工', '仪表工', '安全员']

/**
 * Idempotent (fixed ids, ON CONFLICT DO NOTHING); needs the seeded park (enterprises, assets). Run as the owner
 * (`db.owner`) or in park scope: it sets the park scope for forced RLS. Returns the number of rows inserted.
 */
export async function seedSafetyBasicsDemo(q: Queryable, now: number = Date.now()): Promise<number> {
  await q.query(`SELECT set_config('app.scope', 'park', true)`)
  const today = parkDay(now)
  const enterprises = (
    await q.query<EnterpriseSeed & { credit_code: string }>(
      `SELECT id, industry, processes, credit_code FROM enterprises ORDER BY id`,
    )
  ).rows
  if (!enterprises.length) return 0
  let n = 0
  const run = async (sql: string, params: unknown[]) => {
    n += (await q.query(sql, params)).rowCount ?? 0
  }
  const rng = createRng('safety-basics-demo')

  for (const [i, e] of enterprises.entries()) {
    const r = rng.fork(e.id)
    const big = e.processes.length >= 2 || e.industry === '石油化工'
    const employees = big ? r.int(420, 1300) : r.int(60, 380)
    const staff = Math.max(3, Math.round(employees / 60))
    const engineers = Array.from({ length: Math.min(4, Math.max(1, Math.ceil(staff / 5))) }, (_, k) => ({
      name: person(r),
      certificate_no: `0${r.int(10, 99)}${String(r.int(0, 999_999)).padStart(6, '0')}`,
      expires_on: shift(today, k === 0 && i % 7 === 3 ? 40 : r.int(200, 1400)),
      specialty: r.pick(specialties),
    }))
    await run(
      `INSERT INTO enterprise_profiles (enterprise_id, legal_representative, main_responsible, main_responsible_phone,
              safety_director, safety_director_phone, safety_staff_count, safety_engineers, employees, established_on,
              address, standardization_grade, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'seed') ON CONFLICT DO NOTHING`,
      [
        e.id,
        person(r),
        person(r),
        mobile(r),
        person(r),
        mobile(r),
        staff,
        JSON.stringify(engineers),
        employees,
        `${r.int(2003, 2019)}-${String(r.int(1, 12)).padStart(2, '0')}-${String(r.int(1, 28)).padStart(2, '0')}`,
        `江苏省如皋市江海化工园区${r.pick(streets)}${r.int(1, 288)}号`,
        big ? '2' : r.pick(['2', '3', '3', 'none'] as const),
      ],
    )

    for (const [k, kind] of licenceKinds(e).entries()) {
      const id = `LIC-${e.id}-${kind}`
      const validTo = shift(today, dueSoon[id] ?? r.int(150, 900))
      await run(
        `INSERT INTO licences (id, enterprise_id, kind, number, issuer, scope, valid_from, valid_to, created_by, updated_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'seed', 'seed') ON CONFLICT DO NOTHING`,
        [
          id,
          e.id,
          kind,
          licenceNumber(kind, e, e.credit_code, k),
          issuers[kind],
          licenceScope(kind, e),
          shift(addMonths(validTo, -12 * licenceYears[kind]), 1),
          validTo,
        ],
      )
    }
  }

  const known = new Set(enterprises.map((e) => e.id))
  for (const o of operations) {
    if (!known.has(o.enterprise)) continue
    const r = rng.fork(o.id)
    const started = o.status !== 'planned'
    await run(
      `INSERT INTO operations_records (id, enterprise_id, kind, unit, asset_id, planned_start, planned_end, actual_start,
              actual_end, responsible_person, responsible_phone, safety_measures, status, created_by, updated_by)
       VALUES ($1, $2, $3, $4,
               (SELECT id FROM assets WHERE kind = 'building' AND enterprise_id = $2 AND name = $4 ORDER BY id LIMIT 1),
               $5, $6, $7, $8, $9, $10, $11, $12, 'seed', 'seed') ON CONFLICT DO NOTHING`,
      [
        o.id,
        o.enterprise,
        o.kind,
        o.unit,
        at(today, o.from),
        at(today, o.to, o.kind === 'overhaul' ? 18 : 20),
        started ? at(today, o.from, 9) : null,
        o.status === 'completed' ? at(today, o.to, 17) : null,
        person(r),
        mobile(r),
        o.measures,
        o.status,
      ],
    )
  }

  for (const c of contractors) {
    if (!known.has(c.enterprise)) continue
    const r = rng.fork(c.id)
    await run(
      `INSERT INTO contractors (id, enterprise_id, name, credit_code, contact_person, phone, service_scope, qualifications,
              blacklisted, blacklist_reason, blacklisted_at, blacklisted_by, created_by, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::text IS NOT NULL, $9,
               CASE WHEN $9::text IS NULL THEN NULL ELSE now() END, CASE WHEN $9::text IS NULL THEN NULL ELSE 'seed' END,
               'seed', 'seed')
       ON CONFLICT DO NOTHING`,
      [
        c.id,
        c.enterprise,
        c.name,
        makeCreditCode(r),
        person(r),
        mobile(r),
        c.scope,
        JSON.stringify(
          c.quals.map(([name, days], k) => ({
            name,
            number: `D${r.int(100, 999)}${String(r.int(0, 999_999)).padStart(6, '0')}-${k + 1}`,
            expires_on: shift(today, days),
          })),
        ),
        c.blacklist ?? null,
      ],
    )
    const people = r.int(3, 5)
    const ids: string[] = []
    for (let k = 1; k <= people; k++) {
      const id = `${c.id.replace('CTR', 'CTP')}-${k}`
      // the last person of every third contractor has lapsed training
      const lapsed = k === people && Number(c.id.slice(4)) % 3 === 0
      const trained = shift(today, lapsed ? -400 : -r.int(20, 300))
      const job = r.pick(jobs)
      const certified = ['焊工', '电工', '起重工', '架子工'].includes(job)
      await run(
        `INSERT INTO contractor_people (id, contractor_id, enterprise_id, name, job, phone, trained_on, training_valid_to,
                certificate_no, certificate_expires)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING`,
        [
          id,
          c.id,
          c.enterprise,
          person(r),
          job,
          mobile(r),
          trained,
          shift(trained, 365),
          certified ? `T${String(r.int(0, 99_999_999_999)).padStart(11, '0')}` : null,
          certified ? shift(today, r.int(120, 1500)) : null,
        ],
      )
      if (!lapsed) ids.push(id)
    }
    if (!c.blacklist && c.quals.every(([, days]) => days > 30))
      await run(
        `INSERT INTO contractor_entries (id, contractor_id, enterprise_id, work, area, valid_from, valid_to, person_ids,
                status, decided_by, decided_at, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'seed') ON CONFLICT DO NOTHING`,
        [
          c.id.replace('CTR', 'CTE'),
          c.id,
          c.enterprise,
          c.scope,
          '生产区',
          shift(today, -2),
          shift(today, 12),
          ids.slice(0, 3),
          Number(c.id.slice(4)) % 4 === 0 ? 'requested' : 'approved',
          Number(c.id.slice(4)) % 4 === 0 ? null : 'seed',
          Number(c.id.slice(4)) % 4 === 0 ? null : new Date(now).toISOString(),
        ],
      )
  }
  return n
}
