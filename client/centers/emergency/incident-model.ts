import type { Role } from '../../../server/contracts/auth'
import type { StabilityClassName, ZoneLevelName, ZonesResult } from '../../../server/contracts/emergency'
import type {
  EvacuationReport,
  IncidentKind,
  IncidentLogEntry,
  IncidentWeather,
  InsideEntry,
  InsideReport,
  MusterReport,
  WeatherPatchBody,
} from '../../../server/contracts/incidents'
import type { Position } from '../../../server/contracts/geo'
import type { AssetFeature } from '../../../server/contracts/park'
import type { DeclareRequest } from '../../api/incidents.api'
import { getLocale, type Locale } from '../../shell/i18n/i18n'

// Incident command in the browser (应急指挥): the panel's strings (zh-CN / en, kept here so the shared message
// files need no change) and the pure shaping of the incident API's answers for the panel and the twin layer.

const text = {
  'zh-CN': {
    title: '应急指挥',
    declareTitle: '事故上报',
    declare: '上报事故',
    declaring: '上报中…',
    noIncident: '当前无活动事故',
    readOnly: '只读：仅园区管理员和值班员可上报或处置事故',
    kind: '事故类型',
    leak: '泄漏',
    fire: '火灾',
    explosion: '爆炸',
    source: '事故源（储罐）',
    useSelected: '使用选中设施',
    sourceMode: '事故位置',
    atTank: '储罐',
    atPoint: '地图选点',
    point: '位置',
    pickPoint: '在地图上选点',
    pickCancel: '取消选点',
    picking: '请在三维场景中点击事故位置（Esc 取消）',
    noPoint: '未选点',
    pointMarker: '事故位置',
    chemicalId: '化学品',
    'err.point': '请在地图上选取事故位置',
    'err.chemical': '请选择泄漏的化学品',
    'err.outside': '该点不在园区范围内',
    releaseMode: '释放方式',
    continuous: '连续释放',
    instantaneous: '瞬时释放',
    rate: '释放速率',
    duration: '持续时间',
    mass: '释放量',
    poolDefault: '默认按围堰面积',
    windSpeed: '风速',
    windFrom: '风向（来向）',
    stability: '大气稳定度',
    auto: '自动（按日照与云量）',
    cloud: '云量',
    oktas: '成',
    apply: '更新风向',
    applying: '计算中…',
    chemical: '化学品',
    weather: '气象',
    zones: '危险区域',
    notReached: '未达到',
    capped: '计算上限',
    inside: '区域内人员',
    people: '人员',
    vehicles: '车辆',
    more: '另有 {n} 个',
    evacuation: '疏散路线',
    unassigned: '{n} 人未分配集合点',
    muster: '集合点清点',
    assigned: '分配',
    present: '已到',
    capacity: '容量',
    excluded: '区域内，不可用',
    fallback: '备用',
    resources: '最近应急资源',
    fire_station: '消防站',
    hydrant: '消防栓',
    depot: '物资库',
    team: '救援队伍',
    expert: '应急专家',
    log: '事件日志',
    notePlaceholder: '记录处置情况…',
    addNote: '记录',
    close: '结束事故',
    closeConfirm: '确认结束',
    closeReason: '结束原因（可选）',
    cancel: '取消',
    loading: '加载中…',
    failed: '操作失败：{msg}',
    unavailable: '暂无法获取',
    routesCapped: '仅绘制 {n} 条路线',
    declaredBy: '{who} 于 {time} 上报',
    drill: '演练',
    'log.declared': '事故上报',
    'log.weather_changed': '气象变化',
    'log.zones_computed': '区域计算',
    'log.alarm': '报警',
    'log.notification': '通知',
    'log.note': '记录',
    'log.closed': '结束',
    alarmRaise: '紧急报警已发出 #{id}',
    alarmNormal: '报警恢复 #{id}',
    notified: '已推送 {event}（{change}）',
    'change.declared': '上报',
    'change.weather_changed': '气象变化',
    'change.closed': '结束',
    'err.source': '请选择事故源',
    'err.rate': '释放速率须为正数',
    'err.mass': '释放量须为正数',
    'err.duration': '持续时间须为正数',
    'err.wind': '风速不小于 1 m/s，风向 0–360°',
    'err.cloud': '云量为 0–8 的整数',
    ago: '{n} 秒前',
  },
  en: {
    title: 'Incident command',
    declareTitle: 'Declare incident',
    declare: 'Declare',
    declaring: 'Declaring…',
    noIncident: 'No active incident',
    readOnly: 'Read-only: only park admins and operators declare or command incidents',
    kind: 'Kind',
    leak: 'Leak',
    fire: 'Fire',
    explosion: 'Explosion',
    source: 'Source (tank)',
    useSelected: 'Use selection',
    sourceMode: 'Location',
    atTank: 'Tank',
    atPoint: 'Map point',
    point: 'Point',
    pickPoint: 'Pick on map',
    pickCancel: 'Cancel picking',
    picking: 'Click the incident location on the twin (Esc cancels)',
    noPoint: 'no point picked',
    pointMarker: 'Incident location',
    chemicalId: 'Chemical',
    'err.point': 'pick the incident location on the map',
    'err.chemical': 'pick the chemical released',
    'err.outside': 'the point is outside the park',
    releaseMode: 'Release',
    continuous: 'Continuous',
    instantaneous: 'Instantaneous',
    rate: 'Rate',
    duration: 'Duration',
    mass: 'Mass',
    poolDefault: 'default: the dike area',
    windSpeed: 'Wind speed',
    windFrom: 'Wind from',
    stability: 'Stability',
    auto: 'Auto (sun and cloud)',
    cloud: 'Cloud cover',
    oktas: 'oktas',
    apply: 'Change wind',
    applying: 'Computing…',
    chemical: 'Chemical',
    weather: 'Weather',
    zones: 'Threat zones',
    notReached: 'not reached',
    capped: 'capped',
    inside: 'People inside',
    people: 'people',
    vehicles: 'vehicles',
    more: '{n} more',
    evacuation: 'Evacuation',
    unassigned: '{n} without a muster point',
    muster: 'Muster headcount',
    assigned: 'assigned',
    present: 'present',
    capacity: 'capacity',
    excluded: 'in a zone, not used',
    fallback: 'fallback',
    resources: 'Nearest resources',
    fire_station: 'Fire station',
    hydrant: 'Hydrant',
    depot: 'Depot',
    team: 'Team',
    expert: 'Expert',
    log: 'Incident log',
    notePlaceholder: 'Note an action…',
    addNote: 'Add',
    close: 'Close incident',
    closeConfirm: 'Confirm close',
    closeReason: 'Reason (optional)',
    cancel: 'Cancel',
    loading: 'Loading…',
    failed: 'Failed: {msg}',
    unavailable: 'Unavailable',
    routesCapped: 'only {n} routes drawn',
    declaredBy: 'declared by {who} at {time}',
    drill: 'Drill',
    'log.declared': 'Declared',
    'log.weather_changed': 'Weather',
    'log.zones_computed': 'Zones',
    'log.alarm': 'Alarm',
    'log.notification': 'Notification',
    'log.note': 'Note',
    'log.closed': 'Closed',
    alarmRaise: 'urgent alarm raised #{id}',
    alarmNormal: 'alarm returned to normal #{id}',
    notified: 'pushed {event} ({change})',
    'change.declared': 'declared',
    'change.weather_changed': 'weather changed',
    'change.closed': 'closed',
    'err.source': 'pick the source',
    'err.rate': 'the rate must be positive',
    'err.mass': 'the mass must be positive',
    'err.duration': 'the duration must be positive',
    'err.wind': 'wind speed at least 1 m/s, direction 0–360°',
    'err.cloud': 'cloud cover is a whole number 0–8',
    ago: '{n} s ago',
  },
} as const satisfies Record<Locale, Record<string, string>>

