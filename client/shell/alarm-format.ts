import type { Alarm, AlarmPriority, AlarmState, Role } from '../../server/contracts'
import { isUnacked, maxShelveHours, priorityRank, sortAlarms, type AlarmSort } from '../live/alarms.store'
import { t, type MessageKey } from './i18n/i18n'

/** Priority colours of the console (ISA-101 style: red, orange, yellow). */
export const priorityHex: Record<AlarmPriority, string> = {
  urgent: '#ff3b3b',
  high: '#ff9f1a',
  low: '#ffd84d',
}

export const knownRules = [
  'hh',
  'h',
  'l',
  'll',
  'roc',
  'silent',
  'flag_fault',
  'flag_comms',
  'zone_intrusion',
  'zone_unauthorised',
  'zone_construction_visitor',
  'zone_overspeed',
  'zone_headcount',
  'hazmat_off_route',
  'hazmat_illegal_stop',
  'gate_no_booking',
  'card_sos',
  'card_battery_low',
  'overdue_exit',
  'tag_silent',
  'device_sos',
  'device_overspeed',
  'device_fatigue',
  'device_collision',
  'device_rollover',
  // record-keeping checks (安全基础管理, 重大危险源, 双重预防, 特殊作业, 执法)
  'major_hazard_grade_changed',
  'major_hazard_responsible_missing',
  'major_hazard_check_overdue_principal',
  'major_hazard_check_overdue_technical',
  'major_hazard_check_overdue_operational',
  'hidden_danger_overdue',
  'licence_expiring',
  'licence_expired',
  'gas_near_hot_work',
  'filed_no_permit',
  'permit_not_filed',
  'expired_open',
  'project_trial_overdue',
  'rectification_overdue',
] as const
const ruleCodes: Record<string, string> = {
  hh: 'HH',
  h: 'H',
  l: 'L',
  ll: 'LL',
  roc: 'ROC',
  silent: 'SILENT',
  flag_fault: 'FAULT',
  flag_comms: 'COMMS',
  zone_intrusion: 'INTRUSION',
  zone_unauthorised: 'UNAUTH',
  zone_construction_visitor: 'VISITOR',
  zone_overspeed: 'OVERSPEED',
  zone_headcount: 'HEADCOUNT',
  hazmat_off_route: 'OFF-ROUTE',
  hazmat_illegal_stop: 'STOP',
  gate_no_booking: 'NO-BOOKING',
  card_sos: 'SOS',
  card_battery_low: 'BATTERY',
  overdue_exit: 'OVERDUE',
  tag_silent: 'NO-FIX',
  device_sos: 'SOS',
  device_overspeed: 'SPEED',
  device_fatigue: 'FATIGUE',
  device_collision: 'COLLISION',
  device_rollover: 'ROLLOVER',
  major_hazard_grade_changed: 'MH-GRADE',
  major_hazard_responsible_missing: 'MH-RESP',
  major_hazard_check_overdue_principal: 'MH-CHECK',
  major_hazard_check_overdue_technical: 'MH-CHECK',
  major_hazard_check_overdue_operational: 'MH-CHECK',
  hidden_danger_overdue: 'HD-OVERDUE',
  licence_expiring: 'LIC-DUE',
  licence_expired: 'LIC-EXPIRED',
  gas_near_hot_work: 'HOT-WORK-GAS',
  filed_no_permit: 'NO-PERMIT',
  permit_not_filed: 'NOT-FILED',
  expired_open: 'PERMIT-EXPIRED',
  project_trial_overdue: 'TRIAL-OVERDUE',
  rectification_overdue: 'RECT-OVERDUE',
}

/**
 * The rule's kind: zone and booking rules carry what they apply to after a colon (`zone_intrusion:Z04`,
 * `hazmat_off_route:HB…`), so one alarm per zone or booking stays open; the label is the kind's.
 */
export const ruleKind = (rule: string): string => {
  const i = rule.indexOf(':')
  return i > 0 ? rule.slice(0, i) : rule
}

/** Short code of a rule as printed on the row (`HH`, `ROC`, `OFF-ROUTE`, …); other system rules upper-cased. */
export function ruleCode(rule: string): string {
  return ruleCodes[ruleKind(rule)] ?? rule.toUpperCase()
}

