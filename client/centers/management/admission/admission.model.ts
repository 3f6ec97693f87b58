import type { AdmissionProduct, AdmissionSummary } from '../../../../server/contracts/admission'

// Pure model of the 准入评估 tab: reading the application form (product lines, process lists, coordinates) and
// placing a point on a park object. No DOM here (unit-tested).

export interface ParseResult<T> {
  value: T
  errors: string[]
}

/**
 * Product lines: "氯 50", "甲苯,300", "乙酸乙酯：120 t" → {name, q_t}. Blank lines are skipped; a line without a
 * trailing quantity is an error naming its line number.
 */
export function parseProducts(textValue: string): ParseResult<AdmissionProduct[]> {
  const value: AdmissionProduct[] = []
  const errors: string[] = []
  textValue.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.normalize('NFKC').trim()
    if (!line) return
    const m = /^(.+?)[\s,;:]+(\d+(?:\.\d+)?)\s*(?:t|吨)?$/i.exec(line)
    if (!m) {
      errors.push(`${i + 1}: ${raw.trim()}`)
      return
    }
    value.push({ name: m[1]!.trim(), q_t: Number(m[2]) })
  })
  return { value, errors }
}

/** Processes separated by commas, 、, ; or new lines; blanks and repeats dropped. */
export function parseProcesses(textValue: string): string[] {
  return [
    ...new Set(
      textValue
        .normalize('NFKC')
        .split(/[,，、;；\n]/)
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ]
}

/** A WGS-84 point from two text fields; null when either is not a number in range. */
export function parsePoint(lon: string, lat: string): [number, number] | null {
  const x = Number(lon)
  const y = Number(lat)
  if (lon.trim() === '' || lat.trim() === '' || !Number.isFinite(x) || !Number.isFinite(y)) return null
  if (x < -180 || x > 180 || y < -90 || y > 90) return null
  return [Math.round(x * 1e7) / 1e7, Math.round(y * 1e7) / 1e7]
}

type Geometry =
  | { type: 'Point'; coordinates: number[] }
  | { type: 'LineString'; coordinates: number[][] }
  | { type: 'Polygon'; coordinates: number[][][] }
  | { type: 'MultiPolygon'; coordinates: number[][][][] }

/**
 * A representative point of a park object: the point itself, the vertex mean of a line, or the area-weighted
 * centroid of a polygon's outer ring (of the largest polygon of a multipolygon).
 */
export function representativePoint(g: Geometry): [number, number] | null {
  if (g.type === 'Point') return [g.coordinates[0]!, g.coordinates[1]!]
  if (g.type === 'LineString') {
    if (!g.coordinates.length) return null
    const n = g.coordinates.length
    return [
      g.coordinates.reduce((a, c) => a + c[0]!, 0) / n,
      g.coordinates.reduce((a, c) => a + c[1]!, 0) / n,
    ]
  }
  const rings = g.type === 'Polygon' ? [g.coordinates[0] ?? []] : g.coordinates.map((p) => p[0] ?? [])
  let best: { area: number; x: number; y: number } | null = null
  for (const ring of rings) {
    let a = 0
    let cx = 0
    let cy = 0
    for (let i = 0; i + 1 < ring.length; i++) {
      const [x0, y0] = ring[i]!
      const [x1, y1] = ring[i + 1]!
      const f = x0! * y1! - x1! * y0!
      a += f
      cx += (x0! + x1!) * f
      cy += (y0! + y1!) * f
    }
    if (Math.abs(a) < 1e-18) continue
    const c = { area: Math.abs(a / 2), x: cx / (3 * a), y: cy / (3 * a) }
    if (!best || c.area > best.area) best = c
  }
  return best ? [best.x, best.y] : null
}

const verdictRank: Record<AdmissionSummary['verdict'], number> = { refuse: 0, conditional: 1, pass: 2 }

/** Newest first; on the same day refusals, then conditional admissions, then passes. */
export function sortApplications(list: readonly AdmissionSummary[]): AdmissionSummary[] {
  return [...list].sort(
    (a, b) =>
      b.created_at.slice(0, 10).localeCompare(a.created_at.slice(0, 10)) ||
      verdictRank[a.verdict] - verdictRank[b.verdict] ||
      a.name.localeCompare(b.name, 'zh-CN'),
  )
}
