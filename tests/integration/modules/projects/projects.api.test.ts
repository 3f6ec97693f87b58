// Construction projects and their 三同时 stages on PostgreSQL/PostGIS: the demo seed (idempotent), row-level
// security per enterprise, the location checked inside the enterprise's parcel, the stage rules through the API
// (order, trial-run window, documents acceptance needs, a settled stage locked), stage documents from the document
// store, audit rows, bad input (400, nothing changed) and the hourly overdue trial-run check through the alarm engine.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parkDay } from '../../../../server/contracts/emergency-plans'
import type { Project, ProjectDetail } from '../../../../server/contracts/projects'
import { AlarmEngine } from '../../../../server/modules/alarms/alarm.engine'
import { AlarmsService } from '../../../../server/modules/alarms/alarms.service'
import { checkProjects, type ProjectAlarmSink } from '../../../../server/modules/projects/projects.check'
import { seedProjectsDemo } from '../../../../server/modules/projects/projects.seed'
import { systemScope } from '../../../../server/platform/db/db'
import type { ApiClient } from '../../../helpers/http'
import { uniqueStreamName } from '../../../helpers/services'
import { silent, startProjectsStack, uploadDocument, type ProjectsStack } from './stack'

const ago = (n: number) => parkDay(Date.now() - n * 86_400_000)

