import { parkDay } from '../../contracts/emergency-plans'
import type { InspectionKind, PenaltyStatus, PenaltyType } from '../../contracts/enforcement'
import type { Queryable } from '../../platform/db/db'
import { putBlob } from '../../platform/files/blobs'
import { textPdf } from '../../platform/files/pdf'
import { insertDocument, insertVersion } from '../documents/documents.repository'
import { rectifiedOnTime } from './enforcement-workflow'
import {
  insertInspection,
  insertNotice,
  insertPenalty,
  insertPlan,
  insertRecord,
  insertReinspection,
  updateNotice,
} from './enforcement.repository'

// Demo enforcement ledger (执法台账) for the seeded park: two inspection plans, 20 inspection records over the last
// five months, five administrative penalties in every status, and nine rectification notices — closed on time, closed
// late, closed after a failed re-inspection, awaiting re-inspection, open, and two overdue (the alarms). Closed
// notices have their evidence: one-page PDFs in the document store owned by the enterprise. Dates are relative to the
// first seeding.

const inspectors = [
  ['张卫国', '李建华'],
  ['王海峰', '陈晓东'],
  ['刘志强', '赵敏'],
] as const

const basis = '《中华人民共和国安全生产法》第六十五条'

/** [id, enterprise, days ago, kind, issues, findings] */
const inspections: [string, string, number, InspectionKind, number, string][] = [
  [
    'INS-DEMO-01',
    'E01',
    125,
    'planned',
    3,
    '液氯储罐区可燃有毒气体报警器2台未按期标定；应急喷淋未定期试验；作业票证填写不规范。',
  ],
  ['INS-DEMO-02', 'E02', 105, 'special', 2, '加氢装置安全阀校验过期；动火作业现场未配置监护人。'],
  ['INS-DEMO-03', 'E03', 95, 'planned', 2, '液氨罐区围堰排水阀常开；操作规程未及时修订。'],
  ['INS-DEMO-04', 'E04', 80, 'planned', 1, '环氧乙烷卸车鹤位静电接地报警器失效。'],
  ['INS-DEMO-05', 'E05', 30, 'special', 2, '硝化釜温度联锁被旁路，无审批记录；DCS报警记录未定期分析。'],
  ['INS-DEMO-06', 'E07', 50, 'complaint', 2, '溶剂仓库超量储存；防爆电气设施损坏。'],
  ['INS-DEMO-07', 'E12', 35, 'planned', 1, '磺化工段SIS联锁回路未按期测试。'],
  [
    'INS-DEMO-08',
    'E16',
    75,
    'planned',
    3,
    '光气化装置应急预案未演练；重大危险源包保责任人未履职；安全培训记录缺失。',
  ],
  ['INS-DEMO-09', 'E08', 20, 'planned', 1, '甲醇储罐呼吸阀阻火器未定期检查。'],
  ['INS-DEMO-10', 'E06', 140, 'planned', 0, '未发现问题。'],
  ['INS-DEMO-11', 'E09', 132, 'planned', 0, '未发现问题。'],
  ['INS-DEMO-12', 'E10', 118, 'other', 0, '未发现问题。'],
  ['INS-DEMO-13', 'E11', 110, 'planned', 1, '新建装置试生产方案未报备（已现场整改）。'],
  ['INS-DEMO-14', 'E13', 88, 'planned', 0, '未发现问题。'],
  ['INS-DEMO-15', 'E14', 70, 'special', 1, '受限空间作业气体分析超时（已现场整改）。'],
  ['INS-DEMO-16', 'E15', 62, 'planned', 0, '未发现问题。'],
  ['INS-DEMO-17', 'E17', 45, 'planned', 0, '未发现问题。'],
  ['INS-DEMO-18', 'E18', 40, 'special', 1, '码头装卸臂紧急切断阀未定期测试（已现场整改）。'],
  ['INS-DEMO-19', 'E19', 14, 'planned', 0, '未发现问题。'],
  ['INS-DEMO-20', 'E02', 8, 'planned', 0, '复查前次检查问题，已整改完毕。'],
]

