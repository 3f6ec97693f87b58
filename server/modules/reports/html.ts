// Shared pieces of the server-side report HTML: escaping, the printable page, and inline SVG charts drawn here
// (no chart library, no script: the HTML is static and renders the same in a browser and in headless Chromium).

const escapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

/** Text for HTML content and attribute values. */
export function esc(v: unknown): string {
  return String(v ?? '').replace(/[&<>"']/g, (c) => escapes[c]!)
}

/** A trusted fragment (built by these helpers from escaped text). */
export interface Html {
  readonly html: string
}
export const raw = (html: string): Html => ({ html })

/** Tagged template: interpolated values are escaped unless they are Html (or arrays of Html). */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0]!
  values.forEach((v, i) => {
    out += part(v) + strings[i + 1]!
  })
  return raw(out)
}
function part(v: unknown): string {
  if (v === null || v === undefined || v === false) return ''
  if (Array.isArray(v)) return v.map(part).join('')
  if (typeof v === 'object' && 'html' in (v as object)) return (v as Html).html
  return esc(v)
}

export const fontStack = '"Noto Sans CJK SC", "Noto Sans SC", sans-serif'

const css = `
@page { size: A4; margin: 16mm 14mm 18mm; }
* { box-sizing: border-box; }
body { font-family: ${fontStack}; color: #1f2937; font-size: 10.5pt; line-height: 1.55; margin: 0; }
main { max-width: 182mm; margin: 0 auto; padding: 8mm 0; }
h1 { font-size: 20pt; margin: 0 0 2mm; color: #0f172a; }
h2 { font-size: 13.5pt; margin: 7mm 0 2.5mm; padding-bottom: 1mm; border-bottom: 2px solid #1e3a8a; color: #1e3a8a; break-after: avoid; }
h3 { font-size: 11pt; margin: 4mm 0 2mm; }
.sub { color: #64748b; font-size: 9.5pt; }
.meta { display: flex; flex-wrap: wrap; gap: 2mm 8mm; margin: 3mm 0; font-size: 9.5pt; color: #334155; }
table { width: 100%; border-collapse: collapse; margin: 2mm 0 3mm; font-size: 9pt; }
th, td { border: 1px solid #cbd5e1; padding: 1.2mm 1.8mm; vertical-align: top; text-align: left; }
th { background: #eef2ff; font-weight: 700; }
tr { break-inside: avoid; }
td.num, th.num { text-align: right; white-space: nowrap; }
.figures { display: flex; gap: 3mm; flex-wrap: wrap; margin: 3mm 0; }
.figure { flex: 1 1 30mm; border: 1px solid #cbd5e1; border-radius: 2mm; padding: 2.5mm 3mm; }
.figure .v { font-size: 16pt; font-weight: 700; color: #0f172a; }
.figure .l { font-size: 8.5pt; color: #64748b; }
.badge { display: inline-block; border-radius: 2mm; padding: 1mm 3mm; color: #fff; font-weight: 700; }
.note { font-size: 8.5pt; color: #64748b; border-left: 3px solid #cbd5e1; padding-left: 2mm; margin: 2mm 0; }
.placeholder { color: #b45309; }
.worse { color: #b91c1c; }
.better { color: #15803d; }
.chart { margin: 2mm 0 4mm; break-inside: avoid; }
footer { margin-top: 8mm; font-size: 8pt; color: #94a3b8; border-top: 1px solid #e2e8f0; padding-top: 2mm; }
`

/** A complete printable document (A4, CJK fonts named first). */
export function page(title: string, body: Html): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${css}</style>
</head>
<body><main>${body.html}</main></body>
</html>
`
}

/** 0.8734 → "87.3%"; null → "—". */
export const pct = (r: number | null, digits = 1) => (r === null ? '—' : `${(r * 100).toFixed(digits)}%`)

/** Minutes as text: 4.2 → "4.2 分钟", 135 → "2.3 小时". */
export function minutes(m: number | null): string {
  if (m === null) return '—'
  return m < 120 ? `${m.toFixed(1)} 分钟` : `${(m / 60).toFixed(1)} 小时`
}

export interface ChartBar {
  label: string
  value: number
  /** text at the bar's end (defaults to the value) */
  text?: string
  colour?: string
}

const svgOpen = (w: number, h: number, label: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" role="img" aria-label="${esc(label)}" font-family='${fontStack}'>`

