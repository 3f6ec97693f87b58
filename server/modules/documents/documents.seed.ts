import { documentTypeNames, type DocumentType, type OwnerType } from '../../contracts/documents'
import { parkDay } from '../../contracts/emergency-plans'
import type { Queryable } from '../../platform/db/db'
import { putBlob } from '../../platform/files/blobs'
import { textPdf } from '../../platform/files/pdf'
import { insertDocument, insertVersion } from './documents.repository'

// Demo documents for the seeded park: real one-page PDFs (server/platform/files/pdf.ts) for the park's planning,
// assessment, policy and rules, licences (安全生产许可证, 排污许可证), assessment reports, approvals, acceptances and
// 三同时 records of several enterprises, and inspection reports of a few tanks and tank farms. Dates are relative
// to the first seeding so reminders and the compliance dashboard have something to show: E01's safety licence
// expires in 20 days, E03's in 5, E02's expired 10 days ago, E05's pollutant permit in 60 days.

interface SeedDoc {
  id: string
  owner: OwnerType
  ownerId: string
  enterprise: string | null
  type: DocumentType
  title: string
  number?: string
  tags: string[]
  /** days from today; null: no expiry */
  expiresIn: number | null
  /** days before today it was issued */
  issuedAgo: number
  /** an older version, superseded (history) */
  previous?: { expiresIn: number | null; issuedAgo: number }
}

const enterpriseNames: Record<string, string> = {
  E01: '江海氯碱化工有限公司',
  E02: '江海石油化工有限公司',
  E03: '江海瑞丰化肥有限公司',
  E04: '江海恒昌环氧化工有限公司',
  E05: '江海禾丰农化有限公司',
  E06: '江海康瑞医药化工有限公司',
  E07: '江海嘉彩涂料有限公司',
  E08: '江海港储物流有限公司',
}

function seedDocs(): SeedDoc[] {
  const docs: SeedDoc[] = [
    {
      id: 'DOC-PARK-PLAN',
      owner: 'park',
      ownerId: 'park',
      enterprise: null,
      type: 'planning',
      title: '江海化工园区总体发展规划（2021—2035）',
      tags: ['总体规划'],
      expiresIn: null,
      issuedAgo: 900,
    },
    {
      id: 'DOC-PARK-RISK',
      owner: 'park',
      ownerId: 'park',
      enterprise: null,
      type: 'assessment',
      title: '江海化工园区整体性安全风险评估报告',
      number: '苏应急评〔2024〕18号',
      tags: ['安全风险评估', '园区'],
      expiresIn: 25,
      issuedAgo: 1070,
    },
    {
      id: 'DOC-PARK-POLICY-123',
      owner: 'park',
      ownerId: 'park',
      enterprise: null,
      type: 'policy',
      title: '化工园区安全风险排查治理导则（应急〔2023〕123号）',
      number: '应急〔2023〕123号',
      tags: ['导则', '风险排查'],
      expiresIn: null,
      issuedAgo: 800,
    },
    {
      id: 'DOC-PARK-RULE-HOTWORK',
      owner: 'park',
      ownerId: 'park',
      enterprise: null,
      type: 'rule',
      title: '园区特殊作业安全管理制度',
      tags: ['特殊作业', 'GB 30871'],
      expiresIn: 400,
      issuedAgo: 330,
      previous: { expiresIn: -35, issuedAgo: 1100 },
    },
  ]
  const ents = Object.keys(enterpriseNames)
  const licenceExpiry: Record<string, number> = { E01: 20, E02: -10, E03: 5 }
  for (const [i, e] of ents.entries()) {
    docs.push({
      id: `DOC-${e}-SAFETY-LIC`,
      owner: 'enterprise',
      ownerId: e,
      enterprise: e,
      type: 'licence',
      title: `${enterpriseNames[e]}危险化学品安全生产许可证`,
      number: `(苏)WH安许证字〔F0${10 + i}〕`,
      tags: ['安全生产许可证', '危险化学品'],
      expiresIn: licenceExpiry[e] ?? 300 + i * 90,
      issuedAgo: 1095 - (licenceExpiry[e] ?? 300 + i * 90),
      previous: i < 2 ? { expiresIn: -(1095 - (licenceExpiry[e] ?? 0)), issuedAgo: 2190 } : undefined,
    })
    docs.push({
      id: `DOC-${e}-PERMIT`,
      owner: 'enterprise',
      ownerId: e,
      enterprise: e,
      type: 'licence',
      title: `${enterpriseNames[e]}排污许可证`,
      number: `91320600MA${e}PW001`,
      tags: ['排污许可', '环保'],
      expiresIn: e === 'E05' ? 60 : 700 + i * 30,
      issuedAgo: 1825 - (e === 'E05' ? 60 : 700 + i * 30),
    })
    if (i < 5)
      docs.push({
        id: `DOC-${e}-SAFETY-EVAL`,
        owner: 'enterprise',
        ownerId: e,
        enterprise: e,
        type: 'assessment',
        title: `${enterpriseNames[e]}安全现状评价报告`,
        tags: ['安全评价'],
        expiresIn: e === 'E04' ? -40 : 200 + i * 60,
        issuedAgo: 1095 - (e === 'E04' ? -40 : 200 + i * 60),
      })
  }
  docs.push(
    {
      id: 'DOC-E04-3S-EPOXY',
      owner: 'project',
      ownerId: 'PRJ-E04-EPOXY2',
      enterprise: 'E04',
      type: 'three_simultaneities',
      title: '年产5万吨环氧树脂扩建项目安全设施“三同时”竣工验收报告',
      tags: ['三同时', '扩建项目'],
      expiresIn: null,
      issuedAgo: 120,
    },
    {
      id: 'DOC-E02-APPROVAL-EIA',
      owner: 'enterprise',
      ownerId: 'E02',
      enterprise: 'E02',
      type: 'approval',
      title: '关于江海石油化工有限公司罐区改造项目环境影响报告书的批复',
      number: '通环审〔2025〕42号',
      tags: ['环评批复'],
      expiresIn: null,
      issuedAgo: 300,
    },
    {
      id: 'DOC-T-E01-01-INSPECT',
      owner: 'asset',
      ownerId: 'T-E01-01',
      enterprise: 'E01',
      type: 'acceptance',
      title: '1#液氯储罐定期检验报告',
      tags: ['压力容器', '定期检验'],
      expiresIn: 45,
      issuedAgo: 320,
    },
    {
      id: 'DOC-F-E01-1-LIGHTNING',
      owner: 'asset',
      ownerId: 'F-E01-1',
      enterprise: 'E01',
      type: 'acceptance',
      title: '液氯罐区防雷防静电检测报告',
      tags: ['防雷检测'],
      expiresIn: 150,
      issuedAgo: 215,
    },
    {
      id: 'DOC-T-E02-01-INSPECT',
      owner: 'asset',
      ownerId: 'T-E02-01',
      enterprise: 'E02',
      type: 'acceptance',
      title: '储罐全面检验报告',
      tags: ['储罐检验'],
      expiresIn: -5,
      issuedAgo: 1100,
    },
    {
      id: 'DOC-T-E03-01-PLAN',
      owner: 'asset',
      ownerId: 'T-E03-01',
      enterprise: 'E03',
      type: 'emergency_plan',
      title: '液氨储罐泄漏现场处置方案（文本）',
      tags: ['液氨', '现场处置'],
      expiresIn: 500,
      issuedAgo: 600,
    },
  )
  return docs
}