/** [id, enterprise, inspection, number, type, amount, status, decided ago, executed ago] */
const penalties: [
  string,
  string,
  string,
  string,
  PenaltyType,
  number | null,
  PenaltyStatus,
  number,
  number | null,
][] = [
  ['PEN-DEMO-01', 'E02', 'INS-DEMO-02', '江海应急罚〔2025〕11号', 'fine', 50000, 'executed', 100, 80],
  ['PEN-DEMO-02', 'E16', 'INS-DEMO-08', '江海应急罚〔2025〕15号', 'fine', 30000, 'decided', 70, null],
  ['PEN-DEMO-03', 'E07', 'INS-DEMO-06', '江海应急罚〔2025〕17号', 'warning', null, 'executed', 48, 48],
  [
    'PEN-DEMO-04',
    'E05',
    'INS-DEMO-05',
    '江海应急罚〔2025〕21号',
    'suspension',
    null,
    'under_review',
    28,
    null,
  ],
  ['PEN-DEMO-05', 'E01', 'INS-DEMO-01', '江海应急罚〔2025〕09号', 'fine', 20000, 'decided', 120, null],
]

interface SeedRecord {
  /** days ago */
  completed: number
  evidence: boolean
  /** re-inspection days ago and result, when re-inspected */
  reinspect?: [number, 'passed' | 'failed', number?]
}

interface SeedNotice {
  id: string
  enterprise: string
  inspection: string
  number: string
  items: string[]
  issued: number
  /** days from today (negative: past) */
  deadline: number
  records: SeedRecord[]
}

const notices: SeedNotice[] = [
  {
    id: 'RN-DEMO-01',
    enterprise: 'E01',
    inspection: 'INS-DEMO-01',
    number: '江海应急责改〔2025〕031号',
    items: ['液氯储罐区可燃有毒气体报警器标定', '应急喷淋系统试验并建立记录', '作业票证培训'],
    issued: 124,
    deadline: -94,
    records: [{ completed: 98, evidence: true, reinspect: [92, 'passed'] }],
  },
  {
    id: 'RN-DEMO-02',
    enterprise: 'E02',
    inspection: 'INS-DEMO-02',
    number: '江海应急责改〔2025〕036号',
    items: ['加氢装置安全阀送检校验', '动火作业监护人配置'],
    issued: 104,
    deadline: -74,
    // completed after the deadline: closed, not on time
    records: [{ completed: 66, evidence: true, reinspect: [60, 'passed'] }],
  },
  {
    id: 'RN-DEMO-03',
    enterprise: 'E03',
    inspection: 'INS-DEMO-03',
    number: '江海应急责改〔2025〕038号',
    items: ['液氨罐区围堰排水阀常闭管理', '修订液氨装卸操作规程'],
    issued: 94,
    deadline: -64,
    records: [
      // the first record had no evidence: sent back with a new deadline
      { completed: 66, evidence: false, reinspect: [63, 'failed', -45] },
      { completed: 50, evidence: true, reinspect: [47, 'passed'] },
    ],
  },
  {
    id: 'RN-DEMO-04',
    enterprise: 'E04',
    inspection: 'INS-DEMO-04',
    number: '江海应急责改〔2025〕041号',
    items: ['更换卸车鹤位静电接地报警器'],
    issued: 79,
    deadline: -64,
    records: [{ completed: 70, evidence: true, reinspect: [68, 'passed'] }],
  },
  {
    id: 'RN-DEMO-05',
    enterprise: 'E07',
    inspection: 'INS-DEMO-06',
    number: '江海应急责改〔2025〕045号',
    items: ['清理溶剂仓库超量物料', '更换损坏防爆电气设施'],
    issued: 49,
    deadline: -5,
    records: [],
  },
  {
    id: 'RN-DEMO-06',
    enterprise: 'E16',
    inspection: 'INS-DEMO-08',
    number: '江海应急责改〔2025〕043号',
    items: ['组织光气化装置应急预案演练', '落实重大危险源包保责任', '补齐安全培训记录'],
    issued: 74,
    deadline: -44,
    records: [{ completed: 40, evidence: true, reinspect: [36, 'failed', -20] }],
  },
  {
    id: 'RN-DEMO-07',
    enterprise: 'E05',
    inspection: 'INS-DEMO-05',
    number: '江海应急责改〔2025〕052号',
    items: ['恢复硝化釜温度联锁并建立联锁旁路审批制度', '定期分析DCS报警记录'],
    issued: 29,
    deadline: 10,
    records: [],
  },
  {
    id: 'RN-DEMO-08',
    enterprise: 'E12',
    inspection: 'INS-DEMO-07',
    number: '江海应急责改〔2025〕050号',
    items: ['完成磺化工段SIS联锁回路测试'],
    issued: 34,
    deadline: 3,
    records: [{ completed: 4, evidence: true }],
  },
  {
    id: 'RN-DEMO-09',
    enterprise: 'E08',
    inspection: 'INS-DEMO-09',
    number: '江海应急责改〔2025〕055号',
    items: ['甲醇储罐呼吸阀阻火器检查并建立台账'],
    issued: 19,
    deadline: 20,
    records: [],
  },
]