export type IncidentTextKey = keyof (typeof text)['zh-CN']

export function ti(key: IncidentTextKey, vars: Record<string, string | number> = {}, locale = getLocale()) {
  return text[locale][key].replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? ''))
}

export const levelOrder: readonly ZoneLevelName[] = ['red', 'orange', 'yellow']
export const levelHex: Record<ZoneLevelName, string> = {
  red: '#ff3b3b',
  orange: '#ff8c1a',
  yellow: '#ffd21a',
}
const levelName: Record<Locale, Record<ZoneLevelName, string>> = {
  'zh-CN': { red: '红区', orange: '橙区', yellow: '黄区' },
  en: { red: 'Red', orange: 'Orange', yellow: 'Yellow' },
}
export const levelText = (level: ZoneLevelName, locale = getLocale()) => levelName[locale][level]

/** Park staff declare, change and close incidents (the server's `staff`). */
export const canCommand = (role: Role | null | undefined) => role === 'park_admin' || role === 'operator'
/** The park's accounts read the people lists and the log (the server's `park`); enterprises do not. */
export const canReadPeople = (role: Role | null | undefined) =>
  role === 'park_admin' || role === 'operator' || role === 'screen'

/** "850 m", "1.2 km" */
export function distanceText(m: number): string {
  if (!Number.isFinite(m)) return '—'
  return m < 1000 ? `${Math.round(m)} m` : `${(m / 1000).toFixed(m < 10_000 ? 1 : 0)} km`
}