/**
 * Horizontal bars: one row per bar, label at the left, value text at the right. `max` fixes the scale (100 for
 * percentages, an element's points); default the largest value.
 */
export function hBars(
  bars: readonly ChartBar[],
  o: { title: string; max?: number; width?: number; labelWidth?: number; valueWidth?: number },
): Html {
  const w = o.width ?? 640
  const lw = o.labelWidth ?? 170
  const row = 22
  const h = bars.length * row + 8
  const max = Math.max(1e-9, o.max ?? Math.max(...bars.map((b) => b.value), 0))
  const track = w - lw - (o.valueWidth ?? 70)
  const rows = bars
    .map((b, i) => {
      const y = 4 + i * row
      const bw = Math.max(0, Math.min(1, b.value / max)) * track
      return (
        `<text x="${lw - 6}" y="${y + 14}" font-size="11" text-anchor="end" fill="#334155">${esc(b.label)}</text>` +
        `<rect x="${lw}" y="${y + 3}" width="${track}" height="14" fill="#f1f5f9"/>` +
        `<rect x="${lw}" y="${y + 3}" width="${bw.toFixed(1)}" height="14" fill="${esc(b.colour ?? '#2563eb')}"/>` +
        `<text x="${lw + track + 6}" y="${y + 14}" font-size="11" fill="#0f172a">${esc(b.text ?? String(b.value))}</text>`
      )
    })
    .join('')
  return raw(`<div class="chart">${svgOpen(w, h, o.title)}${rows}</svg></div>`)
}

export interface Series {
  name: string
  colour: string
  /** one value per category; null: no value (no bar) */
  values: readonly (number | null)[]
}

/**
 * Vertical grouped bars (categories along the bottom, one bar per series), with a legend and value labels. Used for
 * this year vs last year per element and median vs p90 handling time per priority.
 */
export function groupedBars(
  categories: readonly string[],
  series: readonly Series[],
  o: { title: string; max?: number; width?: number; height?: number; format?: (v: number) => string },
): Html {
  const w = o.width ?? 640
  const h = o.height ?? 220
  const top = 26
  const bottom = 40
  const left = 36
  const plotH = h - top - bottom
  const plotW = w - left - 8
  const all = series.flatMap((s) => s.values.filter((v): v is number => v !== null))
  const max = Math.max(1e-9, o.max ?? Math.max(...all, 0))
  const fmt = o.format ?? ((v: number) => String(v))
  const group = plotW / Math.max(1, categories.length)
  const bw = Math.min(28, (group * 0.7) / Math.max(1, series.length))
  let out = svgOpen(w, h, o.title)
  // axis and gridlines (0, 50 %, 100 % of max)
  for (const f of [0, 0.5, 1]) {
    const y = top + plotH - f * plotH
    out += `<line x1="${left}" x2="${w - 8}" y1="${y}" y2="${y}" stroke="#e2e8f0"/>`
    out += `<text x="${left - 4}" y="${y + 4}" font-size="9" text-anchor="end" fill="#64748b">${esc(fmt(max * f))}</text>`
  }
  categories.forEach((c, i) => {
    const gx = left + i * group + (group - bw * series.length) / 2
    series.forEach((s, j) => {
      const v = s.values[i]
      if (v === null || v === undefined) return
      const bh = Math.max(0, Math.min(1, v / max)) * plotH
      const x = gx + j * bw
      out += `<rect x="${x.toFixed(1)}" y="${(top + plotH - bh).toFixed(1)}" width="${(bw - 2).toFixed(1)}" height="${bh.toFixed(1)}" fill="${esc(s.colour)}"/>`
      out += `<text x="${(x + bw / 2 - 1).toFixed(1)}" y="${(top + plotH - bh - 3).toFixed(1)}" font-size="8.5" text-anchor="middle" fill="#0f172a">${esc(fmt(v))}</text>`
    })
    const label = c.length > 9 ? `${c.slice(0, 8)}…` : c
    out += `<text x="${(left + i * group + group / 2).toFixed(1)}" y="${h - bottom + 16}" font-size="10" text-anchor="middle" fill="#334155">${esc(label)}</text>`
  })
  series.forEach((s, j) => {
    const x = left + j * 120
    out += `<rect x="${x}" y="6" width="12" height="10" fill="${esc(s.colour)}"/>`
    out += `<text x="${x + 16}" y="15" font-size="10" fill="#334155">${esc(s.name)}</text>`
  })
  return raw(`<div class="chart">${out}</svg></div>`)
}