const shift = (today: string, days: number) =>
  new Date(Date.parse(`${today}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)

async function evidenceDocument(q: Queryable, n: SeedNotice, index: number, day: string): Promise<string> {
  const id = `DOC-${n.id}-EV${index + 1}`
  if ((await q.query('SELECT 1 FROM documents WHERE id = $1', [id])).rowCount) return id
  const title = `${n.number}整改完成情况报告（含整改前后照片）`
  await insertDocument(
    q,
    {
      id,
      enterprise_id: n.enterprise,
      owner_type: 'enterprise',
      owner_id: n.enterprise,
      doc_type: 'other',
      title,
      doc_number: null,
      tags: ['整改证据'],
      public: false,
    },
    'seed',
  )
  const bytes = textPdf({
    title,
    lines: [
      ...n.items.map((item, i) => `${i + 1}. ${item}：已完成`),
      `完成日期：${day}`,
      'ChemPark Twin demo',
    ],
  })
  const blob = await putBlob(q, { bytes, mime: 'application/pdf', enterpriseId: n.enterprise })
  await insertVersion(
    q,
    {
      id: id.replace(/^DOC-/, 'DV-') + '-V1',
      document_id: id,
      enterprise_id: n.enterprise,
      version: 1,
      blob_id: blob.id,
      filename: `${n.id}-evidence-${index + 1}.pdf`,
      mime: 'application/pdf',
      file_kind: 'pdf',
      size_bytes: blob.size,
      sha256: blob.sha256,
      issued_on: day,
      expires_on: null,
      note: null,
      uploaded_at: new Date(Date.parse(`${day}T08:00:00Z`)).toISOString(),
    },
    'seed',
  )
  return id
}

/**
 * Idempotent (fixed ids; what exists is left alone); needs the seeded park (enterprises). Run as the owner
 * (`db.owner`) or in park scope. Returns the number of rows (plans, inspections, penalties, notices) inserted.
 */
export async function seedEnforcementDemo(q: Queryable, now: number = Date.now()): Promise<number> {
  await q.query(`SELECT set_config('app.scope', 'park', true)`)
  const today = parkDay(now)
  const known = new Set((await q.query<{ id: string }>('SELECT id FROM enterprises')).rows.map((r) => r.id))
  const exists = async (table: string, id: string) =>
    ((await q.query(`SELECT 1 FROM ${table} WHERE id = $1`, [id])).rowCount ?? 0) > 0
  let n = 0

  const quarterStart = shift(today, -150)
  for (const p of [
    {
      id: 'IP-DEMO-ROUTINE',
      title: '园区危险化学品企业安全生产执法检查计划（半年度）',
      period_from: quarterStart,
      period_to: shift(today, 30),
      targets: [...known].filter((e) => e <= 'E19').sort(),
      inspectors: ['张卫国', '李建华', '王海峰', '陈晓东', '刘志强', '赵敏'],
      focus: '重大危险源管控、特殊作业、自动化控制系统、应急管理',
    },
    {
      id: 'IP-DEMO-MAJOR',
      title: '重大危险源企业专项执法检查',
      period_from: shift(today, -110),
      period_to: shift(today, -20),
      targets: ['E01', 'E02', 'E05', 'E16'].filter((e) => known.has(e)),
      inspectors: ['王海峰', '陈晓东'],
      focus: '重大危险源包保责任、SIS联锁、可燃有毒气体检测报警',
    },
  ]) {
    if (await exists('inspection_plans', p.id)) continue
    await insertPlan(q, p, 'seed')
    n++
  }

  for (const [i, [id, e, ago, kind, issues, findings]] of inspections.entries()) {
    if (!known.has(e) || (await exists('inspections', id))) continue
    await insertInspection(
      q,
      {
        id,
        enterprise_id: e,
        plan_id: kind === 'special' ? 'IP-DEMO-MAJOR' : kind === 'planned' ? 'IP-DEMO-ROUTINE' : null,
        inspected_on: shift(today, -ago),
        inspectors: [...inspectors[i % inspectors.length]!],
        kind,
        findings,
        legal_basis: issues ? basis : null,
        issues_found: issues,
      },
      'seed',
    )
    n++
  }

  for (const [id, e, ins, no, type, amount, status, ago, executedAgo] of penalties) {
    if (!known.has(e) || (await exists('penalties', id))) continue
    await insertPenalty(
      q,
      {
        id,
        enterprise_id: e,
        inspection_id: ins,
        decision_no: no,
        penalty_type: type,
        amount_yuan: amount,
        legal_basis: '《中华人民共和国安全生产法》第一百零一条',
        facts: inspections.find((x) => x[0] === ins)?.[5] ?? '',
        decided_on: shift(today, -ago),
        document_id: null,
        status,
        executed_on: executedAgo === null ? null : shift(today, -executedAgo),
      },
      'seed',
    )
    n++
  }

  for (const s of notices) {
    if (!known.has(s.enterprise) || (await exists('rectification_notices', s.id))) continue
    await insertNotice(
      q,
      {
        id: s.id,
        enterprise_id: s.enterprise,
        inspection_id: s.inspection,
        notice_no: s.number,
        items: s.items,
        legal_basis: basis,
        issued_on: shift(today, -s.issued),
        issued_by: '江海化工园区安全生产监督管理局',
        deadline: shift(today, s.deadline),
      },
      'seed',
    )
    let deadline = shift(today, s.deadline)
    let state: 'issued' | 'submitted' | 'closed' = 'issued'
    let sentBack = 0
    let closedOn: string | null = null
    let onTime: boolean | null = null
    for (const [i, r] of s.records.entries()) {
      const completed = shift(today, -r.completed)
      const evidence = r.evidence ? [await evidenceDocument(q, s, i, completed)] : []
      const recordId = await insertRecord(
        q,
        {
          notice_id: s.id,
          enterprise_id: s.enterprise,
          measures: `已按要求完成整改：${s.items.join('；')}。`,
          completed_on: completed,
          evidence,
        },
        `${s.enterprise.toLowerCase()}_safety`,
        new Date(Date.parse(`${completed}T09:00:00Z`)).toISOString(),
      )
      state = 'submitted'
      if (!r.reinspect) continue
      const [ago, result, newDeadline] = r.reinspect
      await insertReinspection(
        q,
        {
          notice_id: s.id,
          enterprise_id: s.enterprise,
          record_id: recordId,
          inspected_on: shift(today, -ago),
          inspectors: ['张卫国', '李建华'],
          result,
          opinion: result === 'passed' ? '整改措施落实到位，同意销案。' : '整改证据不足，退回重新整改。',
        },
        'seed',
      )
      if (result === 'passed') {
        state = 'closed'
        closedOn = shift(today, -ago)
        onTime = rectifiedOnTime(completed, deadline)
      } else {
        state = 'issued'
        sentBack++
        if (newDeadline !== undefined) deadline = shift(today, newDeadline)
      }
    }
    await updateNotice(
      q,
      s.id,
      { state, deadline, sent_back_count: sentBack, closed_on: closedOn, closed_on_time: onTime },
      'seed',
    )
    n++
  }
  return n
}