const compass: Record<Locale, string[]> = {
  'zh-CN': ['北', '东北', '东', '东南', '南', '西南', '西', '西北'],
  en: ['N', 'NE', 'E', 'SE', 'S', 'SW', 'W', 'NW'],
}

/** Wrapped to [0, 360). */
export const normDeg = (deg: number) => ((deg % 360) + 360) % 360

/** The 8-point compass name of a direction (the wind's "from"). */
export function compassName(deg: number, locale = getLocale()): string {
  return compass[locale][Math.round(normDeg(deg) / 45) % 8]!
}

/** "东风 90° · 3 m/s · D" / "from E 90° · 3 m/s · D" */
export function windText(
  w: Pick<IncidentWeather, 'wind_from_deg' | 'wind_speed_ms'> & { stability?: string | undefined },
  locale = getLocale(),
): string {
  const dir = compassName(w.wind_from_deg, locale)
  const from = locale === 'en' ? `from ${dir}` : `${dir}风`
  return [`${from} ${Math.round(w.wind_from_deg)}°`, `${w.wind_speed_ms} m/s`, w.stability]
    .filter(Boolean)
    .join(' · ')
}

export interface ZoneRow {
  level: ZoneLevelName
  reached: boolean
  reach_m: number
  /** "20 ppm", "5 kW/m2" */
  threshold: string
  basis: string
  capped: boolean
}

/** The three levels red → yellow, reached or not. */
export function zoneRows(z: Pick<ZonesResult, 'levels'>): ZoneRow[] {
  return levelOrder.flatMap((level) => {
    const l = z.levels.find((x) => x.level === level)
    if (!l) return []
    return [
      {
        level,
        reached: l.reached,
        reach_m: l.reach_m,
        threshold: `${l.threshold.value} ${l.threshold.unit}`,
        basis: l.basis,
        capped: l.capped,
      },
    ]
  })
}

const vehicleKinds = new Set(['vehicle', 'hazmat_vehicle'])
export const isVehicle = (kind: string) => vehicleKinds.has(kind)

export interface InsideGroup {
  level: ZoneLevelName
  people: InsideEntry[]
  vehicles: InsideEntry[]
}

/** Who is inside, per level red → yellow (every level, empty ones too), each nearest the source first. */
export function groupInside(report: Pick<InsideReport, 'inside'>): InsideGroup[] {
  return levelOrder.map((level) => {
    const here = report.inside.filter((e) => e.level === level).sort((a, b) => a.distance_m - b.distance_m)
    return {
      level,
      people: here.filter((e) => !isVehicle(e.kind)),
      vehicles: here.filter((e) => isVehicle(e.kind)),
    }
  })
}

/** Distinct colours of the muster points (routes and rows), stable by point id. */
export const musterPalette = [
  '#22d3ee',
  '#34d399',
  '#a78bfa',
  '#f472b6',
  '#60a5fa',
  '#facc15',
  '#4ade80',
  '#fb923c',
  '#e879f9',
  '#2dd4bf',
  '#93c5fd',
  '#c4b5fd',
] as const

export function musterColours(ids: readonly string[]): Map<string, string> {
  const sorted = [...new Set(ids)].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
  return new Map(sorted.map((id, i) => [id, musterPalette[i % musterPalette.length]!]))
}

export interface MusterRow {
  id: string
  name: string
  name_en: string | null
  lon: number
  lat: number
  capacity: number
  status: 'eligible' | 'fallback' | 'excluded' | null
  level: ZoneLevelName | null
  assigned: number
  /** cards counted there now; null before the muster report arrives */
  present: number | null
  colour: string
}

/**
 * The muster points with their evacuation assignment and headcount: points people are sent to first (most
 * assigned), then the others eligible, fallback, and last those excluded (inside a zone).
 */
