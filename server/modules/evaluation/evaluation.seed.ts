import { defaultGradeBands, gradeOfTenths, toTenths } from '../../contracts/evaluation'
import type { Queryable } from '../../platform/db/db'
import { defaultChecklist } from './checklist-2023'
import {
  checklistIsEmpty,
  findEvaluation,
  insertEvaluation,
  setEvidence,
  updateScore,
  upsertElement,
  upsertItem,
  visibleDocuments,
} from './evaluation.repository'

// The default checklist (loaded once into an empty checklist: the park's edits are never undone) and the demo
// evaluations: 2025 approved (79.5 → C) and 2026 as a draft with deductions, advice and the next-year plan
// (84.5 → C, 0.5 below D; four items worse than 2025). Evidence links point at the seeded park documents
// (documents.seed.ts) when they exist.

/** Loads the default checklist when the park has none. Returns the number of items inserted. */
export async function ensureEvaluationChecklist(q: Queryable): Promise<number> {
  await q.query(`SELECT set_config('app.scope', 'park', true)`)
  if (!(await checklistIsEmpty(q))) return 0
  let n = 0
  for (const e of defaultChecklist.elements) {
    await upsertElement(
      q,
      {
        id: e.id,
        seq: e.seq,
        name: e.name,
        name_en: e.name_en ?? null,
        max_tenths: toTenths(e.max_points)!,
        confirmed: e.confirmed,
        note: e.note,
      },
      'seed',
    )
    for (const i of e.items) {
      await upsertItem(
        q,
        {
          id: i.id,
          element_id: e.id,
          seq: i.seq,
          item_no: i.item_no,
          content: i.content,
          content_en: i.content_en ?? null,
          scoring: i.scoring,
          evidence: i.evidence,
          max_tenths: toTenths(i.max_points)!,
          active: i.active,
        },
        'seed',
      )
      n++
    }
  }
  return n
}

/** score, then for a deduction: finding, advice, measure, owner, deadline */
type SeedScore = [number] | [number, string, string, string, string, string]

const scores2025: Record<string, SeedScore> = {
  'EL01-1': [4],
  'EL01-2': [3],
  'EL01-3': [
    1.5,
    '园区安全监管局专职安全监管人员4人，低于核定编制7人',
    '按核定编制补齐专职安全监管人员，优先配备化工专业人员',
    '公开招聘3名化工安全专业人员',
    '园区管委会人事处',
    '2025-12-31',
  ],
  'EL02-1': [6],
  'EL02-2': [6],
  'EL02-3': [
    4,
    '2处居民点位于E02汽油罐区外部安全防护距离内',
    '制定搬迁或风险削减方案，报属地政府实施',
    '实施西侧两处居民点搬迁',
    '园区规划建设局',
    '2026-10-31',
  ],
  'EL02-4': [6],
  'EL02-5': [
    3,
    'E08港储罐区与园区污水处理厂间距偏小',
    '开展专项论证，必要时调整污水处理厂扩建选址',
    '完成间距专项安全论证',
    '园区安全监管局',
    '2025-09-30',
  ],
  'EL02-6': [4],
  'EL02-7': [
    2,
    '危化品车辆专用停车场尚未投用',
    '加快停车场建设与验收',
    '停车场竣工验收并投入使用',
    '园区交通运输局',
    '2025-06-30',
  ],
  'EL03-1': [6],
  'EL03-2': [
    4,
    '1个改扩建项目安全设施设计专篇未经审查即开工',
    '严格执行项目安全审查，建立开工前核查制度',
    '建立项目开工前"三同时"核查清单',
    '园区安全监管局',
    '2025-08-31',
  ],
  'EL04-1': [5],
  'EL04-2': [
    3,
    '公共管廊二期与危废焚烧处置设施未建成',
    '纳入年度重点工程，明确建设时限',
    '公共管廊二期开工建设',
    '园区建设发展公司',
    '2025-12-31',
  ],
  'EL04-3': [4],
  'EL05-1': [
    3,
    '平台视频与封闭化数据接入不全，运行不稳定',
    '完成全部卡口与企业数据接入，建立运行考核',
    '完成平台二期接入并开展双月运行考核',
    '园区智慧管理中心',
    '2025-12-31',
  ],
  'EL05-2': [
    3,
    '南侧两个卡口未纳入封闭化管理',
    '补建卡口设施并联网',
    '南卡口建设并联网运行',
    '园区交通运输局',
    '2025-10-31',
  ],
  'EL06-1': [
    5,
    '1项重大隐患整改逾期',
    '实行挂牌督办，按治理方案限期整改',
    '重大隐患挂牌督办并月度调度',
    '园区安全监管局',
    '2025-06-30',
  ],
  'EL06-2': [7],
}

