import {
  evaluationStatusNames,
  gradeColours,
  toTenths,
  formatTenths,
  type EvaluationDetail,
} from '../../contracts/evaluation'
import { groupedBars, hBars, html, page, raw, type Html } from './html'

// 园区年度安全风险评估报告: the annual evaluation against 《化工园区安全风险排查治理导则》 as printable HTML — grade and
// thresholds, element scores (chart and table), every item, the deductions with improvement advice, the next-year
// plan (一园一策) and the comparison with the previous year.

export interface AnnualReportInput {
  park_name: string
  evaluation: EvaluationDetail
  generated_at: string
}

const p1 = (n: number) => formatTenths(toTenths(n) ?? Math.round(n * 10))
const signed = (n: number) => (n > 0 ? `+${p1(n)}` : p1(n))
const shanghai = (iso: string) =>
  new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ')

export function annualReportTitle(park: string, year: number): string {
  return `${park}${year}年度安全风险评估报告`
}

export function annualReportHtml(d: AnnualReportInput): string {
  const e = d.evaluation
  const title = annualReportTitle(d.park_name, e.year)
  const band = e.bands.find((b) => b.grade === e.grade)
  const c = e.comparison
  const hasPlaceholder = e.elements.some((x) => !x.confirmed)

  const elementChart = hBars(
    e.elements.map((x) => ({
      label: `${x.name}`,
      value: x.max_points ? x.score / x.max_points : 0,
      text: `${p1(x.score)} / ${p1(x.max_points)}`,
      colour: x.confirmed ? '#2563eb' : '#d97706',
    })),
    { title: '各要素得分', max: 1, labelWidth: 190 },
  )
  const compareChart = c
    ? groupedBars(
        e.elements.map((x) => x.name),
        [
          { name: `${c.previous_year}年`, colour: '#94a3b8', values: c.elements.map((x) => x.previous) },
          { name: `${e.year}年`, colour: '#2563eb', values: c.elements.map((x) => x.score) },
        ],
        { title: '与上年对比（各要素得分）', format: (v) => p1(v) },
      )
    : null

  const body: Html = html`
    <h1>${title}</h1>
    <div class="sub">
      依据《化工园区安全风险排查治理导则》（应急〔2023〕123号） · Annual park safety-risk evaluation
    </div>
    <div class="meta">
      <span>评估年度：${e.year}年</span>
      <span>状态：${evaluationStatusNames[e.status].zh}</span>
      ${e.approved_at ? html`<span>批准：${e.approved_by ?? ''} ${shanghai(e.approved_at)}</span>` : null}
      <span>报告生成：${shanghai(d.generated_at)}</span>
    </div>
    ${e.status !== 'approved' ? html`<div class="note">本评估尚未批准，得分与等级为当前草稿计算结果。</div>` : null}

    <h2>一、评估结论</h2>
    <div class="figures">
      <div class="figure">
        <div class="v">${p1(e.total_points)}</div>
        <div class="l">总分（满分 ${p1(e.max_points)}）</div>
      </div>
      <div class="figure">
        <div class="v">
          <span class="badge" style="background:${gradeColours[e.grade]}" data-grade="${e.grade}"
            >${e.grade} 类</span
          >
        </div>
        <div class="l">${band?.label ?? ''}</div>
      </div>
      <div class="figure">
        <div class="v">${p1(e.deduction_points)}</div>
        <div class="l">扣分合计（${e.deductions.length} 项）</div>
      </div>
      ${
        c
          ? html`<div class="figure">
              <div class="v ${c.total_change < 0 ? 'worse' : 'better'}">${signed(c.total_change)}</div>
              <div class="l">较${c.previous_year}年（${p1(c.previous_total)}，${c.previous_grade} 类）</div>
            </div>`
          : null
      }
    </div>
    ${band?.consequence ? html`<p>等级要求：${band.consequence}</p>` : null}
    ${e.summary ? html`<p>${e.summary}</p>` : null}
    <h3>安全风险等级划分</h3>
    <table>
      <thead>
        <tr>
          <th>等级</th>
          <th>总分范围</th>
          <th>含义</th>
          <th>管控要求</th>
        </tr>
      </thead>
      <tbody>
        ${e.bands.map((b, i) => {
          const next = e.bands[i + 1]
          const range = next
            ? `${p1(b.min_points)} ≤ 分数 < ${p1(next.min_points)}`
            : `分数 ≥ ${p1(b.min_points)}`
          return html`<tr${raw(b.grade === e.grade ? ' style="font-weight:700"' : '')}>
            <td>${b.grade} 类</td><td>${range}</td><td>${b.label}</td><td>${b.consequence}</td></tr>`
        })}
      </tbody>
    </table>

    <h2>二、各要素得分</h2>
    ${elementChart}
    <table>
      <thead>
        <tr>
          <th>序号</th>
          <th>要素</th>
          <th class="num">分值</th>
          <th class="num">得分</th>
          <th class="num">得分率</th>
          ${
            c
              ? html`<th class="num">${c.previous_year}年</th>
                  <th class="num">变化</th>`
              : null
          }
        </tr>
      </thead>
      <tbody>
        ${e.elements.map((x, i) => {
          const cmp = c?.elements.find((y) => y.element_id === x.element_id)
          return html`<tr>
            <td>${i + 1}</td>
            <td>${x.name}${x.confirmed ? null : html` <span class="placeholder">（占位要素）</span>`}</td>
            <td class="num">${p1(x.max_points)}</td>
            <td class="num">${p1(x.score)}</td>
            <td class="num">${x.max_points ? `${((x.score / x.max_points) * 100).toFixed(1)}%` : '—'}</td>
            ${
              c
                ? html`<td class="num">
                      ${cmp?.previous === null || cmp?.previous === undefined ? '—' : p1(cmp.previous)}
                    </td>
                    <td class="num ${cmp?.change && cmp.change < 0 ? 'worse' : ''}">
                      ${cmp?.change === null || cmp?.change === undefined ? '—' : signed(cmp.change)}
                    </td>`
                : null
            }
          </tr>`
        })}
        <tr>
          <td></td>
          <td><b>合计</b></td>
          <td class="num"><b>${p1(e.max_points)}</b></td>
          <td class="num"><b>${p1(e.total_points)}</b></td>
          <td class="num">
            ${e.max_points ? `${((e.total_points / e.max_points) * 100).toFixed(1)}%` : '—'}
          </td>
          ${
            c
              ? html`<td class="num">${p1(c.previous_total)}</td>
                  <td class="num">${signed(c.total_change)}</td>`
              : null
          }
        </tr>
      </tbody>
    </table>
    ${
      hasPlaceholder
        ? html`<div class="note">
            说明：“设立”“选址及规划”两要素的名称与分值已按导则确认；标注“占位要素”的要素及其条目为占位内容，须由园区替换为《导则》正式文本后再用于正式评估。
          </div>`
        : null
    }

    <h2>三、扣分项及整改建议</h2>
    ${
      e.deductions.length
        ? html`<table>
            <thead>
              <tr>
                <th>条目</th>
                <th>要素</th>
                <th>检查内容</th>
                <th class="num">扣分</th>
                <th>扣分情况</th>
                <th>整改建议</th>
              </tr>
            </thead>
            <tbody>
              ${e.deductions.map(
                (x) =>
                  html`<tr>
                    <td>${x.item_no}</td>
                    <td>${x.element_name}</td>
                    <td>${x.content}</td>
                    <td class="num">${p1(x.deduction)}</td>
                    <td>${x.finding ?? '—'}</td>
                    <td>${x.advice ?? '—'}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`
        : html`<p>本年度无扣分项。</p>`
    }

    <h2>四、下一年度整改计划（一园一策）</h2>
    ${
      e.deductions.length
        ? html`<table>
            <thead>
              <tr>
                <th>条目</th>
                <th>整改措施</th>
                <th>责任单位</th>
                <th>完成时限</th>
              </tr>
            </thead>
            <tbody>
              ${e.deductions.map(
                (x) =>
                  html`<tr>
                    <td>${x.item_no}</td>
                    <td>${x.plan_measure ?? '—'}</td>
                    <td>${x.plan_owner ?? '—'}</td>
                    <td>${x.plan_deadline ?? '—'}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`
        : html`<p>无需整改计划。</p>`
    }

    <h2>五、与上年度对比</h2>
    ${
      c
        ? html`${compareChart}
            <p>
              ${e.year}年总分 ${p1(e.total_points)}（${e.grade} 类），${c.previous_year}年
              ${p1(c.previous_total)}（${c.previous_grade} 类），变化 ${signed(c.total_change)} 分。
            </p>
            <h3>得分下降的条目</h3>
            ${
              c.worse.length
                ? html`<table>
                    <thead>
                      <tr>
                        <th>条目</th>
                        <th>检查内容</th>
                        <th class="num">${c.previous_year}年</th>
                        <th class="num">${e.year}年</th>
                        <th class="num">变化</th>
                      </tr>
                    </thead>
                    <tbody>
                      ${c.worse.map(
                        (x) =>
                          html`<tr>
                            <td>${x.item_no}</td>
                            <td>${x.content}</td>
                            <td class="num">${p1(x.previous)}</td>
                            <td class="num">${p1(x.score)}</td>
                            <td class="num worse">${signed(x.change)}</td>
                          </tr>`,
                      )}
                    </tbody>
                  </table>`
                : html`<p>无得分下降的条目。</p>`
            }`
        : html`<p>无上一年度评估记录。</p>`
    }

    <h2>附：逐项评分</h2>
    <table>
      <thead>
        <tr>
          <th>条目</th>
          <th>检查内容</th>
          <th class="num">分值</th>
          <th class="num">得分</th>
          <th>佐证材料</th>
        </tr>
      </thead>
      <tbody>
        ${e.items.map(
          (x) =>
            html`<tr>
              <td>${x.item_no}</td>
              <td>${x.content}${x.placeholder ? html` <span class="placeholder">（占位）</span>` : null}</td>
              <td class="num">${p1(x.max_points)}</td>
              <td class="num">${x.score === null ? '未评分' : p1(x.score)}</td>
              <td>
                ${x.evidence.length ? x.evidence.map((v) => v.title).join('；') : html`<span class="sub">${x.evidence_required || '—'}</span>`}
              </td>
            </tr>`,
        )}
      </tbody>
    </table>
    <footer>ChemPark Twin · ${title} · 得分以0.1分为单位精确计算</footer>
  `
  return page(title, body)
}
