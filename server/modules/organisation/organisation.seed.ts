import type { OrgBodyType, OrgNodeKind } from '../../contracts/organisation'
import type { Queryable } from '../../platform/db/db'

// The demo park's management responsibility chart (安全生产责任体系): the park's work-safety committee, its offices
// and their posts with their safety responsibilities, and the people holding them. Names and phone numbers are
// invented demo data.

type Row = [
  id: string,
  parent: string | null,
  kind: OrgNodeKind,
  bodyType: OrgBodyType | null,
  name: string,
  nameEn: string,
  duties: string,
  phone: string | null,
]

const rows: Row[] = [
  [
    'ORG-PARK',
    null,
    'body',
    'committee',
    '江海化工园区安全生产委员会',
    'Park Work Safety Committee',
    '统筹园区安全生产工作，研究决定园区安全发展规划、重大事项和重大隐患治理。',
    null,
  ],
  [
    'ORG-PARK-P-CHAIR',
    'ORG-PARK',
    'post',
    null,
    '主任（管委会主任）',
    'Chair',
    '园区安全生产第一责任人，全面领导园区安全生产工作，组织制定园区安全生产责任制。',
    null,
  ],
  ['ORG-PARK-U-CHAIR', 'ORG-PARK-P-CHAIR', 'person', null, '周国梁', 'Zhou Guoliang', '', '0513-8660 1001'],
  [
    'ORG-PARK-P-VICE',
    'ORG-PARK',
    'post',
    null,
    '常务副主任',
    'Executive vice chair',
    '协助主任分管安全生产日常工作，督促落实安全生产责任制和重大隐患挂牌督办。',
    null,
  ],
  ['ORG-PARK-U-VICE', 'ORG-PARK-P-VICE', 'person', null, '沈建华', 'Shen Jianhua', '', '0513-8660 1002'],
  [
    'ORG-SAFETY',
    'ORG-PARK',
    'body',
    'department',
    '安全生产监督管理局',
    'Work Safety Bureau',
    '负责园区企业安全生产综合监督管理、执法检查和重大危险源监管。',
    null,
  ],
  [
    'ORG-SAFETY-P-HEAD',
    'ORG-SAFETY',
    'post',
    null,
    '局长',
    'Director',
    '组织实施园区安全监管执法计划，审核安全准入评估意见，督办重大隐患整改。',
    null,
  ],
  ['ORG-SAFETY-U-HEAD', 'ORG-SAFETY-P-HEAD', 'person', null, '陆文斌', 'Lu Wenbin', '', '0513-8660 1101'],
  [
    'ORG-SAFETY-HAZ',
    'ORG-SAFETY',
    'body',
    'department',
    '危化品监管科',
    'Hazardous Chemicals Section',
    '负责重大危险源辨识备案、包保责任落实、特殊作业和双重预防机制运行抽查。',
    null,
  ],
  [
    'ORG-SAFETY-HAZ-P',
    'ORG-SAFETY-HAZ',
    'post',
    null,
    '科长',
    'Section chief',
    '组织重大危险源包保履职检查；审核特殊作业报备；每月汇总隐患排查治理情况。',
    null,
  ],
  ['ORG-SAFETY-HAZ-U', 'ORG-SAFETY-HAZ-P', 'person', null, '顾晓明', 'Gu Xiaoming', '', '0513-8660 1102'],
  [
    'ORG-SAFETY-PATROL',
    'ORG-SAFETY',
    'body',
    'team',
    '专职安全巡查组',
    'Safety Patrol Team',
    '每日巡查园区公共区域、危化品运输通道和停车场。',
    null,
  ],
  [
    'ORG-SAFETY-PATROL-P',
    'ORG-SAFETY-PATROL',
    'post',
    null,
    '安全巡查员',
    'Safety patrol officer',
    '按巡查路线检查封闭化管理、车辆停放和动火作业现场，发现隐患当场登记并报告。',
    null,
  ],
  [
    'ORG-SAFETY-PATROL-U1',
    'ORG-SAFETY-PATROL-P',
    'person',
    null,
    '钱立伟',
    'Qian Liwei',
    '',
    '138 1234 5601',
  ],
  [
    'ORG-SAFETY-PATROL-U2',
    'ORG-SAFETY-PATROL-P',
    'person',
    null,
    '孙海燕',
    'Sun Haiyan',
    '',
    '138 1234 5602',
  ],
  [
    'ORG-EMERG',
    'ORG-PARK',
    'body',
    'department',
    '应急管理办公室',
    'Emergency Management Office',
    '负责园区应急预案管理、应急值守、应急资源调度和演练组织。',
    null,
  ],
  [
    'ORG-EMERG-P',
    'ORG-EMERG',
    'post',
    null,
    '主任',
    'Head',
    '组织园区综合预案编制修订和年度演练，负责应急指挥中心24小时值守。',
    null,
  ],
  ['ORG-EMERG-U', 'ORG-EMERG-P', 'person', null, '吴振东', 'Wu Zhendong', '', '0513-8660 1201'],
  [
    'ORG-EMERG-FIRE',
    'ORG-EMERG',
    'body',
    'team',
    '园区消防救援站',
    'Park Fire and Rescue Station',
    '承担园区火灾扑救、危化品泄漏处置和抢险救援。',
    null,
  ],
  [
    'ORG-EMERG-FIRE-P',
    'ORG-EMERG-FIRE',
    'post',
    null,
    '站长',
    'Station chief',
    '组织执勤训练和熟悉演练，保持特勤装备完好。',
    null,
  ],
  ['ORG-EMERG-FIRE-U', 'ORG-EMERG-FIRE-P', 'person', null, '郑勇', 'Zheng Yong', '', '0513-8660 1219'],
  [
    'ORG-ENV',
    'ORG-PARK',
    'body',
    'department',
    '生态环境分局',
    'Ecology and Environment Branch',
    '负责园区废水、废气在线监控和危险废物监管。',
    null,
  ],
  [
    'ORG-ENV-P',
    'ORG-ENV',
    'post',
    null,
    '分局长',
    'Branch director',
    '组织环境监管执法，审核企业环境应急预案备案。',
    null,
  ],
  ['ORG-ENV-U', 'ORG-ENV-P', 'person', null, '冯丽', 'Feng Li', '', '0513-8660 1301'],
  [
    'ORG-PLAN',
    'ORG-PARK',
    'body',
    'department',
    '规划建设局',
    'Planning and Construction Bureau',
    '负责园区规划、项目准入评估和建设项目"三同时"监管。',
    null,
  ],
  [
    'ORG-PLAN-P',
    'ORG-PLAN',
    'post',
    null,
    '局长',
    'Director',
    '组织新建项目准入评估，核查选址是否符合园区总体规划和安全距离要求。',
    null,
  ],
  ['ORG-PLAN-U', 'ORG-PLAN-P', 'person', null, '蒋海峰', 'Jiang Haifeng', '', '0513-8660 1401'],
]

