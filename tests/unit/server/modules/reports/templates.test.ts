// The report HTML: escaping of every text, the CJK font stack, the Chinese titles, inline SVG charts, and the
// sections each report promises (annual: grade, thresholds, deductions, 一园一策, comparison; bi-monthly: online
// rate, completeness, alarms with median/p90, hidden dangers, documents).
import { describe, expect, it } from 'vitest'
import type { EvaluationDetail } from '../../../../../server/contracts/evaluation'
import { biMonth, type OperationsReportData } from '../../../../../server/contracts/reports'
import { annualReportHtml } from '../../../../../server/modules/reports/annual.template'
import { esc, groupedBars, hBars, html, raw } from '../../../../../server/modules/reports/html'
import { operationsReportHtml } from '../../../../../server/modules/reports/operations.template'

describe('html helpers', () => {
  it('escapes text and attributes, keeps trusted fragments', () => {
    expect(esc(`<script>"&'`)).toBe('&lt;script&gt;&quot;&amp;&#39;')
    const evil = '<img src=x onerror=alert(1)>'
    expect(html`<p>${evil}</p>`.html).toBe('<p>&lt;img src=x onerror=alert(1)&gt;</p>')
    expect(html`<p>${raw('<b>ok</b>')}${[raw('<i>1</i>'), '<2>']}${null}</p>`.html).toBe(
      '<p><b>ok</b><i>1</i>&lt;2&gt;</p>',
    )
  })

  it('draws bars scaled to the maximum, with escaped labels', () => {
    const svg = hBars(
      [
        { label: '设立<x>', value: 5, text: '5 / 10' },
        { label: 'b', value: 10 },
      ],
      { title: 't', max: 10, width: 400, labelWidth: 100 },
    ).html
    expect(svg).toContain('<svg')
    expect(svg).toContain('设立&lt;x&gt;')
    // track = 400 − 100 − 70 = 230: half of it, then all of it
    expect(svg).toContain('width="115.0"')
    expect(svg).toContain('width="230.0"')
    const g = groupedBars(['a', 'b'], [{ name: '2025年', colour: '#999', values: [1, null] }], {
      title: 'g',
    }).html
    expect(g.match(/<rect /g)!.length).toBe(2) // one bar (the null is skipped) + one legend swatch
  })
})

const evaluation: EvaluationDetail = {
  id: 'EV-2026',
  year: 2026,
  status: 'draft',
  total_points: 84.9,
  max_points: 100,
  grade: 'C',
  grade_label: '一般安全风险',
  scored: 2,
  item_count: 2,
  deduction_points: 15.1,
  summary: '摘要<b>',
  created_by: 'admin',
  submitted_by: null,
  submitted_at: null,
  approved_by: null,
  approved_at: null,
  return_reason: null,
  updated_at: '2026-11-29T00:00:00.000Z',
  bands: [
    { grade: 'A', min_points: 0, label: '高安全风险', label_en: 'high', consequence: '不得新建' },
    { grade: 'B', min_points: 60, label: '较高安全风险', label_en: 'fairly high', consequence: '' },
    { grade: 'C', min_points: 70, label: '一般安全风险', label_en: 'moderate', consequence: '' },
    { grade: 'D', min_points: 85, label: '较低安全风险', label_en: 'low', consequence: '' },
  ],
  elements: [
    {
      element_id: 'EL01',
      seq: 1,
      name: '设立',
      confirmed: true,
      max_points: 10,
      score: 10,
      scored: 1,
      items: 1,
    },
    {
      element_id: 'EL03',
      seq: 3,
      name: '安全准入（占位）',
      confirmed: false,
      max_points: 90,
      score: 74.9,
      scored: 1,
      items: 1,
    },
  ],
  items: [],
  deductions: [
    {
      item_id: 'EL03-1',
      element_name: '安全准入（占位）',
      item_no: '3.1',
      content: '准入',
      max_points: 90,
      score: 74.9,
      deduction: 15.1,
      finding: '发现<问题>',
      advice: '整改建议甲',
      plan_measure: '措施乙',
      plan_owner: '安监局',
      plan_deadline: '2027-06-30',
    },
  ],
  comparison: {
    previous_year: 2025,
    previous_status: 'approved',
    previous_total: 79.5,
    previous_grade: 'C',
    total_change: 5.4,
    elements: [
      { element_id: 'EL01', name: '设立', score: 10, previous: 8.5, change: 1.5 },
      { element_id: 'EL03', name: '安全准入（占位）', score: 74.9, previous: 71, change: 3.9 },
    ],
    worse: [],
  },
}

