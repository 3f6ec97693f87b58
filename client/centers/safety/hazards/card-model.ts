import type { Me } from '../../../../server/contracts'
import {
  mhDefaultIntervalDays,
  mhRoles,
  type MhAssessment,
  type MhCheckBody,
  type MhGrade,
  type MhItemsBody,
  type MhRegisterBody,
  type MhResponsiblesBody,
  type MhRole,
  type MhUnit,
} from '../../../../server/contracts/hazards'
import { num } from './hazards-model'

// Pure rules of the major-hazard card's forms (包保 persons, periodic checks, inventories, 备案): who may write,
// the form values as request bodies (or the first problem, with the field the server would name), and the
// before → after line shown once an inventory change has been graded anew.

/** A problem found before sending: the field (as the server names it) and a message. */
export interface FormProblem {
  ok: false
  field: string
  message: string
}
export type FormResult<T> = { ok: true; body: T } | FormProblem

const problem = (field: string, message: string): FormProblem => ({ ok: false, field, message })

/** park_admin keeps every unit, an enterprise account its own; operators and the screen read only. */
export function canWriteUnit(
  me: Pick<Me, 'role' | 'enterprise_id'> | null | undefined,
  unit: Pick<MhUnit, 'enterprise_id'>,
): boolean {
  if (!me) return false
  if (me.role === 'park_admin') return true
  return me.role === 'enterprise_user' && me.enterprise_id === unit.enterprise_id
}

/** A tank of a tank-farm unit with its current quantity (one assessment item per tank). */
export interface TankInventory {
  tank_id: string
  chemical: string
  q_t: number
}

/** The tanks behind a tank farm's assessment (items whose source is a tank id), by id. */
export function tankInventories(u: Pick<MhUnit, 'asset_kind' | 'assessment'>): TankInventory[] {
  if (u.asset_kind !== 'tank_farm') return []
  return u.assessment.items
    .filter((i) => i.source !== 'unit' && i.source !== 'request')
    .map((i) => ({ tank_id: i.source, chemical: i.name, q_t: i.q_t }))
    .sort((a, b) => a.tank_id.localeCompare(b.tank_id))
}

/**
 * A quantity in tonnes as typed: a finite number (the sign is the server's to judge, so that a negative quantity
 * is refused with its message). Empty or not a number: a problem on `field`.
 */
export function tonnesOf(text: string, field: string): FormResult<number> {
  const t = text.trim()
  const n = Number(t)
  if (t === '' || !Number.isFinite(n)) return problem(field, '请输入数量（吨） / a quantity in tonnes')
  return { ok: true, body: n }
}

export type PersonFields = Record<'person_name' | 'position' | 'phone' | 'interval_days', string>

/** The three 包保 persons as typed; position and phone may stay empty; the interval defaults per role. */
export function responsiblesBody(v: Record<MhRole, PersonFields>): FormResult<MhResponsiblesBody> {
  const out: Partial<MhResponsiblesBody> = {}
  for (const role of mhRoles) {
    const p = v[role]
    const interval = p.interval_days.trim()
    const days = interval === '' ? mhDefaultIntervalDays[role] : Number(interval)
    if (!Number.isInteger(days))
      return problem(`${role}.interval_days`, '检查周期为整数天 / a whole number of days')
    out[role] = {
      person_name: p.person_name.trim(),
      position: p.position.trim() || null,
      phone: p.phone.trim() || null,
      interval_days: days,
    }
  }
  return { ok: true, body: out as MhResponsiblesBody }
}

/** The form values of the current persons (defaults for a role without one). */
export function personFields(u: Pick<MhUnit, 'responsibles'>): Record<MhRole, PersonFields> {
  const out = {} as Record<MhRole, PersonFields>
  for (const role of mhRoles) {
    const p = u.responsibles.find((x) => x.role === role)
    out[role] = {
      person_name: p?.person_name ?? '',
      position: p?.position ?? '',
      phone: p?.phone ?? '',
      interval_days: String(p?.interval_days ?? mhDefaultIntervalDays[role]),
    }
  }
  return out
}

/** One periodic check as typed; `checked_by` left empty means the person of that role. */
export function checkBody(v: {
  role: string
  checked_on: string
  checked_by: string
  findings: string
  issues_found: boolean
}): FormResult<MhCheckBody> {
  if (!(mhRoles as readonly string[]).includes(v.role)) return problem('role', '请选择责任人 / pick a role')
  return {
    ok: true,
    body: {
      role: v.role as MhRole,
      checked_on: v.checked_on.trim(),
      ...(v.checked_by.trim() ? { checked_by: v.checked_by.trim() } : {}),
      findings: v.findings.trim(),
      issues_found: v.issues_found,
    },
  }
}

/** A production unit's or warehouse's inventory as typed: empty rows skipped, quantities parsed. */
export function itemsBody(rows: readonly { chemical: string; q: string }[]): FormResult<MhItemsBody> {
  const items: MhItemsBody['items'] = []
  for (const [i, r] of rows.entries()) {
    if (!r.chemical.trim() && !r.q.trim()) continue
    const q = tonnesOf(r.q, `items.${i}.q_t`)
    if (!q.ok) return q
    items.push({ chemical: r.chemical.trim(), q_t: q.body })
  }
  return { ok: true, body: { items } }
}

export function registerBody(v: { record_no: string; registered_on: string }): MhRegisterBody {
  return {
    record_no: v.record_no.trim(),
    ...(v.registered_on.trim() ? { registered_on: v.registered_on.trim() } : {}),
  }
}

const gradeText = (g: MhGrade | null) => g ?? '—'

/** "S 12.5 → 15 · R 30 → 36 · 三级 → 二级" (the grade part in English for en). */
export function changeLine(
  before: Pick<MhAssessment, 'S' | 'R' | 'grade'>,
  after: Pick<MhAssessment, 'S' | 'R' | 'grade'>,
  gradeLabel: (g: MhGrade | null) => string = gradeText,
): string {
  return [
    `S ${num(before.S)} → ${num(after.S)}`,
    `R ${num(before.R)} → ${num(after.R)}`,
    `${gradeLabel(before.grade)} → ${gradeLabel(after.grade)}`,
  ].join(' · ')
}