const scores2026: Record<string, SeedScore> = {
  'EL01-1': [4],
  'EL01-2': [3],
  'EL01-3': [3],
  'EL02-1': [6],
  'EL02-2': [6],
  'EL02-3': [
    6,
    '1处居民点位于E02汽油罐区外部安全防护距离内（西侧一处已搬迁）',
    '完成剩余居民点搬迁，搬迁前落实罐区风险削减措施',
    '完成东侧居民点搬迁安置',
    '园区规划建设局',
    '2027-09-30',
  ],
  'EL02-4': [
    3,
    '整体性安全风险评估报告将于近期到期，更新工作尚未启动',
    '立即委托有资质机构开展新一轮整体性安全风险评估',
    '完成新一轮整体性安全风险评估并通过专家评审',
    '园区安全监管局',
    '2027-06-30',
  ],
  'EL02-5': [4],
  'EL02-6': [4],
  'EL02-7': [4],
  'EL03-1': [6],
  'EL03-2': [6],
  'EL04-1': [5],
  'EL04-2': [
    4,
    '危废焚烧处置设施仍在建设',
    '督促建设单位按期建成并投运',
    '危废焚烧处置设施建成投运',
    '园区建设发展公司',
    '2027-06-30',
  ],
  'EL04-3': [
    2,
    '东区应急物资储备库物资未按标准补充，避难场所标识缺失',
    '按应急物资储备标准补充物资，完善避难场所标识',
    '东区物资库补库并完成避难场所标识改造',
    '园区应急管理局',
    '2027-03-31',
  ],
  'EL05-1': [6],
  'EL05-2': [6],
  'EL06-1': [
    3,
    '2项重大隐患整改逾期，其中1项已挂牌督办',
    '逐项落实治理方案，逾期隐患实行约谈和挂牌督办',
    '重大隐患逾期整改专项攻坚，按月通报',
    '园区安全监管局',
    '2027-03-31',
  ],
  'EL06-2': [
    3.5,
    '园区综合预案全年未组织综合演练，防汛专项预案演练逾期',
    '制定年度演练计划，组织综合演练和防汛专项演练',
    '组织园区综合应急演练和防汛专项演练各一次',
    '园区应急管理局',
    '2027-06-30',
  ],
}

const evidence: Record<string, string[]> = {
  'EL01-1': ['DOC-PARK-POLICY-123'],
  'EL01-2': ['DOC-PARK-PLAN'],
  'EL02-2': ['DOC-PARK-PLAN'],
  'EL02-3': ['DOC-PARK-RISK'],
  'EL02-4': ['DOC-PARK-RISK'],
}

async function seedYear(q: Queryable, year: number, s: Record<string, SeedScore>): Promise<string | null> {
  if (await findEvaluation(q, year)) return null
  const id = `EV-${year}`
  await insertEvaluation(
    q,
    {
      id,
      year,
      summary:
        year === 2025
          ? '2025年度园区安全风险排查治理自评估：设立、选址及规划要素基本符合要求，专职监管力量与封闭化管理存在差距。'
          : '2026年度自评估（草稿）：整体性安全风险评估即将到期、应急演练与重大隐患整改存在退步，需重点整改。',
    },
    'seed',
  )
  const docs = await visibleDocuments(q, [...new Set(Object.values(evidence).flat())])
  for (const [item, v] of Object.entries(s)) {
    const [score, finding, advice, measure, owner, deadline] = v
    await updateScore(
      q,
      id,
      item,
      {
        score_tenths: toTenths(score)!,
        // options items: the option whose points match
        option_key: null,
        finding: finding ?? null,
        advice: advice ?? null,
        plan_measure: measure ?? null,
        plan_owner: owner ?? null,
        plan_deadline: deadline ?? null,
      },
      'seed',
    )
    const ev = (evidence[item] ?? []).filter((d) => docs.has(d))
    if (ev.length) await setEvidence(q, id, item, ev, 'seed')
  }
  await q.query(
    `UPDATE evaluation_scores s
        SET option_key = (SELECT o->>'key' FROM jsonb_array_elements(s.scoring->'options') o
                           WHERE round((o->>'points')::numeric * 10)::int = s.score_tenths LIMIT 1)
      WHERE s.evaluation_id = $1 AND s.scoring->>'method' = 'options'`,
    [id],
  )
  return id
}

/**
 * Idempotent (an existing year is left alone); loads the checklist first when it is empty. Run as the owner
 * (`db.owner`) or in park scope. Returns the number of evaluations inserted.
 */
export async function seedEvaluationDemo(q: Queryable): Promise<number> {
  await ensureEvaluationChecklist(q)
  let n = 0
  const y2025 = await seedYear(q, 2025, scores2025)
  if (y2025) {
    const total = Object.values(scores2025).reduce((s, v) => s + toTenths(v[0])!, 0)
    const grade = gradeOfTenths(total, defaultGradeBands)
    await q.query(
      `UPDATE park_evaluations SET status = 'approved', submitted_by = 'seed', submitted_at = '2026-01-15T02:00:00Z',
              approved_by = 'admin', approved_at = '2026-01-20T02:00:00Z', total_tenths = $2, grade = $3,
              created_at = '2025-12-01T02:00:00Z'
        WHERE id = $1`,
      [y2025, total, grade],
    )
    n++
  }
  if (await seedYear(q, 2026, scores2026)) n++
  return n
}
