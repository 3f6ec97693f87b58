import { documentTypeNames, type DocumentType } from '../../contracts/documents'
import type { OperationsReportData } from '../../contracts/reports'
import { groupedBars, hBars, html, minutes, page, pct, type Html } from './html'

// 平台运行情况双月反馈报告: device online rate, data completeness, alarms by priority with median / p90 handling
// time, hidden dangers closed on time, documents expiring — for one two-month period, as printable HTML.

const priorityNames: Record<string, string> = { urgent: '紧急', high: '高', low: '低' }
const priorityColours: Record<string, string> = { urgent: '#dc2626', high: '#f59e0b', low: '#3b82f6' }
const sourceNames: Record<string, string> = {
  sensor: '传感器',
  system: '系统',
  zone: '区域/围栏',
  gate: '卡口',
  tag: '定位卡',
  incident: '事故',
}
const shanghai = (iso: string) =>
  new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ')
const rateColour = (r: number | null) =>
  r === null ? '#94a3b8' : r >= 0.95 ? '#16a34a' : r >= 0.8 ? '#f59e0b' : '#dc2626'
/** 江海瑞丰化肥有限公司 → 瑞丰化肥 (chart labels) */
const shortName = (n: string) => n.replace(/^江海/, '').replace(/(股份)?有限(责任)?公司$/, '')
const typeName = (t: string) => documentTypeNames[t as DocumentType]?.zh ?? t

export function operationsReportTitle(park: string, label: string): string {
  return `${park}平台运行情况双月反馈报告（${label}）`
}

