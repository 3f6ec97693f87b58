import type { SensorInfo } from './sensor-catalog'
import type { AlarmSignal } from './threshold.evaluator'

/** Rule labels as the command center shows them (zh-CN first; the client can localise by `rule`). */
export const ruleLabels: Record<string, string> = {
  hh: '高高报 HH',
  h: '高报 H',
  l: '低报 L',
  ll: '低低报 LL',
  roc: '快速上升 rate of rise',
  silent: '设备无数据 device silent',
  flag_fault: '设备故障 fault (flag D)',
  flag_comms: '通讯异常 comms (flag B)',
}

const fmt = (v: number) => String(Number(v.toPrecision(6)))

/** The alarm text: sensor, rule, value and the set point crossed, with the unit. */
export function describeSignal(
  info: Pick<SensorInfo, 'name' | 'unit'>,
  s: Extract<AlarmSignal, { type: 'raise' }>,
) {
  const unit = info.unit ? ` ${info.unit}` : ''
  const label = ruleLabels[s.rule] ?? s.rule
  if (s.value === null) return `${info.name}: ${label}`
  if (s.rule === 'roc')
    return `${info.name}: ${label} ${unit.trim()}/min ≥ ${fmt(s.limit ?? 0)} (now ${fmt(s.value)}${unit})`
  if (s.limit === null) return `${info.name}: ${label} (${fmt(s.value)}${unit})`
  const op = s.direction === 'low' ? '≤' : '≥'
  return `${info.name}: ${label} ${fmt(s.value)}${unit} ${op} ${fmt(s.limit)}${unit}`
}
