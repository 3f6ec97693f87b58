import { parkDay } from '../../contracts/emergency-plans'
import type { GovernancePlan, HdCategory, HdGrade, HdState } from '../../contracts/hidden-dangers'
import type { Queryable } from '../../platform/db/db'

// Demo hidden dangers (隐患) for the seeded park: 30 records across the 26 enterprises in every state of the
// closed loop, with their timelines: 5 found, 6 ordered, 6 rectifying (one sent back once), 5 awaiting acceptance,
// 8 closed (2 of them late). Two are 重大 with governance plans and listed for supervision (挂牌督办), one of
// them past its deadline; five records in all are overdue. Dates are relative to the first seeding. Run after
// seedRiskDemo (records point at its risk points when they exist).

const day = 86_400_000

type Row = [
  /** id suffix */ string,
  /** enterprise */ string,
  string /* title */,
  HdCategory,
  HdGrade,
  HdState,
  /** found, days ago */ number,
  /** deadline, days from today (null: not ordered) */ number | null,
  /** risk point (RP-<asset id>) or null */ string | null,
  /** location */ string,
  /** closed, days ago; or sent back once (rectifying) */ number | null,
]

const rows: Row[] = [
  [
    '01',
    'E01',
    '1#液氯储罐液位计显示失准，与现场液位偏差超过5%',
    'equipment',
    'general',
    'found',
    1,
    null,
    'RP-T-E01-01',
    '液氯罐区',
    null,
  ],
  [
    '02',
    'E01',
    '电解车间部分防爆电气设备接线盒缺失紧固螺栓',
    'electrical',
    'general',
    'ordered',
    6,
    8,
    'RP-B-E01-04',
    '电解车间二层',
    null,
  ],
  [
    '03',
    'E02',
    '汽油罐区防火堤穿堤管线孔洞未封堵',
    'fire',
    'general',
    'rectifying',
    12,
    3,
    'RP-T-E02-01',
    '汽油罐区北侧防火堤',
    null,
  ],
  [
    '04',
    'E02',
    '1#催化裂化装置可燃气体检测器超期未标定',
    'equipment',
    'general',
    'closed',
    40,
    -25,
    'RP-B-E02-04',
    '1#催化裂化装置',
    27,
  ],
  [
    '05',
    'E03',
    '液氨罐区水喷淋系统部分喷头堵塞',
    'fire',
    'general',
    'acceptance_requested',
    15,
    2,
    'RP-T-E03-01',
    '液氨罐区',
    null,
  ],
  [
    '06',
    'E03',
    '合成氨装置安全阀铅封缺失',
    'process',
    'general',
    'closed',
    35,
    -20,
    'RP-B-E03-04',
    '1#合成氨装置',
    22,
  ],
  [
    '07',
    'E04',
    '环氧乙烷罐区2#储罐静电接地线断开',
    'electrical',
    'general',
    'ordered',
    9,
    -2,
    null,
    '环氧乙烷罐区',
    null,
  ],
  [
    '08',
    'E05',
    '氯化车间操作规程未随工艺变更及时修订',
    'management',
    'general',
    'rectifying',
    20,
    -4,
    'RP-B-E05-05',
    '氯化车间',
    1,
  ],
  [
    '09',
    'E05',
    '液氯罐区事故碱液吸收装置碱液浓度不足',
    'process',
    'general',
    'closed',
    30,
    -18,
    null,
    '液氯罐区吸收塔',
    15,
  ],
  [
    '10',
    'E06',
    '加氢车间作业人员未按规定佩戴防护用品',
    'management',
    'general',
    'found',
    0,
    null,
    null,
    '加氢车间',
    null,
  ],
  [
    '11',
    'E07',
    '调漆车间机械通风设施故障停运',
    'equipment',
    'general',
    'rectifying',
    8,
    5,
    null,
    '调漆车间',
    null,
  ],
  [
    '12',
    'E08',
    '装卸车站台鹤管防溢流报警装置失效',
    'equipment',
    'general',
    'acceptance_requested',
    14,
    1,
    'RP-B-E08-04',
    '装卸车站台3#鹤位',
    null,
  ],
  [
    '13',
    'E09',
    '主厂房消防通道堆放检修杂物',
    'fire',
    'general',
    'closed',
    20,
    -12,
    null,
    '主厂房东侧消防通道',
    13,
  ],
  [
    '14',
    'E11',
    '1#聚合车间 DCS 报警值设置与工艺卡片不一致',
    'process',
    'general',
    'ordered',
    5,
    10,
    'RP-B-E11-04',
    '1#聚合车间控制室',
    null,
  ],
  ['15', 'E12', '磺化车间紧急洗眼器水压不足', 'equipment', 'general', 'closed', 25, -7, null, '磺化车间', 8],
  [
    '16',
    'E13',
    '精馏车间配电柜前绝缘垫缺失',
    'electrical',
    'general',
    'found',
    2,
    null,
    null,
    '精馏车间配电室',
    null,
  ],
  ['17', 'E15', '造粒车间应急照明灯具损坏', 'fire', 'general', 'rectifying', 10, -1, null, '造粒车间', null],
  [
    '18',
    'E16',
    '液氯罐区紧急切断阀远程关闭失灵',
    'equipment',
    'general',
    'acceptance_requested',
    11,
    4,
    'RP-T-E16-01',
    '液氯罐区',
    null,
  ],
  [
    '19',
    'E16',
    '氯化车间动火作业票证填写不规范',
    'management',
    'general',
    'closed',
    28,
    -16,
    null,
    '氯化车间',
    16,
  ],
  [
    '20',
    'E18',
    '液化石油气罐区喷淋冷却水管锈蚀渗漏',
    'equipment',
    'general',
    'ordered',
    7,
    -3,
    'RP-T-E18-01',
    '液化石油气罐区',
    null,
  ],
  ['21', 'E19', '液氨罐区风向标缺失', 'fire', 'general', 'ordered', 3, 12, null, '液氨罐区', null],
  [
    '22',
    'E20',
    '充装车间待充气瓶未按规定固定防倾倒',
    'management',
    'general',
    'closed',
    18,
    -9,
    null,
    '充装车间',
    6,
  ],
  [
    '23',
    'E22',
    '环氧乙烷罐区氮封压力低报警频繁未查明原因',
    'process',
    'general',
    'rectifying',
    9,
    6,
    'RP-T-E22-01',
    '环氧乙烷罐区',
    null,
  ],
  [
    '24',
    'E23',
    '结晶干燥车间粉尘清扫不及时，地面积尘',
    'management',
    'general',
    'found',
    1,
    null,
    null,
    '结晶干燥车间',
    null,
  ],
  [
    '25',
    'E24',
    '危化品仓库氧化剂与易燃物品混存',
    'management',
    'general',
    'ordered',
    4,
    6,
    null,
    '2#危化品仓库',
    null,
  ],
  [
    '26',
    'E26',
    '硫酸罐区围堰防腐层破损',
    'equipment',
    'general',
    'closed',
    45,
    -25,
    'RP-T-E26-01',
    '硫酸罐区',
    26,
  ],
  [
    '27',
    'E10',
    '生化处理池有限空间警示标识缺失',
    'management',
    'general',
    'acceptance_requested',
    6,
    7,
    null,
    '生化处理车间',
    null,
  ],
  [
    '28',
    'E14',
    '中间体合成车间反应釜搅拌电机防护罩缺失',
    'equipment',
    'general',
    'found',
    0,
    null,
    null,
    '中间体合成车间',
    null,
  ],
  [
    '29',
    'E02',
    '液化石油气罐区3#球罐紧急切断阀失效且未接入SIS联锁',
    'equipment',
    'major',
    'rectifying',
    30,
    20,
    'RP-T-E02-13',
    '液化石油气罐区',
    null,
  ],
  [
    '30',
    'E01',
    '氯化工艺装置未按要求实现自动化控制，仍依赖人工操作',
    'process',
    'major',
    'acceptance_requested',
    60,
    -3,
    'RP-B-E01-04',
    '氯气处理工段',
    null,
  ],
]

