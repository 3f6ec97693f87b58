// View model of the 环保监管中心: outlets with their latest channel values against limits, collector state,
// and today's compliance. Pure over the park data, the sensors store and the compliance answer.
import type { AssetFeature } from '../../../server/contracts'
import type { ComplianceReport, OutletCompliance } from '../../../server/contracts/compliance'
import { assetsOfKind, prop, type ParkData } from '../../app/park-data'
import { stateRank, worstState, type LimitLevel, type SensorState } from '../../live/sensor-state'
import type { SensorsStore } from '../../live/sensors.store'
import { pick } from '../../shell/i18n/i18n'

/** Short names of the HJ 212-2017 codes the park's collectors send, display order first to last. */
const codeLabels: [string, string, string][] = [
  ['w01018', 'COD', 'COD'],
  ['w21003', '氨氮', 'NH3-N'],
  ['w01001', 'pH', 'pH'],
  ['w21011', '总磷', 'TP'],
  ['w21001', '总氮', 'TN'],
  ['a21026', 'SO₂', 'SO2'],
  ['a21002', 'NOx', 'NOx'],
  ['a34013', '颗粒物', 'PM'],
  ['a19001', 'O₂', 'O2'],
  ['w00000', '流量', 'Flow'],
  ['a00000', '流量', 'Flow'],
]
const codeOrder = new Map(codeLabels.map(([code], i) => [code, i]))

export function channelLabel(code: string | null, fallback: string): string {
  const found = codeLabels.find(([c]) => c === code)
  return found ? pick(found[1], found[2]) : fallback
}

export interface ChannelCell {
  sensorId: string
  code: string | null
  label: string
  value: number | null
  unit: string | null
  /** the permit limit shown beside the value (high, else low) */
  limit: number | null
  state: SensorState
  level: LimitLevel | null
  /** over a limit now */
  exceeding: boolean
}

export interface OutletRow {
  id: string
  name: string
  enterprise: string | null
  mn: string | null
  measure: string | null
  /** collector heard within twice its real-time interval; null when unknown */
  online: boolean | null
  state: SensorState
  channels: ChannelCell[]
  compliance: OutletCompliance | null
}

export interface ComplianceSummary {
  /** received / expected minute records over every outlet reporting, % */
  completenessPct: number | null
  exceedMinutes: number
  compliant: number
  outlets: number
}

export interface EnvironmentModel {
  outlets: OutletRow[]
  online: number
  offline: number
  exceeding: number
  compliance: ComplianceSummary | null
}

export function outletRows(
  data: ParkData,
  sensors: SensorsStore,
  compliance: ComplianceReport | null,
  nowMs = sensors.now(),
): OutletRow[] {
  const byMn = new Map(compliance?.outlets.map((o) => [o.mn, o]))
  return assetsOfKind(data, 'monitor_point')
    .map((m) => {
      const mn = prop<string>(m, 'mn', 'string') ?? null
      const collector = mn ? sensors.collectors.get(mn) : undefined
      const channels = (mn ? sensors.channelsOf(mn) : sensors.sensorsOf(m.id))
        .map((s) => {
          const latest = sensors.latest.get(s.id)
          const { state, level } = sensors.stateOf(s.id, nowMs)
          return {
            sensorId: s.id,
            code: s.code,
            label: channelLabel(s.code, pick(s.name, s.name_en)),
            value: latest?.value ?? null,
            unit: s.unit,
            limit: s.limits.high ?? s.limits.low,
            state,
            level,
            exceeding: level !== null && (state === 'warn' || state === 'alarm'),
          }
        })
        .sort((a, b) => (codeOrder.get(a.code ?? '') ?? 99) - (codeOrder.get(b.code ?? '') ?? 99))
      return {
        id: m.id,
        name: pick(m.properties.name, m.properties.name_en),
        enterprise: enterpriseName(data, m),
        mn,
        measure: prop<string>(m, 'measure', 'string') ?? null,
        online: collector ? collector.online : null,
        state: worstState(channels.map((c) => c.state)),
        channels,
        compliance: (mn ? byMn.get(mn) : undefined) ?? null,
      }
    })
    .sort((a, b) => stateRank(a.state) - stateRank(b.state) || a.id.localeCompare(b.id))
}

export function complianceSummary(report: ComplianceReport | null): ComplianceSummary | null {
  if (!report) return null
  const o = report.overall
  return {
    completenessPct: o.completeness_pct,
    exceedMinutes: o.exceedance_minutes,
    compliant: o.outlets - o.outlets_exceeding,
    outlets: o.outlets,
  }
}

/** Minutes in which at least one of the outlet's channels exceeded its limit. */
export function outletExceedMinutes(o: OutletCompliance): number {
  return o.exceedance_minutes
}

/** An outlet's completeness %, null when nothing was expected yet. */
export function outletCompleteness(o: OutletCompliance): number | null {
  return o.completeness_pct
}

export function environmentModel(
  data: ParkData,
  sensors: SensorsStore,
  compliance: ComplianceReport | null,
  nowMs = sensors.now(),
): EnvironmentModel {
  const outlets = outletRows(data, sensors, compliance, nowMs)
  return {
    outlets,
    online: outlets.filter((o) => o.online === true).length,
    offline: outlets.filter((o) => o.online === false).length,
    exceeding: outlets.filter((o) => o.channels.some((c) => c.exceeding)).length,
    compliance: complianceSummary(compliance),
  }
}

function enterpriseName(data: ParkData, m: AssetFeature): string | null {
  const e = data.enterpriseById.get(m.properties.enterprise_id ?? '')
  return e ? pick(e.properties.name, e.properties.name_en) : null
}