const shift = (today: string, days: number) =>
  new Date(Date.parse(`${today}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)

/**
 * Idempotent (fixed ids; an existing document is left alone); needs the seeded park (enterprises, assets). Run as
 * the owner (`db.owner`) or in park scope. Returns the number of documents inserted.
 */
export async function seedDocumentsDemo(q: Queryable, now: number = Date.now()): Promise<number> {
  await q.query(`SELECT set_config('app.scope', 'park', true)`)
  const today = parkDay(now)
  const owners = new Set(
    (await q.query<{ id: string }>('SELECT id FROM assets UNION ALL SELECT id FROM enterprises')).rows.map(
      (r) => r.id,
    ),
  )
  let inserted = 0
  for (const d of seedDocs()) {
    if (d.owner !== 'park' && d.owner !== 'project' && !owners.has(d.ownerId)) continue
    if ((await q.query('SELECT 1 FROM documents WHERE id = $1', [d.id])).rowCount) continue
    await insertDocument(
      q,
      {
        id: d.id,
        enterprise_id: d.enterprise,
        owner_type: d.owner,
        owner_id: d.ownerId,
        doc_type: d.type,
        title: d.title,
        doc_number: d.number ?? null,
        tags: d.tags,
        public: d.enterprise === null && (d.type === 'policy' || d.type === 'rule'),
      },
      'seed',
    )
    const versions = d.previous ? [d.previous, d] : [d]
    for (const [i, v] of versions.entries()) {
      const issued = shift(today, -v.issuedAgo)
      const expires = v.expiresIn === null ? null : shift(today, v.expiresIn)
      const type = documentTypeNames[d.type]
      const bytes = textPdf({
        title: d.title,
        lines: [
          `${type.zh} / ${type.en}`,
          ...(d.number ? [`文号：${d.number}`] : []),
          `发证（印发）日期：${issued}`,
          `有效期至：${expires ?? '长期'}`,
          `版本：第 ${i + 1} 版`,
          'ChemPark Twin demo document',
        ],
      })
      const blob = await putBlob(q, { bytes, mime: 'application/pdf', enterpriseId: d.enterprise })
      await insertVersion(
        q,
        {
          id: `${d.id.replace(/^DOC-/, 'DV-')}-V${i + 1}`,
          document_id: d.id,
          enterprise_id: d.enterprise,
          version: i + 1,
          blob_id: blob.id,
          filename: `${d.title.replace(/[\\/:*?"<>|（）()]/g, '')}.pdf`,
          mime: 'application/pdf',
          file_kind: 'pdf',
          size_bytes: blob.size,
          sha256: blob.sha256,
          issued_on: issued,
          expires_on: expires,
          note: i + 1 < versions.length ? '旧版本（已被新版本替代）' : null,
          uploaded_at: new Date(Date.parse(`${issued}T02:00:00Z`)).toISOString(),
        },
        'seed',
      )
    }
    inserted++
  }
  return inserted
}