const owners = ['张伟', '王磊', '李娜', '刘洋', '陈刚', '杨帆', '赵强', '黄敏', '周杰', '吴涛']

const plans: Record<string, GovernancePlan> = {
  '29': {
    goal: '恢复3#球罐紧急切断功能并接入SIS系统，实现液位、压力超限自动切断',
    measures: '更换紧急切断阀及执行机构；新增SIS联锁回路并完成SIL验证；修订操作规程并培训',
    funds_wan_yuan: 185,
    people: '设备副总牵头，仪表车间、储运车间、安全环保部共12人',
    deadline: '',
    safety_measures: '3#球罐倒空停用并加盲板隔离；罐区设专人24小时巡检；可燃气体报警联动喷淋',
    contingency: '执行《液化石油气泄漏现场处置方案》，应急物资前置到罐区，每周开展一次桌面推演',
  },
  '30': {
    goal: '氯化工艺装置实现温度、压力、氯气流量自动控制和紧急停车联锁',
    measures: '新增DCS控制回路与紧急切断阀；设置反应釜温度与氯气进料联锁；完成HAZOP分析',
    funds_wan_yuan: 320,
    people: '总经理牵头，生产部、设备部、安全部及设计单位共20人',
    deadline: '',
    safety_measures: '改造期间降负荷运行，氯化岗位双人操作；关键参数人工记录每小时一次',
    contingency: '执行《液氯泄漏专项应急预案》，碱液吸收系统保持备用，专职消防队驻点',
  },
}