/** Localised rule name; unknown (system) rules show as they are. */
export function ruleLabel(rule: string): string {
  const kind = ruleKind(rule)
  return (knownRules as readonly string[]).includes(kind) ? t(`alarm.rule.${kind}` as MessageKey) : rule
}

export const priorityLabel = (p: AlarmPriority): string => t(`alarm.priority.${p}`)
export const stateLabel = (s: AlarmState): string => t(`alarm.state.${s}`)

/** The source's display name: the part of the server's message before `: `, else the source id. */
export function sourceName(alarm: Pick<Alarm, 'message' | 'source_id'>): string {
  const i = alarm.message.indexOf(': ')
  return i > 0 ? alarm.message.slice(0, i) : alarm.source_id
}

export function unitOf(alarm: Pick<Alarm, 'props'>): string {
  const unit = alarm.props.unit
  return typeof unit === 'string' ? unit : ''
}

const fmt = (v: number) => String(Number(v.toPrecision(6)))

/** `62.3 mg/L ≥ 50 mg/L` (low rules `≤`; rate of rise per minute); '' without a value. */
export function valueText(alarm: Pick<Alarm, 'value' | 'limit' | 'rule' | 'props'>): string {
  if (alarm.value === null) return ''
  const unit = unitOf(alarm)
  const u = unit ? ` ${unit}` : ''
  if (alarm.rule === 'roc') {
    const per = `${u}/min`
    return alarm.limit === null
      ? `${fmt(alarm.value)}${per}`
      : `${fmt(alarm.value)}${per} ≥ ${fmt(alarm.limit)}${per}`
  }
  if (alarm.limit === null) return `${fmt(alarm.value)}${u}`
  const op = alarm.rule === 'l' || alarm.rule === 'll' ? '≤' : '≥'
  return `${fmt(alarm.value)}${u} ${op} ${fmt(alarm.limit)}${u}`
}

/** `08:03:12` today, `11-27 08:03` on another day (local time). */
export function timeText(iso: string, now: Date = new Date(), locale = 'zh-CN'): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  const sameDay = d.toDateString() === now.toDateString()
  return sameDay
    ? d.toLocaleTimeString(locale, { hour12: false })
    : d.toLocaleString(locale, {
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        hour12: false,
      })
}

export interface AlarmFilter {
  /** null: every active state */
  state: AlarmState | null
  /** priorities shown; empty: all */
  priorities: ReadonlySet<AlarmPriority>
}

export function filterAlarms(
  list: readonly Alarm[],
  filter: AlarmFilter,
  sort: AlarmSort = 'priority',
): Alarm[] {
  return sortAlarms(
    list.filter(
      (a) =>
        (filter.state === null || a.state === filter.state) &&
        (filter.priorities.size === 0 || filter.priorities.has(a.priority)),
    ),
    sort,
  )
}

/** What the ticker scrolls: unacknowledged urgent and high alarms, urgent first, newest first. */
export function tickerAlarms(list: readonly Alarm[], max = 12): Alarm[] {
  return sortAlarms(
    list.filter((a) => isUnacked(a) && priorityRank[a.priority] <= priorityRank.high),
    'priority',
  ).slice(0, max)
}

/** Acknowledging is open to every role that sees the alarm except the read-only screen accounts. */
export function canAcknowledge(role: Role | undefined | null, alarm: Pick<Alarm, 'state'>): boolean {
  return !!role && role !== 'screen' && isUnacked(alarm)
}

/** ISA-18.2 shelving: park admins and operators only. */
export function canShelve(role: Role | undefined | null): boolean {
  return role === 'park_admin' || role === 'operator'
}

export const shelveHourChoices = [0.5, 1, 2, 4, 8] as const

/** The `until` of a shelve request: now + hours, capped at the 8 h the server allows. */
export function shelveUntil(nowMs: number, hours: number): string {
  const h = Math.min(Math.max(hours, 0.05), maxShelveHours)
  return new Date(nowMs + h * 3_600_000).toISOString()
}