export function musterRows(
  evacuation: Pick<EvacuationReport, 'points'> | null,
  muster: Pick<MusterReport, 'points'> | null,
): MusterRow[] {
  const ids = [...(evacuation?.points ?? []), ...(muster?.points ?? [])].map((p) => p.id)
  const colours = musterColours(ids)
  const byId = new Map<string, MusterRow>()
  for (const p of evacuation?.points ?? [])
    byId.set(p.id, {
      id: p.id,
      name: p.name,
      name_en: p.name_en,
      lon: p.lon,
      lat: p.lat,
      capacity: p.capacity,
      status: p.status,
      level: p.level,
      assigned: p.assigned,
      present: null,
      colour: colours.get(p.id)!,
    })
  for (const p of muster?.points ?? []) {
    const row = byId.get(p.id)
    if (row) row.present = p.present
    else
      byId.set(p.id, {
        id: p.id,
        name: p.name,
        name_en: p.name_en,
        lon: p.lon,
        lat: p.lat,
        capacity: p.capacity,
        status: null,
        level: null,
        assigned: 0,
        present: p.present,
        colour: colours.get(p.id)!,
      })
  }
  const rank = (r: MusterRow) => (r.status === 'excluded' ? 3 : r.status === 'fallback' ? 2 : 1)
  return [...byId.values()].sort(
    (a, b) =>
      rank(a) - rank(b) ||
      b.assigned - a.assigned ||
      (b.present ?? 0) - (a.present ?? 0) ||
      a.id.localeCompare(b.id, 'en', { numeric: true }),
  )
}

export interface TankOption {
  id: string
  name: string
  name_en: string | null
  chemical: string
  chemical_en: string | null
}

/** The park's tanks that hold a chemical, by chemical then id (the declare form's sources). */
export function tankOptions(assets: readonly AssetFeature[]): TankOption[] {
  const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v : null)
  return assets
    .filter((a) => a.properties.kind === 'tank' && str(a.properties.props.chemical))
    .map((a) => ({
      id: a.id,
      name: a.properties.name,
      name_en: a.properties.name_en,
      chemical: str(a.properties.props.chemical)!,
      chemical_en: str(a.properties.props.chemical_en),
    }))
    .sort(
      (a, b) =>
        a.chemical.localeCompare(b.chemical, 'zh-CN') || a.id.localeCompare(b.id, 'en', { numeric: true }),
    )
}

export type StabilityChoice = StabilityClassName | 'auto'

/** Where the release is: at a tank (its chemical by CAS) or at a point picked on the map (chemical chosen). */
export type SourceMode = 'asset' | 'point'

/** What the declare form holds (strings as typed). */
export interface DeclareForm {
  kind: IncidentKind
  source: SourceMode
  asset_id: string
  /** source 'point': the point picked on the twin */
  point: { lon: number; lat: number } | null
  /** source 'point': the chemical released (GET /emergency/chemicals) */
  chemical_id: string
  mode: 'continuous' | 'instantaneous'
  rate_gs: string
  duration_s: string
  mass_kg: string
  wind_speed_ms: string
  wind_from_deg: string
  stability: StabilityChoice
  cloud_cover_oktas: string
}

export const defaultDeclareForm = (): DeclareForm => ({
  kind: 'leak',
  source: 'asset',
  asset_id: '',
  point: null,
  chemical_id: '',
  mode: 'continuous',
  rate_gs: '1000',
  duration_s: '600',
  mass_kg: '1000',
  wind_speed_ms: '3',
  wind_from_deg: '90',
  stability: 'auto',
  cloud_cover_oktas: '4',
})

const positive = (s: string) => {
  const n = Number(s.trim())
  return s.trim() !== '' && Number.isFinite(n) && n > 0 ? n : null
}

/** The weather of the form or of the wind control: manual, the class given or taken from the cloud cover. */
export function manualWeather(
  speed: string,
  fromDeg: string,
  stability: StabilityChoice,
  cloud: string,
): { weather: Extract<WeatherPatchBody, { wind_speed_ms: number }> } | { error: IncidentTextKey } {
  const u = Number(speed)
  const d = Number(fromDeg)
  if (!speed.trim() || !fromDeg.trim() || !(u >= 1 && u <= 50) || !(d >= 0 && d <= 360))
    return { error: 'err.wind' }
  if (stability !== 'auto') return { weather: { wind_speed_ms: u, wind_from_deg: d, stability } }
  const c = Number(cloud)
  if (!cloud.trim() || !Number.isInteger(c) || c < 0 || c > 8) return { error: 'err.cloud' }
  return { weather: { wind_speed_ms: u, wind_from_deg: d, cloud_cover_oktas: c } }
}

