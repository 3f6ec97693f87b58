// The document store on PostgreSQL/PostGIS: the demo seed (idempotent), uploads checked by size and magic bytes
// (refused files change nothing), versions and history, row-level security (an enterprise sees its own documents
// and the park's public ones), search, the asset → documents lookup, safe download headers, the compliance
// dashboard, reminder rules, and the reminder an upload inside a window triggers at once (exactly one).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parkDay } from '../../../../server/contracts/emergency-plans'
import { seedDocumentsDemo } from '../../../../server/modules/documents/documents.seed'
import { textPdf } from '../../../../server/platform/files/pdf'
import { systemScope } from '../../../../server/platform/db/db'
import type { ApiClient } from '../../../helpers/http'
import { startDocumentsStack, upload, type DocumentsStack } from './stack'

const day = 86_400_000
// a fixed simulated "now": 2026-06-01 10:00 park time
const t0 = Date.parse('2026-06-01T02:00:00Z')
const today = parkDay(t0)
const plus = (n: number) => parkDay(t0 + n * day)
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(64, 7),
])

describe('documents API (PostgreSQL)', () => {
  let s: DocumentsStack
  let e01: ApiClient
  let e03: ApiClient
  let operator: ApiClient
  const count = async (table: string) =>
    (await s.db.query<{ n: number }>(systemScope, `SELECT count(*)::int AS n FROM ${table}`))[0]!.n
  const counts = () =>
    Promise.all(
      ['documents', 'document_versions', 'file_blobs', 'document_reminders', 'audit_log'].map(count),
    )
  const audits = async (action: string) =>
    (
      await s.db.query<{ n: number }>(
        systemScope,
        'SELECT count(*)::int AS n FROM audit_log WHERE action = $1',
        [action],
      )
    )[0]!.n

  beforeAll(async () => {
    s = await startDocumentsStack('cpt_documents', () => t0)
    e01 = await s.client('e01', 'enterprise_user', 'E01')
    e03 = await s.client('e03', 'enterprise_user', 'E03')
    operator = await s.client('op', 'operator')
  })
  afterAll(async () => {
    await s?.stop()
  })

  it('seeds real PDFs once', async () => {
    const first = await s.db.owner((q) => seedDocumentsDemo(q, t0))
    expect(first).toBeGreaterThan(25)
    const before = await counts()
    expect(await s.db.owner((q) => seedDocumentsDemo(q, t0))).toBe(0)
    expect(await counts()).toEqual(before)
    const r = await s.admin.get('/api/v1/documents/DOC-E01-SAFETY-LIC')
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({ doc_type: 'licence', current_version: 2, validity: 'expiring' })
    expect(r.body.current.expires_on).toBe(plus(20))
    expect(r.body.versions.map((v: { version: number }) => v.version)).toEqual([2, 1])
    const pdf = await s.admin.call(
      'GET',
      `/api/v1/documents/DOC-E01-SAFETY-LIC/versions/${r.body.current.id}/download`,
    )
    expect(pdf.status).toBe(200)
    expect(String(pdf.body).startsWith('%PDF-1.4')).toBe(true)
  })

  it('uploads a licence 20 days before expiry: one document, one version, the 30-day reminder at once', async () => {
    const before = await counts()
    const q = new URLSearchParams({
      title: '危险化学品经营许可证',
      doc_type: 'licence',
      owner_type: 'enterprise',
      owner_id: 'E01',
      tags: '经营许可证, 危险化学品',
      issued_on: plus(-1075),
      expires_on: plus(20),
    })
    const pdf = textPdf({ title: '危险化学品经营许可证', lines: ['E01'] })
    const r = await upload(
      s.url,
      e01.cookie,
      `/api/v1/documents?${q}`,
      pdf,
      '经营许可证 "2026".pdf',
      'application/pdf',
    )
    expect(r.status).toBe(201)
    expect(r.body).toMatchObject({
      enterprise_id: 'E01',
      owner_type: 'enterprise',
      owner_id: 'E01',
      current_version: 1,
      validity: 'expiring',
      tags: ['经营许可证', '危险化学品'],
      public: false,
    })
    expect(r.body.current).toMatchObject({
      filename: '经营许可证 "2026".pdf',
      mime: 'application/pdf',
      size_bytes: pdf.length,
    })
    expect(r.body.reminders).toEqual([
      { threshold: 30, expires_on: plus(20), sent_on: today, escalated: false },
    ])
    const after = await counts()
    expect(after.slice(0, 4)).toEqual([before[0]! + 1, before[1]! + 1, before[2]! + 1, before[3]! + 1])
    expect(await audits('document.create')).toBe(1)
    // the E01 user has exactly one notification about it
    const n = await e01.get('/api/v1/notifications')
    expect(n.status).toBe(200)
    const mine = n.body.items.filter((x: { source: string }) => x.source === `document:${r.body.id}`)
    expect(mine).toHaveLength(1)
    expect(mine[0]).toMatchObject({ kind: 'document.expiring', read_at: null })
    expect(mine[0].title).toContain('30 天')
    // the file reads back byte for byte, inline with a sandbox and a safe Content-Disposition
    const view = await fetch(
      new URL(`/api/v1/documents/${r.body.id}/versions/${r.body.current.id}/view`, s.url),
      {
        headers: { cookie: e01.cookie! },
      },
    )
    expect(view.status).toBe(200)
    expect(Buffer.from(await view.arrayBuffer()).equals(pdf)).toBe(true)
    // (the app-wide securityHeaders replace sendFile's `sandbox` CSP with their own frame-ancestors 'none' policy)
    expect(view.headers.get('content-type')).toBe('application/pdf')
    expect(view.headers.get('x-content-type-options')).toBe('nosniff')
    const cd = view.headers.get('content-disposition')!
    expect(cd).toMatch(/^inline; filename="[\x20-\x7e]+"; filename\*=UTF-8''/)
    expect(cd.match(/"/g)).toHaveLength(2)
    expect(decodeURIComponent(cd.split("UTF-8''")[1]!)).toBe('经营许可证 "2026".pdf')
  })

  it('refuses a fake PDF, an .exe renamed .docx, an oversized and an empty file: 400/413, nothing changed', async () => {
    const before = await counts()
    const q = new URLSearchParams({
      title: 'x',
      doc_type: 'licence',
      owner_type: 'enterprise',
      owner_id: 'E01',
    })
    const fake = await upload(
      s.url,
      e01.cookie,
      `/api/v1/documents?${q}`,
      png,
      'licence.pdf',
      'application/pdf',
    )
    expect(fake.status).toBe(400)
    expect(fake.body.error.field).toBe('file')
    expect(fake.body.error.message).toContain("extension .pdf does not match the file's content (png)")
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(100)])
    expect((await upload(s.url, e01.cookie, `/api/v1/documents?${q}`, exe, 'report.docx')).status).toBe(400)
    const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(20 * 1024 * 1024)])
    const tooBig = await upload(s.url, e01.cookie, `/api/v1/documents?${q}`, big, 'big.pdf')
    expect(tooBig.status).toBe(413)
    expect(tooBig.body.error.id).toBe('file.too_large')
    expect((await upload(s.url, e01.cookie, `/api/v1/documents?${q}`, Buffer.alloc(0), 'a.pdf')).status).toBe(
      400,
    )
    // bad metadata: unknown type, expiry before issue, unknown owner, missing filename
    const pdf = textPdf({ title: 'x', lines: [] })
    const bad = [
      new URLSearchParams({ title: 'x', doc_type: 'passport', owner_type: 'park' }),
      new URLSearchParams({
        title: 'x',
        doc_type: 'licence',
        owner_type: 'park',
        issued_on: '2026-01-02',
        expires_on: '2026-01-01',
      }),
      new URLSearchParams({ title: 'x', doc_type: 'licence', owner_type: 'asset', owner_id: 'NOPE-1' }),
      new URLSearchParams({ title: 'x', doc_type: 'licence', owner_type: 'enterprise' }),
    ]
    for (const b of bad) {
      const r = await upload(s.url, s.admin.cookie, `/api/v1/documents?${b}`, pdf, 'a.pdf')
      expect(r.status, b.toString()).toBe(400)
    }
    const noName = await fetch(new URL(`/api/v1/documents?${q}`, s.url), {
      method: 'POST',
      headers: { cookie: e01.cookie!, 'content-type': 'application/pdf' },
      body: new Uint8Array(pdf),
    })
    expect(noName.status).toBe(400)
    expect(await counts()).toEqual(before)
  })

  it('keeps tenants apart: an enterprise sees its own and the park public documents only', async () => {
    const r = await e01.get('/api/v1/documents')
    expect(r.status).toBe(200)
    const ids = r.body.map((d: { id: string }) => d.id)
    expect(ids).toContain('DOC-E01-SAFETY-LIC')
    expect(ids).toContain('DOC-PARK-POLICY-123')
    expect(ids).toContain('DOC-PARK-RULE-HOTWORK')
    expect(ids).not.toContain('DOC-PARK-RISK')
    expect(ids).not.toContain('DOC-E03-SAFETY-LIC')
    expect(new Set(r.body.map((d: { enterprise_id: string | null }) => d.enterprise_id))).toEqual(
      new Set(['E01', null]),
    )
    expect((await e01.get('/api/v1/documents/DOC-E03-SAFETY-LIC')).status).toBe(404)
    expect((await e01.get('/api/v1/documents/DOC-PARK-RISK')).status).toBe(404)
    expect(
      (await e01.get('/api/v1/documents/DOC-E03-SAFETY-LIC/versions/DV-E03-SAFETY-LIC-V1/download')).status,
    ).toBe(404)
    expect(
      (await e03.get('/api/v1/documents/DOC-E03-SAFETY-LIC/versions/DV-E03-SAFETY-LIC-V1/download')).status,
    ).toBe(200)
    // writes: not for another enterprise, not for the park; operators read only
    const pdf = textPdf({ title: 'x', lines: [] })
    const other = new URLSearchParams({
      title: 'x',
      doc_type: 'licence',
      owner_type: 'enterprise',
      owner_id: 'E03',
    })
    expect((await upload(s.url, e01.cookie, `/api/v1/documents?${other}`, pdf, 'a.pdf')).status).toBe(403)
    const park = new URLSearchParams({ title: 'x', doc_type: 'policy', owner_type: 'park' })
    expect((await upload(s.url, e01.cookie, `/api/v1/documents?${park}`, pdf, 'a.pdf')).status).toBe(403)
    expect((await upload(s.url, operator.cookie, `/api/v1/documents?${park}`, pdf, 'a.pdf')).status).toBe(403)
    expect(
      (await upload(s.url, e01.cookie, '/api/v1/documents/DOC-E03-SAFETY-LIC/versions', pdf, 'a.pdf')).status,
    ).toBe(404)
    expect((await operator.get('/api/v1/documents/DOC-PARK-RISK')).status).toBe(200)
    // the database itself refuses an enterprise scope reading another's blob
    const blob = await s.db.query<{ id: string }>(
      systemScope,
      `SELECT blob_id::text AS id FROM document_versions WHERE id = 'DV-E03-SAFETY-LIC-V1'`,
    )
    const seen = await s.db.query(
      { scope: 'enterprise', enterpriseId: 'E01' },
      'SELECT 1 FROM file_blobs WHERE id = $1',
      [blob[0]!.id],
    )
    expect(seen).toHaveLength(0)
  })

  it('adds a version: it becomes current, the old one stays in history, the reminder restarts', async () => {
    const pdf = textPdf({ title: '换证', lines: [] })
    const q = new URLSearchParams({ issued_on: today, expires_on: plus(1095), note: '换证' })
    const r = await upload(
      s.url,
      e03.cookie,
      `/api/v1/documents/DOC-E03-SAFETY-LIC/versions?${q}`,
      pdf,
      '新证.pdf',
    )
    expect(r.status).toBe(201)
    expect(r.body.current_version).toBe(2)
    expect(r.body.validity).toBe('valid')
    expect(
      r.body.versions.map((v: { version: number; expires_on: string }) => [v.version, v.expires_on]),
    ).toEqual([
      [2, plus(1095)],
      [1, plus(5)],
    ])
    expect(await audits('document.version')).toBe(1)
    // a bad date in the query: 400
    const bad = await upload(
      s.url,
      e03.cookie,
      '/api/v1/documents/DOC-E03-SAFETY-LIC/versions?expires_on=2026-02-30',
      pdf,
      'a.pdf',
    )
    expect(bad.status).toBe(400)
    expect(bad.body.error.field).toBe('expires_on')
  })

  it('searches by title, type, owner, tags, validity and dates', async () => {
    const ids = async (query: string) =>
      ((await s.admin.get(`/api/v1/documents?${query}`)).body as { id: string }[]).map((d) => d.id).sort()
    expect(await ids('q=排污许可&enterprise=E05')).toEqual(['DOC-E05-PERMIT'])
    expect(await ids('type=three_simultaneities')).toEqual(['DOC-E04-3S-EPOXY'])
    expect(await ids('owner_type=asset&owner_id=T-E01-01')).toEqual(['DOC-T-E01-01-INSPECT'])
    expect(await ids(`tags=${encodeURIComponent('防雷检测')}`)).toEqual(['DOC-F-E01-1-LIGHTNING'])
    expect(await ids(`tags=${encodeURIComponent('安全生产许可证,危险化学品')}&enterprise=E02`)).toEqual([
      'DOC-E02-SAFETY-LIC',
    ])
    const expired = await ids('validity=expired')
    expect(expired).toEqual(
      expect.arrayContaining(['DOC-E02-SAFETY-LIC', 'DOC-E04-SAFETY-EVAL', 'DOC-T-E02-01-INSPECT']),
    )
    expect(expired).not.toContain('DOC-E01-SAFETY-LIC')
    expect(await ids(`expires_from=${plus(19)}&expires_to=${plus(21)}&type=licence`)).toContain(
      'DOC-E01-SAFETY-LIC',
    )
    expect((await s.admin.get('/api/v1/documents?validity=soon')).status).toBe(400)
    expect((await s.admin.get('/api/v1/documents?expires_from=tomorrow')).status).toBe(400)
  })

  it('lists a tank’s documents: its own, its tank farm’s and its enterprise’s', async () => {
    const r = await s.admin.get('/api/v1/assets/T-E01-01/documents')
    expect(r.status).toBe(200)
    expect(r.body[0]).toMatchObject({ id: 'DOC-T-E01-01-INSPECT', via: 'asset' })
    const via = Object.fromEntries(r.body.map((d: { id: string; via: string }) => [d.id, d.via]))
    expect(via['DOC-F-E01-1-LIGHTNING']).toBe('tank_farm')
    expect(via['DOC-E01-SAFETY-LIC']).toBe('enterprise')
    expect(via['DOC-T-E02-01-INSPECT']).toBeUndefined()
    // another enterprise's tank does not exist for E03 (assets are tenant rows too)
    expect((await e03.get('/api/v1/assets/T-E01-01/documents')).status).toBe(404)
    expect((await s.admin.get('/api/v1/assets/NOPE/documents')).status).toBe(404)
  })

  it('counts valid / expiring / expired per enterprise and type', async () => {
    const r = await s.admin.get('/api/v1/documents/compliance')
    expect(r.status).toBe(200)
    expect(r.body.today).toBe(today)
    const cell = (e: string | null, t: string) =>
      r.body.rows.find(
        (x: { enterprise_id: string | null; doc_type: string }) => x.enterprise_id === e && x.doc_type === t,
      )
    // E01: the seeded safety licence (20 days) and the uploaded one (20 days), and its pollutant permit (valid)
    expect(cell('E01', 'licence')).toMatchObject({ valid: 1, expiring: 2, expired: 0 })
    expect(cell('E02', 'licence')).toMatchObject({ valid: 1, expiring: 0, expired: 1 })
    expect(cell('E04', 'assessment')).toMatchObject({ expired: 1 })
    // an enterprise sees its own rows (and the park's public ones) only
    const mine = await e01.get('/api/v1/documents/compliance')
    expect(new Set(mine.body.rows.map((x: { enterprise_id: string | null }) => x.enterprise_id))).toEqual(
      new Set(['E01', null]),
    )
  })

  it('lets a park admin edit reminder rules, audited; others are refused; bad rules are 400', async () => {
    const r = await s.admin.call('PUT', '/api/v1/documents/reminder-rules/assessment', {
      days_before: [60, 14, 3],
    })
    expect(r.status).toBe(200)
    expect(r.body.find((x: { doc_type: string }) => x.doc_type === 'assessment')).toMatchObject({
      days_before: [60, 14, 3],
      escalate_on_expiry: true,
      updated_by: 'admin',
    })
    expect(await audits('document.reminder_rule')).toBe(1)
    expect(
      (await operator.call('PUT', '/api/v1/documents/reminder-rules/assessment', { days_before: [1] }))
        .status,
    ).toBe(403)
    expect(
      (await e01.call('PUT', '/api/v1/documents/reminder-rules/licence', { days_before: [1] })).status,
    ).toBe(403)
    expect(
      (await s.admin.call('PUT', '/api/v1/documents/reminder-rules/assessment', { days_before: [7, 7] }))
        .status,
    ).toBe(400)
    expect(
      (await s.admin.call('PUT', '/api/v1/documents/reminder-rules/assessment', { days_before: [-1] }))
        .status,
    ).toBe(400)
    expect(
      (await s.admin.call('PUT', '/api/v1/documents/reminder-rules/passport', { days_before: [1] })).status,
    ).toBe(404)
    expect((await e01.get('/api/v1/documents/reminder-rules')).body).toHaveLength(10)
  })

  it('edits metadata; public only for park documents', async () => {
    const r = await s.admin.call('PATCH', '/api/v1/documents/DOC-PARK-RISK', {
      tags: ['园区', '评估'],
      public: true,
    })
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({ tags: ['园区', '评估'], public: true })
    expect((await e01.get('/api/v1/documents/DOC-PARK-RISK')).status).toBe(200)
    const bad = await s.admin.call('PATCH', '/api/v1/documents/DOC-E01-PERMIT', { public: true })
    expect(bad.status).toBe(400)
    expect(
      (await s.admin.call('PATCH', '/api/v1/documents/DOC-E01-PERMIT', { owner_id: 'E02' })).status,
    ).toBe(400)
  })

  it('the notification center: unread first, counts, marking read only one’s own', async () => {
    const admin = await s.admin.get('/api/v1/notifications')
    const e1 = await e01.get('/api/v1/notifications')
    expect(e1.body.unread).toBe(1)
    const id = e1.body.items[0].id
    // another user cannot mark it
    const other = await e03.post('/api/v1/notifications/read', { ids: [id] })
    expect(other.body.marked).toBe(0)
    expect((await e01.get('/api/v1/notifications/unread-count')).body).toEqual({ unread: 1 })
    const mark = await e01.post('/api/v1/notifications/read', { ids: [id] })
    expect(mark.body).toEqual({ marked: 1, unread: 0 })
    expect((await e01.get('/api/v1/notifications?unread=true')).body.items).toHaveLength(0)
    expect((await e01.post('/api/v1/notifications/read', {})).status).toBe(400)
    expect(admin.status).toBe(200)
    // settings: e-mail address, validated
    expect(
      (await e01.call('PUT', '/api/v1/notifications/settings', { email: 'not-an-address' })).status,
    ).toBe(400)
    const set = await e01.call('PUT', '/api/v1/notifications/settings', { email: 'safety@e01.example.cn' })
    expect(set.body).toEqual({ email: 'safety@e01.example.cn', email_enabled: true })
    expect((await e03.get('/api/v1/notifications/settings')).body).toEqual({
      email: null,
      email_enabled: true,
    })
  })
})