/**
 * Idempotent (fixed ids, ON CONFLICT DO NOTHING: events and audit only for records inserted now); needs the
 * seeded park. Run as the owner (`db.owner`) or in park scope. Returns the number of rows inserted.
 */
export async function seedHiddenDangersDemo(q: Queryable, now: number = Date.now()): Promise<number> {
  await q.query(`SELECT set_config('app.scope', 'park', true)`)
  const known = new Set((await q.query<{ id: string }>(`SELECT id FROM enterprises`)).rows.map((r) => r.id))
  if (!known.size) return 0
  const points = new Set((await q.query<{ id: string }>(`SELECT id FROM risk_points`)).rows.map((r) => r.id))
  const today = parkDay(now)
  const dayOf = (offset: number) =>
    new Date(Date.parse(`${today}T00:00:00Z`) + offset * day).toISOString().slice(0, 10)
  const at = (daysAgo: number) => new Date(now - daysAgo * day).toISOString()
  let n = 0
  for (const [i, r] of rows.entries()) {
    const [suffix, ent, title, category, grade, state, foundAgo, deadlineIn, point, location, extra] = r
    if (!known.has(ent)) continue
    const id = `HD-DEMO-${suffix}`
    const order = ['found', 'ordered', 'rectifying', 'acceptance_requested', 'closed'].indexOf(state)
    const deadline = deadlineIn === null ? null : dayOf(deadlineIn)
    const owner = deadline ? owners[i % owners.length]! : null
    const closedAgo = state === 'closed' ? extra! : null
    const sentBack = state === 'rectifying' && extra ? 1 : 0
    const plan = plans[suffix] ? { ...plans[suffix], deadline: dayOf((deadlineIn ?? 0) - 2) } : null
    const pointId = point && points.has(point) ? point : null
    const source = i % 3 === 0 ? 'park_inspection' : 'self_check'
    const foundBy = source === 'park_inspection' ? 'inspector' : `${ent.toLowerCase()}-safety`
    const listed = grade === 'major'
    // step times: ordered half a day after the finding, rectifying a day later, acceptance before closing
    const tOrder = foundAgo - 0.5
    const tStart = foundAgo - 1
    const tRequest = closedAgo !== null ? closedAgo + 0.5 : Math.max(0.1, foundAgo - 3)
    const onTime = closedAgo !== null && deadline ? parkDay(now - closedAgo * day) <= deadline : null
    const ins = await q.query(
      `INSERT INTO hidden_dangers (id, enterprise_id, title, description, location, geom, risk_point_id, grade,
                                   category, source, state, found_at, found_by, owner, deadline, requirement,
                                   ordered_by, ordered_at, rectification, governance_plan, listed_at, listed_by,
                                   listing_ref, regulator_approval, sent_back_count, closed_at, closed_by,
                                   closed_on_time, updated_by, updated_at)
       SELECT $1, $2, $3, $4, $5, (SELECT geom FROM risk_points WHERE id = $6), $6, $7, $8, $9, $10, $11, $12, $13,
              $14, $15, $16, $17, $18, $19, $20, $21, $22, NULL, $23, $24, $25, $26, 'seed', now()
       ON CONFLICT DO NOTHING`,
      [
        id,
        ent,
        title,
        `${source === 'park_inspection' ? '园区安全检查' : '企业自查'}发现：${title}。`,
        location,
        pointId,
        grade,
        category,
        source,
        state,
        at(foundAgo),
        foundBy,
        owner,
        deadline,
        order >= 1 ? `${grade === 'major' ? '制定治理方案，' : ''}限期整改到位并提交整改报告` : null,
        order >= 1 ? 'inspector' : null,
        order >= 1 ? at(tOrder) : null,
        order >= 3 ? '已按整改要求完成整改，附整改前后照片' : null,
        plan ? JSON.stringify(plan) : null,
        listed ? at(tOrder - 0.5) : null,
        listed ? 'inspector' : null,
        listed ? `园安督〔${today.slice(0, 4)}〕${suffix}号` : null,
        sentBack,
        closedAgo !== null ? at(closedAgo) : null,
        closedAgo !== null ? 'inspector' : null,
        onTime,
      ],
    )
    if (!ins.rowCount) continue
    n += ins.rowCount
    const ev = async (
      action: string,
      from: HdState | null,
      to: HdState,
      daysAgo: number,
      actor: string,
      role: string,
      note: string | null,
      detail: Record<string, unknown> = {},
    ) => {
      await q.query(
        `INSERT INTO hidden_danger_events (hidden_danger_id, enterprise_id, action, from_state, to_state, actor,
                                           actor_role, note, detail, at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [id, ent, action, from, to, actor, role, note, JSON.stringify(detail), at(daysAgo)],
      )
      n++
    }
    const entUser = `${ent.toLowerCase()}-safety`
    const reporterRole = source === 'park_inspection' ? 'operator' : 'enterprise_user'
    await ev('report', null, 'found', foundAgo, foundBy, reporterRole, null, { grade, source })
    if (order >= 1)
      await ev('order', 'found', 'ordered', tOrder, 'inspector', 'operator', '限期整改到位并提交整改报告', {
        owner,
        deadline,
        grade,
      })
    if (plan) {
      await ev('plan', 'ordered', 'ordered', tOrder - 0.2, entUser, 'enterprise_user', plan.goal, {
        deadline: plan.deadline,
        funds_wan_yuan: plan.funds_wan_yuan,
      })
      await ev('supervise', 'ordered', 'ordered', tOrder - 0.5, 'inspector', 'operator', '列入园区挂牌督办', {
        listing_ref: `园安督〔${today.slice(0, 4)}〕${suffix}号`,
      })
    }
    if (order >= 2) await ev('start', 'ordered', 'rectifying', tStart, entUser, 'enterprise_user', null)
    if (sentBack) {
      await ev(
        'request_acceptance',
        'rectifying',
        'acceptance_requested',
        tStart - 2,
        entUser,
        'enterprise_user',
        '规程已修订',
      )
      await ev(
        'send_back',
        'acceptance_requested',
        'rectifying',
        tStart - 3,
        'inspector',
        'operator',
        '修订后的规程未经审批发布，且未组织培训',
      )
    }
    if (order >= 3)
      await ev(
        'request_acceptance',
        'rectifying',
        'acceptance_requested',
        tRequest,
        entUser,
        'enterprise_user',
        '已按整改要求完成整改，附整改前后照片',
      )
    if (closedAgo !== null)
      await ev(
        'verify',
        'acceptance_requested',
        'closed',
        closedAgo,
        'inspector',
        'operator',
        '现场复查合格，同意销号',
        {
          on_time: onTime,
        },
      )
  }
  return n
}
