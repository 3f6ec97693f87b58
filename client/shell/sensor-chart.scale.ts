// Pure parts of the sensor chart: value and time scales, ticks in China time, limit lines, the series path.
import type { ReadingsSeries, ReadingStep } from '../../server/contracts'
import type { LimitLevel, Limits } from '../live/sensor-state'

const chinaOffsetMs = 8 * 3_600_000
const minute = 60_000
const hour = 60 * minute

export interface ChartPoint {
  /** ms since the epoch */
  t: number
  v: number | null
}

/** Raw values for up to 6 hours, minute averages beyond (GET /sensors/:id/readings `step`). */
export function stepFor(rangeMs: number): Extract<ReadingStep, 'raw' | 'minute'> {
  return rangeMs <= 6 * hour ? 'raw' : 'minute'
}

/** The chartable points of a readings answer: raw values, or the bucket averages. */
export function seriesPoints(series: ReadingsSeries): ChartPoint[] {
  const points =
    series.step === 'raw'
      ? series.points.map((p) => ({ t: Date.parse(p.t), v: p.value }))
      : series.buckets.map((b) => ({ t: Date.parse(b.t), v: b.avg }))
  return points.filter((p) => Number.isFinite(p.t)).sort((a, b) => a.t - b.t)
}

export interface Ticks {
  min: number
  max: number
  step: number
  ticks: number[]
}

/** "Nice" (1, 2, 2.5, 5 × 10ⁿ) ticks covering [min, max] with at most about `count` intervals. */
export function niceTicks(min: number, max: number, count = 5): Ticks {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return niceTicks(0, 1, count)
  if (min > max) [min, max] = [max, min]
  if (min === max) {
    const pad = min === 0 ? 1 : Math.abs(min) * 0.1
    min -= pad
    max += pad
  }
  const raw = (max - min) / Math.max(1, count)
  const mag = 10 ** Math.floor(Math.log10(raw))
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * mag >= raw) ?? 10) * mag
  const lo = Math.floor(min / step + 1e-9) * step
  const hi = Math.ceil(max / step - 1e-9) * step
  const ticks: number[] = []
  for (let v = lo; v <= hi + step / 2; v += step) ticks.push(roundTo(v, step))
  return { min: roundTo(lo, step), max: roundTo(hi, step), step, ticks }
}

/** Removes float noise (0.30000000000000004) at the tick step's precision. */
function roundTo(v: number, step: number): number {
  const digits = Math.max(0, -Math.floor(Math.log10(step)) + 2)
  return Number(v.toFixed(Math.min(digits, 12)))
}

/** The value axis: the data and every limit (so each limit line is drawn), with nice ends. */
export function valueDomain(points: readonly ChartPoint[], limits: Limits | null, count = 5): Ticks {
  const values = points.map((p) => p.v).filter((v): v is number => v !== null && Number.isFinite(v))
  for (const v of limitValues(limits)) values.push(v)
  if (values.length === 0) return niceTicks(0, 1, count)
  let min = Math.min(...values)
  let max = Math.max(...values)
  // a non-negative quantity (concentration, %LEL) reads best from zero
  if (min >= 0 && min <= (max - min) * 0.5) min = 0
  const pad = (max - min) * 0.05
  if (min !== 0) min -= pad
  max += pad
  return niceTicks(min, max, count)
}

function limitValues(limits: Limits | null): number[] {
  if (!limits) return []
  return [limits.low_low, limits.low, limits.high, limits.high_high].filter(
    (v): v is number => v !== null && Number.isFinite(v),
  )
}

export interface LimitLine {
  level: LimitLevel
  label: 'HH' | 'H' | 'L' | 'LL'
  value: number
}

/** Horizontal limit lines, HH first, for limits inside the value axis. */
export function limitLines(limits: Limits | null, domain: { min: number; max: number }): LimitLine[] {
  if (!limits) return []
  const all: [LimitLevel, LimitLine['label'], number | null][] = [
    ['hh', 'HH', limits.high_high],
    ['h', 'H', limits.high],
    ['l', 'L', limits.low],
    ['ll', 'LL', limits.low_low],
  ]
  return all
    .filter(([, , v]) => v !== null && v >= domain.min && v <= domain.max)
    .map(([level, label, v]) => ({ level, label, value: v! }))
}

const timeSteps = [
  minute,
  2 * minute,
  5 * minute,
  10 * minute,
  15 * minute,
  30 * minute,
  hour,
  2 * hour,
  3 * hour,
  6 * hour,
  12 * hour,
  24 * hour,
]

/** Time ticks at round China-time clock positions (every 10 min, 1 h, 3 h …), at most `count`. */
export function timeTicks(fromMs: number, toMs: number, count = 6): number[] {
  if (!(toMs > fromMs)) return []
  const step = timeSteps.find((s) => (toMs - fromMs) / s <= count) ?? 24 * hour
  const first = Math.ceil((fromMs + chinaOffsetMs) / step) * step - chinaOffsetMs
  const ticks: number[] = []
  for (let t = first; t <= toMs; t += step) ticks.push(t)
  return ticks
}

const pad2 = (n: number) => String(n).padStart(2, '0')

/** HH:mm in China Standard Time (UTC+8, no daylight saving), whatever the browser's zone. */
export function chinaClock(ms: number): string {
  const d = new Date(ms + chinaOffsetMs)
  return `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`
}

/** MM-DD HH:mm:ss in China Standard Time. */
export function chinaDateTime(ms: number): string {
  const d = new Date(ms + chinaOffsetMs)
  return `${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ${chinaClock(ms)}:${pad2(d.getUTCSeconds())}`
}

export interface Scale {
  (v: number): number
}

/** Linear map of [d0, d1] onto [r0, r1]. */
export function linear(d0: number, d1: number, r0: number, r1: number): Scale {
  const k = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0)
  return (v) => r0 + (v - d0) * k
}

/**
 * SVG path of the series: a gap (no value, or more than `maxGapMs` between two points) lifts the pen, so
 * a device that was silent is not drawn as a straight line across its silence.
 */
export function linePath(points: readonly ChartPoint[], x: Scale, y: Scale, maxGapMs = Infinity): string {
  let d = ''
  let pen = false
  let lastT = -Infinity
  for (const p of points) {
    if (p.v === null || !Number.isFinite(p.v)) {
      pen = false
      continue
    }
    const move = !pen || p.t - lastT > maxGapMs
    d += `${move ? 'M' : 'L'}${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`
    pen = true
    lastT = p.t
  }
  return d
}

/** Index of the point nearest to `t` that has a value, or -1. */
export function nearestIndex(points: readonly ChartPoint[], t: number): number {
  let best = -1
  let bestD = Infinity
  let lo = 0
  let hi = points.length - 1
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (points[mid]!.t < t) lo = mid + 1
    else hi = mid
  }
  for (let i = Math.max(0, lo - 3); i <= Math.min(points.length - 1, lo + 3); i++) {
    const p = points[i]!
    if (p.v === null) continue
    const dist = Math.abs(p.t - t)
    if (dist < bestD) {
      bestD = dist
      best = i
    }
  }
  return best
}

/** A value as an axis or tooltip reads it: no more decimals than the step needs. */
export function formatValue(v: number, step = 0): string {
  const digits = step > 0 && step < 1 ? Math.min(4, Math.ceil(-Math.log10(step))) : Math.abs(v) < 10 ? 2 : 1
  return String(Number(v.toFixed(digits)))
}