describe('projects API (PostgreSQL)', () => {
  let s: ProjectsStack
  let e01: ApiClient
  let e03: ApiClient
  let operator: ApiClient
  let sink: ProjectAlarmSink
  let e03Point: [number, number]
  let e01Point: [number, number]
  const count = async (table: string, where = 'true', params: unknown[] = []) =>
    (
      await s.db.query<{ n: number }>(
        systemScope,
        `SELECT count(*)::int AS n FROM ${table} WHERE ${where}`,
        params,
      )
    )[0]!.n
  const audits = (action: string) => count('audit_log', 'action = $1', [action])
  const stage = (c: ApiClient, id: string, st: string, body: object) =>
    c.call('PUT', `/api/v1/projects/${id}/stages/${st}`, body)
  const pointOf = async (e: string) => {
    const r = await s.db.query<{ x: number; y: number }>(
      systemScope,
      'SELECT ST_X(ST_PointOnSurface(geom)) AS x, ST_Y(ST_PointOnSurface(geom)) AS y FROM enterprises WHERE id = $1',
      [e],
    )
    return [r[0]!.x, r[0]!.y] as [number, number]
  }
  const openAlarms = () =>
    s.db.query<{ source_id: string; rule: string; priority: string; enterprise_id: string }>(
      systemScope,
      `SELECT source_id, rule, priority, enterprise_id FROM alarms
        WHERE source_id LIKE 'project:%' AND condition_active ORDER BY source_id`,
    )

  beforeAll(async () => {
    s = await startProjectsStack('cpt_projects')
    e01 = await s.client('e01', 'enterprise_user', 'E01')
    e03 = await s.client('e03', 'enterprise_user', 'E03')
    operator = await s.client('op', 'operator')
    e03Point = await pointOf('E03')
    e01Point = await pointOf('E01')
    const engine = new AlarmEngine(
      s.db,
      new AlarmsService(s.db, { topic: uniqueStreamName('test:alarms') }),
      silent,
    )
    sink = {
      raise: (a) => engine.raiseSystemAlarm(a),
      clear: (sourceId, rule, t) => engine.clearSystemAlarm(sourceId, rule, t),
    }
  })
  afterAll(async () => {
    await s?.stop()
  })

  it('seeds ten demo projects in every stage once, with the documents of their completed stages', async () => {
    expect(await s.db.owner((q) => seedProjectsDemo(q))).toBe(10)
    const before = [
      await count('construction_projects'),
      await count('project_stages'),
      await count('documents'),
    ]
    expect(await s.db.owner((q) => seedProjectsDemo(q))).toBe(0)
    expect([
      await count('construction_projects'),
      await count('project_stages'),
      await count('documents'),
    ]).toEqual(before)
    expect(before[1]).toBe(40)
    const all = (await s.admin.get('/api/v1/projects')).body as Project[]
    expect(all).toHaveLength(10)
    const byId = new Map(all.map((p) => [p.id, p]))
    expect(byId.get('PRJ-E04-EPOXY2')).toMatchObject({
      status: 'completed',
      completed_stages: 4,
      current_stage: null,
    })
    expect(byId.get('PRJ-E11-PA')!.status).toBe('suspended')
    expect(byId.get('PRJ-E06-API')).toMatchObject({ status: 'planned', completed_stages: 0 })
    expect(byId.get('PRJ-E01-CL2')).toMatchObject({
      status: 'in_progress',
      current_stage: 'trial_run',
      trial_overdue: true,
      trial_days: 420,
    })
    // every completed stage has its document, readable in the store
    for (const p of all)
      for (const st of p.stages)
        if (st.state === 'completed') expect(st.document?.version_id, `${p.id} ${st.stage}`).toBeTruthy()
    const overdue = await s.admin.get('/api/v1/projects?overdue=true')
    expect(overdue.body.map((p: Project) => p.id)).toEqual(['PRJ-E01-CL2'])
    const trial = await s.admin.get('/api/v1/projects?stage=trial_run')
    expect(trial.body.map((p: Project) => p.id).sort()).toEqual([
      'PRJ-E01-CL2',
      'PRJ-E02-HDT',
      'PRJ-E07-WB',
      'PRJ-E12-FC',
    ])
    // the location lies on the parcel (a point or a small square)
    expect(['Point', 'Polygon']).toContain(byId.get('PRJ-E04-EPOXY2')!.location.type)
  })

  it('shows an enterprise its own projects only', async () => {
    const mine = await e01.get('/api/v1/projects')
    expect(mine.status).toBe(200)
    expect(mine.body.map((p: Project) => p.id)).toEqual(['PRJ-E01-CL2'])
    expect((await e01.get('/api/v1/projects/PRJ-E02-HDT')).status).toBe(404)
    const other = await stage(e01, 'PRJ-E02-HDT', 'trial_run', { note: 'x' })
    expect(other.status).toBe(404)
    const d = await e01.get('/api/v1/projects/PRJ-E01-CL2')
    expect(d.body).toMatchObject({ can_edit: true, enterprise_id: 'E01' })
    expect((await operator.get('/api/v1/projects/PRJ-E01-CL2')).body.can_edit).toBe(false)
  })

  it('creates a project inside its parcel; a location outside, another enterprise or bad input changes nothing', async () => {
    const n = await count('construction_projects')
    const body = {
      name: '硝酸铵溶液装置改造项目',
      project_type: 'renovation',
      hazardous_chemical: true,
      supervised_processes: ['硝化'],
      location: { type: 'Point', coordinates: e03Point },
      investment_wan_yuan: 2600,
    }
    const outside = await e03.post('/api/v1/projects', {
      ...body,
      location: { type: 'Point', coordinates: e01Point },
    })
    expect(outside.status).toBe(400)
    expect(outside.body.error).toMatchObject({ id: 'validation', field: 'location' })
    expect(outside.body.error.message).toContain('inside the parcel of enterprise E03')
    const [x, y] = e03Point
    const bowtie = {
      type: 'Polygon',
      coordinates: [
        [
          [x - 1e-4, y - 1e-4],
          [x + 1e-4, y + 1e-4],
          [x + 1e-4, y - 1e-4],
          [x - 1e-4, y + 1e-4],
          [x - 1e-4, y - 1e-4],
        ],
      ],
    }
    expect((await e03.post('/api/v1/projects', { ...body, location: bowtie })).status).toBe(400)
    const unclosed = { type: 'Polygon', coordinates: [bowtie.coordinates[0]!.slice(0, 4)] }
    expect((await e03.post('/api/v1/projects', { ...body, location: unclosed })).status).toBe(400)
    expect((await e03.post('/api/v1/projects', { ...body, supervised_processes: ['炼金'] })).status).toBe(400)
    expect((await e03.post('/api/v1/projects', { ...body, project_type: 'rebuild' })).status).toBe(400)
    expect((await e03.post('/api/v1/projects', { ...body, enterprise_id: 'E01' })).status).toBe(403)
    expect((await operator.post('/api/v1/projects', { ...body, enterprise_id: 'E03' })).status).toBe(403)
    expect((await s.admin.post('/api/v1/projects', body)).body.error.field).toBe('enterprise_id')
    expect(await count('construction_projects')).toBe(n)

    const square = {
      type: 'Polygon',
      coordinates: [
        [
          [x - 5e-5, y - 5e-5],
          [x + 5e-5, y - 5e-5],
          [x + 5e-5, y + 5e-5],
          [x - 5e-5, y + 5e-5],
          [x - 5e-5, y - 5e-5],
        ],
      ],
    }
    const created = await e03.post('/api/v1/projects', { ...body, location: square })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({
      enterprise_id: 'E03',
      status: 'planned',
      current_stage: 'design_review',
      can_edit: true,
    })
    expect(
      created.body.stages.map((st: { stage: string; state: string }) => `${st.stage}:${st.state}`),
    ).toEqual(['design_review:pending', 'construction:pending', 'trial_run:pending', 'acceptance:pending'])
    // no location: a point on the parcel
    const dflt = await s.admin.post('/api/v1/projects', {
      ...body,
      enterprise_id: 'E03',
      location: undefined,
    })
    expect(dflt.status).toBe(201)
    expect(dflt.body.location.type).toBe('Point')
    expect(await audits('project.create')).toBe(2)
  })

  it('walks the four stages in order with their documents; out-of-order, short trial runs and missing documents are refused', async () => {
    const p = (
      await e03.post('/api/v1/projects', {
        name: '尿素造粒塔安全改造项目',
        project_type: 'renovation',
        hazardous_chemical: true,
      })
    ).body as ProjectDetail
    const id = p.id
    const doc = async (title: string) => {
      const r = await uploadDocument(s.url, e03, {
        title,
        doc_type: 'three_simultaneities',
        owner_type: 'project',
        owner_id: id,
      })
      expect(r.status).toBe(201)
      return r.body.id as string
    }
    const stagesBefore = async () =>
      s.db.query(systemScope, 'SELECT * FROM project_stages WHERE project_id = $1 ORDER BY seq', [id])

    // construction before the design review is completed
    let r = await stage(e03, id, 'construction', { actual_start: ago(100) })
    expect(r.status).toBe(409)
    expect(r.body.error.id).toBe('project.stage_order')
    // a passed review needs its authority; a future day and a result without an end are bad input
    const snapshot = await stagesBefore()
    r = await stage(e03, id, 'design_review', {
      actual_start: ago(200),
      actual_end: ago(190),
      result: 'passed',
    })
    expect(r.body.error).toMatchObject({ id: 'validation', field: 'authority' })
    r = await stage(e03, id, 'design_review', { actual_start: ago(-3) })
    expect(r.body.error).toMatchObject({ id: 'validation', field: 'actual_start' })
    r = await stage(e03, id, 'design_review', { actual_start: ago(200), result: 'passed' })
    expect(r.body.error.field).toBe('actual_end')
    r = await stage(e03, id, 'design_review', { actual_start: ago(200), actual_end: ago(210) })
    expect(r.status).toBe(400)
    r = await stage(e03, id, 'trial_run', { planned_start: ago(10), planned_end: ago(0) })
    expect(r.body.error).toMatchObject({ id: 'validation', field: 'planned_end' })
    expect((await e03.call('PUT', `/api/v1/projects/${id}/stages/commissioning`, {})).status).toBe(404)
    // a document of another enterprise
    r = await stage(e03, id, 'design_review', { document_id: 'DOC-PRJE01-CL2-DESIGNREVIEW' })
    expect(r.body.error.field).toBe('document_id')
    expect(await stagesBefore()).toEqual(snapshot)

    const review = await doc('安全设施设计审查意见书')
    r = await stage(e03, id, 'design_review', {
      actual_start: ago(200),
      actual_end: ago(190),
      result: 'passed',
      authority: '南通市应急管理局',
      document_id: review,
    })
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({
      status: 'in_progress',
      current_stage: 'construction',
      completed_stages: 1,
    })
    expect(r.body.stages[0]).toMatchObject({ state: 'completed', document: { id: review } })
    expect(r.body.documents.map((d: { id: string }) => d.id)).toContain(review)
    // construction may not start before the review ended
    r = await stage(e03, id, 'construction', { actual_start: ago(195) })
    expect(r.body.error.field).toBe('actual_start')
    r = await stage(e03, id, 'construction', {
      actual_start: ago(180),
      actual_end: ago(100),
      result: 'passed',
    })
    expect(r.status).toBe(200)
    // the review is settled once construction started
    r = await stage(e03, id, 'design_review', { actual_end: ago(185) })
    expect(r.status).toBe(409)
    expect(r.body.error.id).toBe('project.stage_locked')
    // ... but its document may still be replaced
    r = await stage(e03, id, 'design_review', { note: '审查意见已归档' })
    expect(r.status).toBe(200)

    // a trial run of 10 days is refused
    r = await stage(e03, id, 'trial_run', { actual_start: ago(90), actual_end: ago(80), result: 'passed' })
    expect(r.status).toBe(409)
    expect(r.body.error.id).toBe('project.trial_run_too_short')
    r = await stage(e03, id, 'trial_run', {
      actual_start: ago(90),
      actual_end: ago(20),
      result: 'passed',
      authority: '企业试生产专家组',
    })
    expect(r.status).toBe(200)
    expect(r.body.trial_days).toBe(70)
    // acceptance needs the documents of construction and trial run too
    const accept = {
      actual_start: ago(10),
      actual_end: ago(5),
      result: 'passed',
      authority: '园区安监局',
    }
    r = await stage(e03, id, 'acceptance', accept)
    expect(r.status).toBe(409)
    expect(r.body.error.id).toBe('project.documents_missing')
    expect(r.body.error.message).toContain('施工')
    expect(r.body.error.message).toContain('试生产')
    expect((await stage(e03, id, 'construction', { document_id: await doc('施工情况报告') })).status).toBe(
      200,
    )
    expect((await stage(e03, id, 'trial_run', { document_id: await doc('试生产方案') })).status).toBe(200)
    r = await stage(e03, id, 'acceptance', accept)
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({ status: 'completed', completed_stages: 4, current_stage: null })
    // the operator reads, never writes
    expect((await stage(operator, id, 'acceptance', { note: 'x' })).status).toBe(403)
    expect(await audits('project.stage')).toBe(7)
  })

  it('lets the park suspend a project; a suspended project takes no stage records', async () => {
    expect((await e01.call('PATCH', '/api/v1/projects/PRJ-E01-CL2', { suspended: true })).status).toBe(403)
    const r = await s.admin.call('PATCH', '/api/v1/projects/PRJ-E02-HDT', { suspended: true })
    expect(r.body.status).toBe('suspended')
    const refused = await stage(s.admin, 'PRJ-E02-HDT', 'trial_run', { note: '试生产暂停' })
    expect(refused.body.error.id).toBe('project.suspended')
    const resumed = await s.admin.call('PATCH', '/api/v1/projects/PRJ-E02-HDT', { suspended: false })
    expect(resumed.body.status).toBe('in_progress')
    expect((await s.admin.call('PATCH', '/api/v1/projects/PRJ-E04-EPOXY2', { suspended: true })).status).toBe(
      409,
    )
  })

  it('alarms a trial run over one year without acceptance once, and returns it to normal after acceptance', async () => {
    expect(await checkProjects(s.db, sink)).toEqual({ active: 1, raised: 1, cleared: 0 })
    expect(await openAlarms()).toEqual([
      {
        source_id: 'project:PRJ-E01-CL2',
        rule: 'project_trial_overdue',
        priority: 'high',
        enterprise_id: 'E01',
      },
    ])
    expect(await checkProjects(s.db, sink)).toEqual({ active: 1, raised: 0, cleared: 0 })
    const trialDoc = await uploadDocument(s.url, e01, {
      title: '试生产总结报告',
      doc_type: 'three_simultaneities',
      owner_type: 'project',
      owner_id: 'PRJ-E01-CL2',
    })
    let r = await stage(e01, 'PRJ-E01-CL2', 'trial_run', {
      actual_end: ago(10),
      result: 'passed',
      document_id: trialDoc.body.id,
    })
    expect(r.status).toBe(200)
    // still not accepted: the alarm holds
    expect(await checkProjects(s.db, sink)).toEqual({ active: 1, raised: 0, cleared: 0 })
    r = await stage(e01, 'PRJ-E01-CL2', 'acceptance', {
      actual_start: ago(5),
      actual_end: ago(1),
      result: 'passed_with_conditions',
      authority: '园区安监局',
    })
    expect(r.body.status).toBe('completed')
    expect(await checkProjects(s.db, sink)).toEqual({ active: 0, raised: 0, cleared: 1 })
    expect(await openAlarms()).toEqual([])
  })
})