/**
 * POST /api/v1/incidents from the form: a leak releases at a rate for a duration, or a mass at once; a fire burns
 * the dike's pool (or the mass spread); an explosion needs the mass. At a tank the chemical is the tank's (by CAS);
 * at a map point it is the one chosen, and the point must lie inside the park boundary when that is known (the
 * server refuses it too).
 */
export function buildDeclareBody(
  f: DeclareForm,
  boundary: readonly (readonly Position[])[] | null = null,
): { body: DeclareRequest } | { error: IncidentTextKey } {
  let where: Pick<DeclareRequest, 'asset_id' | 'point' | 'chemical_id'>
  if (f.source === 'point') {
    if (!f.point) return { error: 'err.point' }
    if (boundary && !insidePolygon(f.point, boundary)) return { error: 'err.outside' }
    if (!f.chemical_id) return { error: 'err.chemical' }
    where = { point: { lon: f.point.lon, lat: f.point.lat }, chemical_id: f.chemical_id }
  } else {
    if (!f.asset_id) return { error: 'err.source' }
    where = { asset_id: f.asset_id }
  }
  const w = manualWeather(f.wind_speed_ms, f.wind_from_deg, f.stability, f.cloud_cover_oktas)
  if ('error' in w) return w
  const base = { kind: f.kind, ...where, weather: w.weather }
  if (f.kind === 'explosion') {
    const mass = positive(f.mass_kg)
    return mass === null ? { error: 'err.mass' } : { body: { ...base, mass_kg: mass } }
  }
  if (f.kind === 'fire') {
    if (!f.mass_kg.trim()) return { body: base }
    const mass = positive(f.mass_kg)
    return mass === null ? { error: 'err.mass' } : { body: { ...base, mass_kg: mass } }
  }
  if (f.mode === 'instantaneous') {
    const mass = positive(f.mass_kg)
    return mass === null ? { error: 'err.mass' } : { body: { ...base, mass_kg: mass } }
  }
  const rate = positive(f.rate_gs)
  if (rate === null) return { error: 'err.rate' }
  if (!f.duration_s.trim()) return { body: { ...base, rate_gs: rate } }
  const duration = positive(f.duration_s)
  if (duration === null) return { error: 'err.duration' }
  return { body: { ...base, rate_gs: rate, duration_s: duration } }
}

/**
 * Whether a point lies inside a polygon (outer ring first, then holes; GeoJSON order, lon/lat degrees) by ray
 * crossing; a point on an edge counts as inside (the server's ST_Covers).
 */
export function insidePolygon(
  p: { lon: number; lat: number },
  rings: readonly (readonly Position[])[],
): boolean {
  const inRing = (ring: readonly Position[]): 'in' | 'out' | 'edge' => {
    let inside = false
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i]!
      const [xj, yj] = ring[j]!
      // on the segment (collinear and within its box)
      const cross = (xj - xi) * (p.lat - yi) - (yj - yi) * (p.lon - xi)
      if (
        Math.abs(cross) < 1e-12 &&
        p.lon >= Math.min(xi, xj) &&
        p.lon <= Math.max(xi, xj) &&
        p.lat >= Math.min(yi, yj) &&
        p.lat <= Math.max(yi, yj)
      )
        return 'edge'
      if (yi > p.lat !== yj > p.lat && p.lon < ((xj - xi) * (p.lat - yi)) / (yj - yi) + xi) inside = !inside
    }
    return inside ? 'in' : 'out'
  }
  const [outer, ...holes] = rings
  if (!outer || inRing(outer) === 'out') return false
  return holes.every((h) => inRing(h) !== 'in')
}

/** "120.94812°E, 31.94901°N" */
export function pointText(p: { lon: number; lat: number }): string {
  const ew = p.lon >= 0 ? 'E' : 'W'
  const ns = p.lat >= 0 ? 'N' : 'S'
  return `${Math.abs(p.lon).toFixed(5)}°${ew}, ${Math.abs(p.lat).toFixed(5)}°${ns}`
}

/** The form row a field named by the server's 400 belongs to (`{error:{field}}`), or null. */
export function declareFieldRow(field: string | undefined): string | null {
  if (!field) return null
  const head = field.split('.')[0]!
  const rows: Record<string, string> = {
    asset_id: 'source',
    point: 'point',
    chemical_id: 'chemical',
    rate_gs: 'rate',
    mass_kg: 'mass',
    duration_s: 'duration',
    pool_area_m2: 'mass',
    scenario: 'kind',
    kind: 'kind',
    weather: 'speed',
  }
  if (field === 'weather.wind_from_deg') return 'from'
  if (field === 'weather.stability') return 'stability'
  if (field === 'weather.cloud_cover_oktas') return 'cloud'
  return rows[head] ?? null
}

