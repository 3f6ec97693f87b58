import { describe, expect, it } from 'vitest'
import type { AdmissionApplication, AdmissionSettings } from '../../../../../server/contracts/admission'
import { esc, renderAdmissionReport } from '../../../../../server/modules/admission/admission.report'

const settings: AdmissionSettings = {
  min_distance_m: 100,
  distance_is_placeholder: true,
  chemical_uses: ['chemical'],
  conditional_uses: ['reserved'],
  updated_by: null,
  updated_at: '2026-01-01T00:00:00.000Z',
}

const app = (over: Partial<AdmissionApplication> = {}): AdmissionApplication => ({
  id: 'ADM-1',
  kind: 'enterprise',
  enterprise_id: null,
  name: '项目 <img src=x onerror=alert(1)>',
  applicant: 'A&B',
  industry: '精细化工',
  verdict: 'refuse',
  outcomes: { location_in_park: 'fail' } as AdmissionApplication['outcomes'],
  assessed_at: '2026-03-01T02:00:00.000Z',
  created_by: 'admin',
  created_at: '2026-03-01T02:00:00.000Z',
  products: [{ name: '氯"气', q_t: 50 }],
  processes: ['氯化</td>'],
  location: { type: 'Point', coordinates: [120.95, 31.95] },
  investment_wan: null,
  exposed_people: null,
  description: '',
  items: [
    {
      key: 'location_in_park',
      outcome: 'fail',
      reasons: [{ zh: '选址位于园区边界外（距边界 2300 m）', en: 'outside <b>' }],
      data: {},
      decision: { outcome: 'conditional', note: '扩区<待批>', by: 'admin', at: '2026-03-02T00:00:00.000Z' },
    },
  ],
  assessed_by: 'admin',
  history: [{ at: '2026-03-01T02:00:00.000Z', by: 'admin', verdict: 'refuse' }],
  ...over,
})

describe('admission report', () => {
  it('escapes every input value', () => {
    expect(esc(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;')
    const html = renderAdmissionReport(app(), settings, '2026-03-03T00:00:00.000Z')
    expect(html).not.toMatch(/<img|氯化<\/td>|outside <b>|<待批>/)
    expect(html).toContain('项目 &lt;img src=x onerror=alert(1)&gt;')
    expect(html).toContain('氯&quot;气 50 t')
    expect(html).toContain('氯化&lt;/td&gt;')
    expect(html).toContain('扩区&lt;待批&gt;')
  })

  it('shows the verdict, each item with its reasons and decision, and the placeholder distance', () => {
    const html = renderAdmissionReport(app(), settings, '2026-03-03T00:00:00.000Z')
    expect(html).toContain('不予准入 / Refuse')
    expect(html).toContain('选址位于园区边界外（距边界 2300 m）')
    expect(html).toContain('人工结论 / Decision: <b>有条件</b>')
    expect(html).toContain('占位默认值')
    expect(html).toContain('点 / Point 120.950000, 31.950000')
  })
})
