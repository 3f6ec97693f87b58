import { documentTypeNames, type DocumentType } from '../../contracts/documents'
import { parkDay } from '../../contracts/emergency-plans'
import { stageKinds, type ProjectType, type StageKind, type StageResult } from '../../contracts/projects'
import type { Queryable } from '../../platform/db/db'
import { putBlob } from '../../platform/files/blobs'
import { textPdf } from '../../platform/files/pdf'
import { insertDocument, insertVersion } from '../documents/documents.repository'
import { projectStatus, stageState } from './project-rules'

// Demo construction projects (建设项目三同时) for the seeded park: ten projects of E01…E12 in every stage — one
// accepted (E04's epoxy expansion, whose acceptance report the document seed also files), one trial run running
// for more than a year without acceptance (E01, the overdue alarm), trial runs, construction, design review, one
// only planned and one suspended. Each completed stage has its document: a one-page PDF in the document store owned
// by the project. Dates are relative to the first seeding.

interface SeedStage {
  /** days before today; null: not yet */
  start: number | null
  end?: number | null
  result?: StageResult
  authority?: string
  /** planned window, days from today (negative: past) */
  planned?: [number, number]
}

interface SeedProject {
  id: string
  enterprise: string
  name: string
  nameEn: string
  type: ProjectType
  hazardous: boolean
  processes: string[]
  major: boolean
  investment: number
  polygon: boolean
  suspended?: boolean
  stages: Partial<Record<StageKind, SeedStage>>
}

const reviewAuthority = '南通市应急管理局'
const acceptanceAuthority = '江海化工园区管委会安全生产监督管理局'