export function operationsReportHtml(d: OperationsReportData): string {
  const title = operationsReportTitle(d.park_name, d.period.label)
  const hd = d.hidden_dangers
  const al = d.alarms

  const onlineChart = hBars(
    d.devices.groups.map((g) => ({
      label: g.name,
      value: g.rate ?? 0,
      text: pct(g.rate),
      colour: rateColour(g.rate),
    })),
    { title: '设备在线率', max: 1 },
  )
  const worstCollectors = [...d.completeness.collectors]
    .sort((a, b) => (a.rate ?? 2) - (b.rate ?? 2) || a.mn.localeCompare(b.mn))
    .slice(0, 12)
  const completenessChart = hBars(
    worstCollectors.map((c) => ({
      label: `${shortName(c.enterprise_name ?? '园区')} ${c.name}`,
      value: c.rate ?? 0,
      text: `${pct(c.rate)}（${c.received}/${c.expected}）`,
      colour: rateColour(c.rate),
    })),
    { title: '数据完整率（按数采仪，最低的12台）', max: 1, labelWidth: 250, valueWidth: 120 },
  )
  const alarmChart = hBars(
    al.by_priority.map((p) => ({
      label: `${priorityNames[p.priority] ?? p.priority}优先级`,
      value: p.count,
      text: `${p.count} 条`,
      colour: priorityColours[p.priority],
    })),
    { title: '报警数量（按优先级）' },
  )
  const handlingChart = groupedBars(
    al.by_priority.map((p) => `${priorityNames[p.priority] ?? p.priority}优先级`),
    [
      { name: '中位数（分钟）', colour: '#2563eb', values: al.by_priority.map((p) => p.median_min) },
      { name: 'P90（分钟）', colour: '#f97316', values: al.by_priority.map((p) => p.p90_min) },
    ],
    { title: '报警处置时间（从报警到确认）', format: (v) => v.toFixed(1), height: 200 },
  )
  const hdChart = hBars(
    [
      { label: '按期整改销号', value: hd.closed_on_time, text: `${hd.closed_on_time} 项`, colour: '#16a34a' },
      { label: '逾期整改销号', value: hd.closed_late, text: `${hd.closed_late} 项`, colour: '#f59e0b' },
      { label: '逾期未整改', value: hd.open_overdue, text: `${hd.open_overdue} 项`, colour: '#dc2626' },
    ],
    { title: '隐患整改情况' },
  )
  const docChart = hBars(
    [
      {
        label: '已过期未更新',
        value: d.documents.expired,
        text: `${d.documents.expired} 份`,
        colour: '#dc2626',
      },
      {
        label: '即将到期',
        value: d.documents.expiring,
        text: `${d.documents.expiring} 份`,
        colour: '#f59e0b',
      },
    ],
    { title: '文档到期情况' },
  )

  const body: Html = html`
    <h1>${title}</h1>
    <div class="sub">Platform operation feedback report · ${d.period.label_en}</div>
    <div class="meta">
      <span>统计周期：${d.period.from_day} 至 ${d.period.to_day}（不含）</span>
      <span>数据截至：${shanghai(d.until)}${d.partial ? '（周期进行中）' : ''}</span>
      <span>报告生成：${shanghai(d.generated_at)}</span>
    </div>

    <h2>一、运行概况</h2>
    <div class="figures">
      <div class="figure">
        <div class="v">${pct(d.devices.rate)}</div>
        <div class="l">设备在线率</div>
      </div>
      <div class="figure">
        <div class="v">${pct(d.completeness.rate)}</div>
        <div class="l">数据完整率</div>
      </div>
      <div class="figure">
        <div class="v">${al.total}</div>
        <div class="l">报警总数（上期 ${al.previous_total}）</div>
      </div>
      <div class="figure">
        <div class="v">${pct(hd.on_time_rate)}</div>
        <div class="l">隐患按期整改率</div>
      </div>
      <div class="figure">
        <div class="v">${d.documents.expired + d.documents.expiring}</div>
        <div class="l">到期/即将到期文档</div>
      </div>
    </div>

    <h2>二、设备在线率</h2>
    ${onlineChart}
    <table>
      <thead>
        <tr>
          <th>设备类别</th>
          <th class="num">设备数</th>
          <th class="num">应在线（设备·小时）</th>
          <th class="num">实际在线</th>
          <th class="num">在线率</th>
        </tr>
      </thead>
      <tbody>
        ${d.devices.groups.map(
          (g) =>
            html`<tr>
              <td>${g.name}</td>
              <td class="num">${g.devices}</td>
              <td class="num">${g.expected_hours}</td>
              <td class="num">${g.online_hours}</td>
              <td class="num">${pct(g.rate)}</td>
            </tr>`,
        )}
      </tbody>
    </table>
    <div class="note">
      在线率 = 有数据上报的设备·小时 ÷ 应上报的设备·小时（自周期开始或设备登记时起，至统计截止）。
    </div>
    ${
      d.devices.worst.length
        ? html`<h3>在线率最低的设备</h3>
            <table>
              <thead>
                <tr>
                  <th>设备</th>
                  <th>企业</th>
                  <th class="num">在线率</th>
                </tr>
              </thead>
              <tbody>
                ${d.devices.worst.map(
                  (x) =>
                    html`<tr>
                      <td>${x.name}</td>
                      <td>${x.enterprise_name ?? '园区'}</td>
                      <td class="num">${pct(x.rate)}</td>
                    </tr>`,
                )}
              </tbody>
            </table>`
        : null
    }

    <h2>三、数据完整率</h2>
    ${d.completeness.collectors.length ? completenessChart : html`<p>本期无在用数采仪。</p>`}
    <p>
      应收小时数据 ${d.completeness.expected} 条，实收 ${d.completeness.received} 条，完整率
      ${pct(d.completeness.rate)}。
    </p>
    <div class="note">完整率按 HJ 212-2017 小时数据（CN 2061）计：每台数采仪每小时应上报一条。</div>

    <h2>四、报警统计</h2>
    ${alarmChart} ${handlingChart}
    <table>
      <thead>
        <tr>
          <th>优先级</th>
          <th class="num">报警数</th>
          <th class="num">已确认</th>
          <th class="num">处置时间中位数</th>
          <th class="num">处置时间P90</th>
        </tr>
      </thead>
      <tbody>
        ${al.by_priority.map(
          (p) =>
            html`<tr>
              <td>${priorityNames[p.priority] ?? p.priority}</td>
              <td class="num">${p.count}</td>
              <td class="num">${p.acknowledged}</td>
              <td class="num">${minutes(p.median_min)}</td>
              <td class="num">${minutes(p.p90_min)}</td>
            </tr>`,
        )}
      </tbody>
    </table>
    ${
      al.by_source.length
        ? html`<p>
            按来源：${al.by_source.map((s) => `${sourceNames[s.source_type] ?? s.source_type} ${s.count} 条`).join('，')}。
          </p>`
        : null
    }

    <h2>五、隐患排查治理</h2>
    ${hdChart}
    <table>
      <thead>
        <tr>
          <th>本期新发现一般隐患</th>
          <th>本期新发现重大隐患</th>
          <th>本期到期</th>
          <th>本期销号</th>
          <th>按期销号</th>
          <th>逾期未整改</th>
          <th>按期整改率</th>
        </tr>
      </thead>
      <tbody>
        <tr>
          <td class="num">${hd.found_general}</td>
          <td class="num">${hd.found_major}</td>
          <td class="num">${hd.due}</td>
          <td class="num">${hd.closed}</td>
          <td class="num">${hd.closed_on_time}</td>
          <td class="num">${hd.open_overdue}</td>
          <td class="num">${pct(hd.on_time_rate)}</td>
        </tr>
      </tbody>
    </table>

    <h2>六、文档到期提醒</h2>
    ${docChart}
    ${
      d.documents.items.length
        ? html`<table>
            <thead>
              <tr>
                <th>文档</th>
                <th>类型</th>
                <th>所属</th>
                <th>到期日</th>
                <th>状态</th>
              </tr>
            </thead>
            <tbody>
              ${d.documents.items.map(
                (x) =>
                  html`<tr>
                    <td>${x.title}</td>
                    <td>${typeName(x.doc_type)}</td>
                    <td>${x.enterprise_name ?? '园区'}</td>
                    <td>${x.expires_on}</td>
                    <td class="${x.state === 'expired' ? 'worse' : ''}">
                      ${x.state === 'expired' ? '已过期' : '即将到期'}
                    </td>
                  </tr>`,
              )}
            </tbody>
          </table>`
        : html`<p>截至 ${d.documents.horizon_day} 无到期文档。</p>`
    }
    <footer>ChemPark Twin · ${title}</footer>
  `
  return page(title, body)
}
