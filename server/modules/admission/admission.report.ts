import {
  admissionCheckNames,
  admissionKinds,
  admissionOutcomeNames,
  admissionVerdictColour,
  admissionVerdictNames,
  effectiveOutcome,
  type AdmissionApplication,
  type AdmissionSettings,
} from '../../contracts/admission'

// The printable admission report (准入评估报告): one self-contained HTML page, rendered on the server. Every value
// from an application or a person goes through `esc` (text) — nothing from the input reaches the page unescaped.

const entities: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}
/** HTML-escapes text for element content and quoted attribute values. */
export const esc = (v: unknown): string => String(v ?? '').replace(/[&<>"']/g, (c) => entities[c]!)

const kindNames: Record<(typeof admissionKinds)[number], string> = {
  enterprise: '新建企业 / New enterprise',
  project: '新建项目 / New project',
}

function locationText(a: AdmissionApplication): string {
  const l = a.location
  if (l.type === 'Point') return `点 / Point ${l.coordinates[0].toFixed(6)}, ${l.coordinates[1].toFixed(6)}`
  const ring = l.coordinates[0] ?? []
  return `面 / Polygon, ${Math.max(0, ring.length - 1)} 个顶点 / vertices`
}

/** The report page: inputs, the checklist with reasons and decisions, the verdict, the assessment history. */
export function renderAdmissionReport(
  a: AdmissionApplication,
  s: AdmissionSettings,
  printedAt: string,
): string {
  const verdict = admissionVerdictNames[a.verdict]
  const row = (k: string, v: string) => `<tr><th>${esc(k)}</th><td>${v}</td></tr>`
  const items = a.items
    .map((i, n) => {
      const name = admissionCheckNames[i.key]
      const out = admissionOutcomeNames[effectiveOutcome(i)]
      const auto = admissionOutcomeNames[i.outcome]
      const reasons = i.reasons
        .map((r) => `<li>${esc(r.zh)}<br><span class="en">${esc(r.en)}</span></li>`)
        .join('')
      const decision = i.decision
        ? `<p class="decision">人工结论 / Decision: <b>${esc(admissionOutcomeNames[i.decision.outcome].zh)}</b>
           （${esc(i.decision.by)}，${esc(i.decision.at.slice(0, 10))}）：${esc(i.decision.note)}
           <br><span class="en">automatic outcome: ${esc(auto.en)}</span></p>`
        : ''
      return `<tr class="o-${esc(effectiveOutcome(i))}"><td>${n + 1}</td>
        <td>${esc(name.zh)}<br><span class="en">${esc(name.en)}</span></td>
        <td class="out">${esc(out.zh)}<br><span class="en">${esc(out.en)}</span></td>
        <td><ul>${reasons}</ul>${decision}</td></tr>`
    })
    .join('\n')
  const products = a.products.length
    ? a.products.map((p) => `${esc(p.name)} ${esc(p.q_t)} t`).join('；')
    : '—'
  const history = a.history
    .map(
      (h) =>
        `<li>${esc(h.at.slice(0, 16).replace('T', ' '))} UTC · ${esc(h.by ?? '')} · ${esc(admissionVerdictNames[h.verdict].zh)}</li>`,
    )
    .join('')
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>准入评估报告 ${esc(a.name)}</title>
<style>
  body { font: 14px/1.5 "Noto Sans SC", "Microsoft YaHei", sans-serif; color: #111; margin: 24px auto; max-width: 960px; }
  h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 16px; margin: 20px 0 6px; border-bottom: 1px solid #999; }
  table { border-collapse: collapse; width: 100%; } th, td { border: 1px solid #999; padding: 4px 8px; vertical-align: top; text-align: left; }
  th { background: #f0f0f0; width: 22%; } .en { color: #555; font-size: 12px; } ul { margin: 0; padding-left: 18px; }
  .verdict { font-size: 20px; font-weight: bold; padding: 8px 12px; border: 2px solid; display: inline-block; }
  .o-fail .out { color: #b42318; font-weight: bold; } .o-conditional .out { color: #9a6700; font-weight: bold; }
  .o-pass .out { color: #1a7f37; } .o-manual .out { color: #555; } .decision { margin: 6px 0 0; }
  .note { color: #555; font-size: 12px; } @media print { body { margin: 0; } }
</style>
</head>
<body>
<h1>建设项目准入评估报告</h1>
<div class="en">Admission assessment report · ${esc(a.id)}</div>
<h2>申请信息 / Application</h2>
<table>
${row('名称 / Name', esc(a.name))}
${row('类型 / Kind', esc(kindNames[a.kind]))}
${row('申请单位 / Applicant', esc(a.applicant))}
${a.enterprise_id ? row('所属企业 / Enterprise', esc(a.enterprise_id)) : ''}
${row('行业类别 / Industry', esc(a.industry))}
${row('产品及化学品 / Products and chemicals', products)}
${row('生产工艺 / Processes', a.processes.length ? a.processes.map(esc).join('；') : '—')}
${row('拟选址 / Planned location', esc(locationText(a)))}
${row('计划投资 / Planned investment', a.investment_wan === null ? '—' : `${esc(a.investment_wan)} 万元`)}
${row('厂外 500 m 暴露人数 / Exposed people', a.exposed_people === null ? '未申报（按园区建筑估算）/ not declared (estimated)' : esc(a.exposed_people))}
${a.description ? row('说明 / Description', esc(a.description)) : ''}
</table>
<h2>评估结论 / Verdict</h2>
<div class="verdict" style="border-color:${esc(admissionVerdictColour[a.verdict])};color:${esc(admissionVerdictColour[a.verdict])}">${esc(verdict.zh)} / ${esc(verdict.en)}</div>
<p class="note">任一项不符合则不予准入；存在有条件项或待人工核查项则为有条件准入。/ Any failed item refuses; any conditional item or open manual check makes the admission conditional.</p>
<h2>检查清单 / Checklist</h2>
<table>
<tr><th style="width:4%">#</th><th style="width:24%">检查项 / Item</th><th style="width:12%">结论 / Outcome</th><th>理由 / Reasons</th></tr>
${items}
</table>
<p class="note">最小安全距离 / minimum distance: ${esc(s.min_distance_m)} m${s.distance_is_placeholder ? '（占位默认值，须按安全评价确定 / placeholder value）' : ''}。
淘汰类、限制类目录中的示例条目须替换为现行《产业结构调整指导目录》条目。/ Example catalogue entries must be replaced with the official catalogue.</p>
<h2>评估记录 / Assessment history</h2>
<ul>${history}</ul>
<p class="note">评估：${esc(a.assessed_by ?? '')} · ${esc(a.assessed_at.slice(0, 10))} · 打印 / printed ${esc(printedAt.slice(0, 16).replace('T', ' '))} UTC</p>
</body>
</html>
`
}