const projects: SeedProject[] = [
  {
    id: 'PRJ-E04-EPOXY2',
    enterprise: 'E04',
    name: '年产5万吨环氧树脂扩建项目',
    nameEn: '50 kt/a epoxy resin expansion',
    type: 'expansion',
    hazardous: true,
    processes: ['聚合'],
    major: false,
    investment: 32000,
    polygon: true,
    stages: {
      design_review: { start: 900, end: 870, result: 'passed', authority: reviewAuthority },
      construction: { start: 860, end: 420, result: 'passed', authority: '江苏华安工程监理有限公司' },
      trial_run: { start: 400, end: 160, result: 'passed', authority: '企业试生产专家组' },
      acceptance: { start: 150, end: 120, result: 'passed', authority: acceptanceAuthority },
    },
  },
  {
    id: 'PRJ-E01-CL2',
    enterprise: 'E01',
    name: '离子膜烧碱装置扩能改造项目',
    nameEn: 'Ion-membrane caustic soda capacity revamp',
    type: 'renovation',
    hazardous: true,
    processes: ['电解(氯碱)', '氯化'],
    major: true,
    investment: 18500,
    polygon: false,
    stages: {
      design_review: { start: 1000, end: 960, result: 'passed', authority: reviewAuthority },
      construction: { start: 940, end: 440, result: 'passed', authority: '江苏华安工程监理有限公司' },
      // running for more than one year, no acceptance: the overdue alarm
      trial_run: { start: 420, planned: [-420, -60] },
      acceptance: { start: null, planned: [-50, -20] },
    },
  },
  {
    id: 'PRJ-E02-HDT',
    enterprise: 'E02',
    name: '60万吨/年柴油加氢精制装置新建项目',
    nameEn: '600 kt/a diesel hydrotreating unit',
    type: 'new',
    hazardous: true,
    processes: ['加氢'],
    major: true,
    investment: 56000,
    polygon: true,
    stages: {
      design_review: { start: 700, end: 660, result: 'passed_with_conditions', authority: reviewAuthority },
      construction: { start: 640, end: 70, result: 'passed', authority: '中石化工程监理有限公司' },
      trial_run: { start: 60, planned: [-60, 180] },
      acceptance: { start: null, planned: [190, 220] },
    },
  },
  {
    id: 'PRJ-E08-TANK',
    enterprise: 'E08',
    name: '甲醇储罐区扩建项目（4×5000 m³）',
    nameEn: 'Methanol tank farm expansion (4×5000 m³)',
    type: 'expansion',
    hazardous: true,
    processes: [],
    major: true,
    investment: 9800,
    polygon: false,
    stages: {
      design_review: { start: 620, end: 600, result: 'passed', authority: reviewAuthority },
      construction: { start: 590, end: 300, result: 'passed', authority: '江苏华安工程监理有限公司' },
      trial_run: { start: 290, end: 30, result: 'passed', authority: '企业试生产专家组' },
      acceptance: { start: 20, planned: [-20, 10] },
    },
  },
  {
    id: 'PRJ-E03-NH3',
    enterprise: 'E03',
    name: '合成氨装置节能技术改造项目',
    nameEn: 'Ammonia synthesis energy-saving revamp',
    type: 'renovation',
    hazardous: true,
    processes: ['合成氨'],
    major: true,
    investment: 12600,
    polygon: false,
    stages: {
      design_review: { start: 260, end: 230, result: 'passed', authority: reviewAuthority },
      construction: { start: 200, planned: [-200, 60] },
      trial_run: { start: null, planned: [70, 250] },
    },
  },
  {
    id: 'PRJ-E07-WB',
    enterprise: 'E07',
    name: '年产3万吨水性涂料生产线新建项目',
    nameEn: '30 kt/a water-borne coatings line',
    type: 'new',
    hazardous: false,
    processes: [],
    major: false,
    investment: 4200,
    polygon: true,
    stages: {
      design_review: { start: 400, end: 380, result: 'passed', authority: reviewAuthority },
      construction: { start: 370, end: 10, result: 'passed', authority: '南通建设监理有限公司' },
      trial_run: { start: null, planned: [5, 95] },
    },
  },
  {
    id: 'PRJ-E05-INT',
    enterprise: 'E05',
    name: '农药中间体多功能车间新建项目',
    nameEn: 'Agrochemical intermediates multi-purpose workshop',
    type: 'new',
    hazardous: true,
    processes: ['氯化', '硝化'],
    major: false,
    investment: 7600,
    polygon: false,
    stages: {
      // the first review failed; resubmitted and under review again
      design_review: { start: 25, planned: [-25, 15] },
    },
  },
  {
    id: 'PRJ-E06-API',
    enterprise: 'E06',
    name: '原料药中间体车间扩建项目',
    nameEn: 'API intermediates workshop expansion',
    type: 'expansion',
    hazardous: true,
    processes: ['加氢', '重氮化'],
    major: false,
    investment: 5300,
    polygon: false,
    stages: {
      design_review: { start: null, planned: [30, 60] },
      construction: { start: null, planned: [70, 330] },
    },
  },
  {
    id: 'PRJ-E11-PA',
    enterprise: 'E11',
    name: '特种聚酰胺新材料项目',
    nameEn: 'Specialty polyamide materials',
    type: 'new',
    hazardous: true,
    processes: ['聚合'],
    major: false,
    investment: 21000,
    polygon: true,
    suspended: true,
    stages: {
      design_review: { start: 500, end: 470, result: 'passed', authority: reviewAuthority },
      construction: { start: 450, planned: [-450, -100] },
    },
  },
  {
    id: 'PRJ-E12-FC',
    enterprise: 'E12',
    name: '精细化学品连续化改造项目',
    nameEn: 'Fine chemicals continuous-process revamp',
    type: 'renovation',
    hazardous: true,
    processes: ['磺化'],
    major: false,
    investment: 3900,
    polygon: false,
    stages: {
      design_review: { start: 330, end: 300, result: 'passed', authority: reviewAuthority },
      construction: { start: 290, end: 130, result: 'passed', authority: '南通建设监理有限公司' },
      trial_run: { start: 120, planned: [-120, 60] },
    },
  },
]

const stageDoc: Record<StageKind, { type: DocumentType; title: string }> = {
  design_review: { type: 'approval', title: '安全设施设计审查意见书' },
  construction: { type: 'three_simultaneities', title: '安全设施施工情况报告' },
  trial_run: { type: 'three_simultaneities', title: '试生产（使用）方案及备案告知书' },
  acceptance: { type: 'acceptance', title: '安全设施竣工验收报告' },
}