/**
 * A new wind for an incident: the direction and speed given, the stability kept as it was chosen (the class,
 * or the cloud cover from which the Pasquill table gives it for the sun now).
 */
export function windPatch(
  current: IncidentWeather,
  fromDeg: number,
  speedMs: number,
): Extract<WeatherPatchBody, { wind_speed_ms: number }> {
  const d = Math.round(normDeg(fromDeg) * 10) / 10
  const base = { wind_speed_ms: speedMs, wind_from_deg: d }
  if (
    current.source === 'manual' &&
    current.stability === undefined &&
    current.cloud_cover_oktas !== undefined
  )
    return { ...base, cloud_cover_oktas: current.cloud_cover_oktas }
  if (current.stability !== undefined) return { ...base, stability: current.stability }
  return { ...base, cloud_cover_oktas: current.cloud_cover_oktas ?? 4 }
}

const rec = (v: unknown): Record<string, unknown> =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {}
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null)
const str = (v: unknown) => (typeof v === 'string' ? v : null)

/** The reach of each level reached, "红区 1.2 km / 橙区 2.5 km / 黄区 5.1 km". */
function levelsText(levels: unknown, locale: Locale): string {
  if (!Array.isArray(levels)) return ''
  return levelOrder
    .map((level) => {
      const l = rec(levels.find((x) => rec(x).level === level))
      const reach = num(l.reach_m)
      if (reach === null) return null
      return `${levelText(level, locale)} ${l.reached === false ? ti('notReached', {}, locale) : distanceText(reach)}`
    })
    .filter(Boolean)
    .join(' / ')
}

function weatherOf(v: unknown, locale: Locale): string {
  const w = rec(v)
  const from = num(w.wind_from_deg)
  const speed = num(w.wind_speed_ms)
  if (from === null || speed === null) return ''
  return windText(
    { wind_from_deg: from, wind_speed_ms: speed, stability: str(w.stability) ?? undefined },
    locale,
  )
}

export interface LogLine {
  id: string
  t: string
  actor: string
  kind: IncidentLogEntry['kind']
  label: string
  text: string
}

/** One line of the timeline: what happened, in words (the payloads are the server's log). */
export function logLine(e: IncidentLogEntry, locale = getLocale()): LogLine {
  const p = e.payload
  let body = ''
  switch (e.kind) {
    case 'declared':
      body = [str(p.title), weatherOf(p.weather, locale)].filter(Boolean).join(' · ')
      break
    case 'weather_changed': {
      const before = weatherOf(p.from, locale)
      const after = weatherOf(p.to, locale)
      body = before ? `${before} → ${after}` : after
      break
    }
    case 'zones_computed':
      body = levelsText(p.levels, locale)
      break
    case 'alarm':
      body = ti(
        p.event === 'return_to_normal' ? 'alarmNormal' : 'alarmRaise',
        { id: String(p.alarm_id ?? '') },
        locale,
      )
      break
    case 'notification': {
      const change = str(p.change)
      const changeText =
        change === 'declared' || change === 'weather_changed' || change === 'closed'
          ? ti(`change.${change}`, {}, locale)
          : (change ?? '')
      body = ti('notified', { event: str(p.event) ?? '', change: changeText }, locale)
      break
    }
    case 'note':
      body = str(p.text) ?? ''
      break
    case 'closed':
      body = str(p.reason) ?? ''
      break
  }
  return {
    id: e.id,
    t: e.t,
    actor: e.actor,
    kind: e.kind,
    label: ti(`log.${e.kind}`, {}, locale),
    text: body,
  }
}

/** hh:mm:ss of an ISO time in the park's clock (the browser's). */
export function clockText(iso: string): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  const p = (n: number) => String(n).padStart(2, '0')
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`
}

/** The routes the twin draws: those found, at most `cap`, nearest the source's red zone first. */
export function drawnRoutes<T extends { route: unknown; level: ZoneLevelName }>(
  people: readonly T[],
  cap: number,
) {
  const withRoute = people.filter((p) => p.route)
  const rank = (l: ZoneLevelName) => levelOrder.indexOf(l)
  const sorted =
    withRoute.length > cap ? [...withRoute].sort((a, b) => rank(a.level) - rank(b.level)) : withRoute
  return { routes: sorted.slice(0, cap), total: withRoute.length }
}