describe('annual report HTML', () => {
  const out = annualReportHtml({
    park_name: '江海化工园区',
    evaluation,
    generated_at: '2026-11-29T01:00:00.000Z',
  })
  it('is a Chinese A4 document with the CJK fonts named', () => {
    expect(out).toMatch(/^<!doctype html>/)
    expect(out).toContain('<html lang="zh-CN">')
    expect(out).toContain('<title>江海化工园区2026年度安全风险评估报告</title>')
    expect(out).toContain('"Noto Sans CJK SC", "Noto Sans SC", sans-serif')
    expect(out).toContain('@page { size: A4')
  })
  it('shows total, grade, thresholds, deductions with advice, the plan and the comparison', () => {
    expect(out).toContain('>84.9<')
    expect(out).toContain('data-grade="C"')
    expect(out).toContain('70.0 ≤ 分数 &lt; 85.0')
    expect(out).toContain('分数 ≥ 85.0')
    expect(out).toContain('发现&lt;问题&gt;')
    expect(out).toContain('整改建议甲')
    expect(out).toContain('下一年度整改计划（一园一策）')
    expect(out).toContain('措施乙')
    expect(out).toContain('2027-06-30')
    expect(out).toContain('+5.4')
    expect(out).toContain('（占位要素）')
    expect(out).toContain('摘要&lt;b&gt;')
    expect(out).not.toContain('<b>摘要')
    expect(out.match(/<svg /g)!.length).toBe(2)
    expect(out).toContain('本评估尚未批准')
  })
})

const ops: OperationsReportData = {
  park_name: '江海化工园区',
  period: biMonth(2026, 6),
  generated_at: '2026-11-29T01:00:00.000Z',
  until: '2026-11-29T01:00:00.000Z',
  partial: true,
  devices: {
    groups: [
      {
        key: 'safety_sensors',
        name: '安全监测传感器',
        devices: 2,
        expected_hours: 100,
        online_hours: 90,
        rate: 0.9,
      },
      {
        key: 'env_collectors',
        name: '环保数采仪',
        devices: 1,
        expected_hours: 0,
        online_hours: 0,
        rate: null,
      },
    ],
    rate: 0.9,
    worst: [
      {
        id: 'S1',
        name: '1#罐液位',
        enterprise_id: 'E01',
        enterprise_name: '江海氯碱化工有限公司',
        expected_hours: 50,
        online_hours: 40,
        rate: 0.8,
      },
    ],
  },
  completeness: {
    collectors: [
      {
        mn: 'MN1',
        name: '污水总排口<1>',
        enterprise_id: 'E01',
        enterprise_name: '江海氯碱化工有限公司',
        expected: 10,
        received: 9,
        rate: 0.9,
      },
    ],
    expected: 10,
    received: 9,
    rate: 0.9,
  },
  alarms: {
    total: 3,
    previous_total: 7,
    by_priority: [
      { priority: 'urgent', count: 1, acknowledged: 1, median_min: 2, p90_min: 2 },
      { priority: 'high', count: 2, acknowledged: 1, median_min: 150, p90_min: 150 },
      { priority: 'low', count: 0, acknowledged: 0, median_min: null, p90_min: null },
    ],
    by_source: [{ source_type: 'sensor', count: 3 }],
  },
  hidden_dangers: {
    found_general: 4,
    found_major: 1,
    due: 3,
    closed: 4,
    closed_on_time: 3,
    closed_late: 1,
    open_overdue: 2,
    on_time_rate: 0.75,
  },
  documents: {
    expired: 1,
    expiring: 0,
    horizon_day: '2027-02-28',
    items: [
      {
        document_id: 'D1',
        title: '安全生产许可证',
        doc_type: 'licence',
        enterprise_name: '江海氯碱',
        expires_on: '2026-11-19',
        state: 'expired',
      },
    ],
  },
}

describe('bi-monthly operation report HTML', () => {
  const out = operationsReportHtml(ops)
  it('carries the Chinese title with the period and every section', () => {
    expect(out).toContain('<title>江海化工园区平台运行情况双月反馈报告（2026年11—12月）</title>')
    for (const s of ['设备在线率', '数据完整率', '报警统计', '隐患排查治理', '文档到期提醒'])
      expect(out).toContain(s)
    expect(out).toContain('90.0%')
    expect(out).toContain('75.0%')
    expect(out).toContain('氯碱化工 污水总排口&lt;1&gt;')
    expect(out).toContain('<td>江海氯碱化工有限公司</td>')
    expect(out).toContain('2.5 小时') // 150 minutes
    expect(out).toContain('2.0 分钟')
    expect(out).toContain('许可证')
    expect(out).toContain('已过期')
    expect(out).toContain('（周期进行中）')
    expect(out.match(/<svg /g)!.length).toBe(6)
  })
})