const shift = (today: string, days: number) =>
  new Date(Date.parse(`${today}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)

/** The stage document of a seeded project: an existing one (the document seed's) or a one-page PDF. */
async function seedStageDocument(
  q: Queryable,
  p: SeedProject,
  stage: StageKind,
  issued: string,
): Promise<string> {
  if (p.id === 'PRJ-E04-EPOXY2' && stage === 'acceptance') {
    const existing = await q.query('SELECT 1 FROM documents WHERE id = $1', ['DOC-E04-3S-EPOXY'])
    if (existing.rowCount) return 'DOC-E04-3S-EPOXY'
  }
  const id = `DOC-${p.id.replace(/^PRJ-/, 'PRJ')}-${stage.toUpperCase().replace('_', '')}`
  if ((await q.query('SELECT 1 FROM documents WHERE id = $1', [id])).rowCount) return id
  const d = stageDoc[stage]
  const title = `${p.name}${d.title}`
  await insertDocument(
    q,
    {
      id,
      enterprise_id: p.enterprise,
      owner_type: 'project',
      owner_id: p.id,
      doc_type: d.type,
      title,
      doc_number: null,
      tags: ['三同时'],
      public: false,
    },
    'seed',
  )
  const type = documentTypeNames[d.type]
  const bytes = textPdf({
    title,
    lines: [`${type.zh} / ${type.en}`, `项目编号：${p.id}`, `日期：${issued}`, 'ChemPark Twin demo document'],
  })
  const blob = await putBlob(q, { bytes, mime: 'application/pdf', enterpriseId: p.enterprise })
  await insertVersion(
    q,
    {
      id: id.replace(/^DOC-/, 'DV-') + '-V1',
      document_id: id,
      enterprise_id: p.enterprise,
      version: 1,
      blob_id: blob.id,
      filename: `${title.replace(/[\\/:*?"<>|（）()]/g, '')}.pdf`,
      mime: 'application/pdf',
      file_kind: 'pdf',
      size_bytes: blob.size,
      sha256: blob.sha256,
      issued_on: issued,
      expires_on: null,
      note: null,
      uploaded_at: new Date(Date.parse(`${issued}T02:00:00Z`)).toISOString(),
    },
    'seed',
  )
  return id
}

/**
 * Idempotent (fixed ids; an existing project is left alone); needs the seeded park (enterprises). Run as the owner
 * (`db.owner`) or in park scope. Returns the number of projects inserted.
 */
export async function seedProjectsDemo(q: Queryable, now: number = Date.now()): Promise<number> {
  await q.query(`SELECT set_config('app.scope', 'park', true)`)
  const today = parkDay(now)
  const known = new Set((await q.query<{ id: string }>('SELECT id FROM enterprises')).rows.map((r) => r.id))
  let inserted = 0
  for (const p of projects) {
    if (!known.has(p.enterprise)) continue
    if ((await q.query('SELECT 1 FROM construction_projects WHERE id = $1', [p.id])).rowCount) continue
    const stages = stageKinds.map((k) => {
      const s = p.stages[k]
      return {
        stage: k,
        actual_start: s?.start != null ? shift(today, -s.start) : null,
        actual_end: s?.end != null ? shift(today, -s.end) : null,
        result: s?.result ?? null,
        authority: s?.authority ?? null,
        planned_start: s?.planned
          ? shift(today, s.planned[0])
          : s?.start != null
            ? shift(today, -s.start)
            : null,
        planned_end: s?.planned ? shift(today, s.planned[1]) : s?.end != null ? shift(today, -s.end) : null,
      }
    })
    // a small square around a point of the parcel when it fits, else the point
    await q.query(
      `INSERT INTO construction_projects (id, enterprise_id, name, name_en, project_type, hazardous_chemical,
                                          supervised_processes, major_hazard, geom, investment_wan_yuan, status,
                                          description, created_by, updated_by, created_at)
       SELECT $1, e.id, $2, $3, $4, $5, $6, $7,
              CASE WHEN $8 AND ST_Covers(e.geom, ST_Expand(ST_PointOnSurface(e.geom), 0.0002))
                   THEN ST_SetSRID(ST_Expand(ST_PointOnSurface(e.geom), 0.0002), 4326)
                   ELSE ST_PointOnSurface(e.geom) END,
              $9, $10, $11, 'seed', 'seed', $12::date::timestamptz
         FROM enterprises e WHERE e.id = $13`,
      [
        p.id,
        p.name,
        p.nameEn,
        p.type,
        p.hazardous,
        p.processes,
        p.major,
        p.polygon,
        p.investment,
        projectStatus(stages, p.suspended ?? false),
        `${p.name}（演示数据）`,
        stages[0]!.planned_start ?? today,
        p.enterprise,
      ],
    )
    for (const [i, s] of stages.entries()) {
      const state = stageState(s)
      const doc = state === 'completed' ? await seedStageDocument(q, p, s.stage, s.actual_end!) : null
      await q.query(
        `INSERT INTO project_stages (project_id, enterprise_id, stage, seq, planned_start, planned_end, actual_start,
                                     actual_end, document_id, authority, result, state, updated_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'seed')`,
        [
          p.id,
          p.enterprise,
          s.stage,
          i + 1,
          s.planned_start,
          s.planned_end,
          s.actual_start,
          s.actual_end,
          doc,
          s.authority,
          s.result,
          state,
        ],
      )
    }
    inserted++
  }
  return inserted
}
