import type { AssetDetail, AssetFeature } from '../../server/contracts'
import type { EnterpriseFeature, ParkData } from '../app/park-data'
import type { TagState } from '../live/live.store'
import { pick, t, type MessageKey } from './i18n/i18n'

export interface DetailRow {
  label: MessageKey
  value: string
  hot?: boolean
}

export interface DetailView {
  title: string
  subtitle: string | null
  kind: string
  rows: DetailRow[]
  /** titled badge lists (sensors, zones, processes, equipment) */
  sections: { label: MessageKey; items: string[] }[]
}

// Values are printed as they come (no digit grouping) so they read exactly as in the ledger.
const num = (v: unknown, unit = ''): string | null =>
  typeof v === 'number' && Number.isFinite(v) ? `${String(v)}${unit ? ` ${unit}` : ''}` : null
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null)

function rows(...candidates: [MessageKey, string | null, boolean?][]): DetailRow[] {
  return candidates
    .filter(([, v]) => v !== null)
    .map(([label, value, hot]) => ({ label, value: value!, hot }))
}

export function assetView(feature: AssetFeature, detail: AssetDetail | null, data: ParkData): DetailView {
  const p = feature.properties
  const props = p.props
  const enterprise = detail?.enterprise ?? enterpriseSummary(data.enterpriseById.get(p.enterprise_id ?? ''))
  const common = rows(
    ['panel.id', feature.id],
    ['panel.enterprise', enterprise ? pick(enterprise.name, enterprise.name_en) : null],
  )
  const specific: DetailRow[] = []
  const sections: DetailView['sections'] = []
  switch (p.kind) {
    case 'tank': {
      const horizontal = props.tank_type === 'horizontal'
      specific.push(
        ...rows(
          [
            'panel.chemical',
            [str(props.chemical), str(props.chemical_en)].filter(Boolean).join(' / ') || null,
            true,
          ],
          ['panel.cas', str(props.cas)],
          ['panel.inventory', num(props.inventory_t, t('unit.t')), true],
          ['panel.capacity', num(props.capacity_m3, t('unit.m3'))],
          [
            'panel.tankType',
            str(props.tank_type) ? t(`tankType.${String(props.tank_type)}` as MessageKey) : null,
          ],
          ['panel.diameter', num(props.diameter_m, t('unit.m'))],
          [horizontal ? 'panel.length' : 'panel.height', num(props.height_m ?? p.height_m, t('unit.m'))],
        ),
      )
      break
    }
    case 'building':
      specific.push(
        ...rows(
          ['panel.use', str(props.use) ? t(`use.${String(props.use)}` as MessageKey) : null],
          ['panel.height', num(p.height_m ?? props.height_m, t('unit.m'))],
          ['panel.floors', num(props.floors)],
        ),
      )
      break
    case 'tank_farm':
      specific.push(...rows(['panel.dike', num(props.dike_height_m, t('unit.m'))]))
      break
    case 'gate':
      specific.push(
        ...rows(
          [
            'panel.gateClass',
            str(props.gate_class) ? t(`gateClass.${String(props.gate_class)}` as MessageKey) : null,
          ],
          ['panel.lanes', num(props.lanes)],
        ),
      )
      break
    case 'parking':
    case 'muster_point':
      specific.push(...rows(['panel.capacityPeople', num(props.capacity)]))
      break
    case 'gas_detector':
    case 'monitor_point':
      specific.push(
        ...rows(
          ['panel.measure', measureText(props.measure)],
          ['panel.unit', str(props.unit)],
          ['panel.mn', str(props.mn)],
        ),
      )
      break
    default:
      if (Array.isArray(props.items)) sections.push({ label: 'panel.items', items: props.items.map(String) })
  }
  if (detail?.sensors.length) {
    sections.push({
      label: 'panel.sensors',
      items: detail.sensors.map((s) => `${s.name}${s.unit ? ` (${s.unit})` : ''}`),
    })
  }
  if (detail?.zones.length) {
    sections.push({ label: 'panel.zones', items: detail.zones.map((z) => pick(z.name, z.name_en)) })
  }
  return {
    title: p.name,
    subtitle: p.name_en,
    kind: t(`kind.${p.kind}`),
    rows: [...specific, ...common],
    sections,
  }
}

export function enterpriseView(e: EnterpriseFeature, data: ParkData): DetailView {
  const assets = data.assets.features.filter((a) => a.properties.enterprise_id === e.id)
  const tanks = assets.filter((a) => a.properties.kind === 'tank')
  const buildings = assets.filter((a) => a.properties.kind === 'building').length
  const inventory = tanks.reduce((s, a) => s + (Number(a.properties.props.inventory_t) || 0), 0)
  const p = e.properties
  return {
    title: p.name,
    subtitle: p.name_en,
    kind: t('kind.enterprise'),
    rows: rows(
      ['panel.risk', t(`risk.${p.risk}`), true],
      ['panel.industry', pick(p.industry, p.industry_en)],
      ['panel.assets', `${buildings} / ${tanks.length}`],
      ['panel.inventory', tanks.length ? `${Math.round(inventory * 10) / 10} ${t('unit.t')}` : null, true],
      ['panel.creditCode', p.credit_code],
      ['panel.id', e.id],
    ),
    sections: p.processes.length ? [{ label: 'panel.processes', items: p.processes }] : [],
  }
}

export function tagView(tag: TagState, data: ParkData | null): DetailView {
  const last = tag.last
  const enterprise = tag.enterprise_id ? data?.enterpriseById.get(tag.enterprise_id) : undefined
  return {
    title: tag.label,
    subtitle: null,
    kind: t(tag.kind ? `tag.${tag.kind}` : 'tag.unknown'),
    rows: rows(
      ['panel.tagKind', t(tag.kind ? `tag.${tag.kind}` : 'tag.unknown')],
      ['panel.speed', last ? (num(last.speed_kmh, t('unit.kmh')) ?? '—') : null, true],
      ['panel.heading', last ? num(last.heading_deg, '°') : null],
      [
        'panel.lastSeen',
        last ? new Date(last.t).toLocaleTimeString(undefined, { hour12: false }) : t('panel.noFix'),
      ],
      ['panel.position', last ? `${last.lon.toFixed(5)}, ${last.lat.toFixed(5)}` : null],
      [
        'panel.enterprise',
        enterprise ? pick(enterprise.properties.name, enterprise.properties.name_en) : null,
      ],
      ['panel.id', tag.id],
    ),
    sections: [],
  }
}

function enterpriseSummary(e: EnterpriseFeature | undefined) {
  return e ? { name: e.properties.name, name_en: e.properties.name_en } : null
}

function measureText(measure: unknown): string | null {
  if (measure === 'wastewater' || measure === 'waste_gas') return t(`env.${measure}`)
  if (measure === 'combustible') return t('safety.detectorsCombustible')
  return str(measure)
}