/**
 * Idempotent: adds the demo chart (fixed ids) only while the park's chart is empty. Run as the owner
 * (`db.owner`) or in park scope. Returns the number of nodes inserted.
 */
export async function seedOrganisationDemo(q: Queryable): Promise<number> {
  await q.query(`SELECT set_config('app.scope', 'park', true)`)
  // once: a chart the park has started (or edited after seeding) is never touched again
  if ((await q.query('SELECT 1 FROM org_nodes WHERE enterprise_id IS NULL LIMIT 1')).rowCount) return 0
  let inserted = 0
  const position = new Map<string | null, number>()
  for (const [id, parent, kind, bodyType, name, nameEn, duties, phone] of rows) {
    const pos = position.get(parent) ?? 0
    position.set(parent, pos + 1)
    const r = await q.query(
      `INSERT INTO org_nodes (id, enterprise_id, parent_id, kind, body_type, name, name_en, duties, phone, position,
                              created_by, updated_by)
       VALUES ($1, NULL, $2, $3, $4, $5, $6, $7, $8, $9, 'seed', 'seed')
       ON CONFLICT (id) DO NOTHING`,
      [id, parent, kind, bodyType, name, nameEn, duties, phone, pos],
    )
    inserted += r.rowCount ?? 0
  }
  return inserted
}
