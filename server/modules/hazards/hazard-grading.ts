import type { AlarmPriority } from '../../contracts/alarms'
import {
  mhGrades,
  mhRoleZh,
  type MhAssessment,
  type MhChemical,
  type MhGrade,
  type MhItemResult,
  type MhRole,
} from '../../contracts/hazards'

// Pure rules of GB 18218-2018 (危险化学品重大危险源辨识): identification S = Σ qᵢ/Qᵢ (S ≥ 1: a major hazard
// source), grading R = α · Σ βᵢ·qᵢ/Qᵢ with α from the people exposed within 500 m outside the plant, and the
// grade bands; chemical look-up in the catalogue; 包保 check due dates; the alarm conditions of the hourly check.
// Numbers: /work/shared/domain/safety-standards.md "Major hazard sources".

/** α by exposed people, first band that holds: ≥ 100 → 2.0; 50–99 → 1.5; 30–49 → 1.2; 1–29 → 1.0; 0 → 0.5. */
export const alphaBands: readonly { min: number; alpha: number }[] = [
  { min: 100, alpha: 2.0 },
  { min: 50, alpha: 1.5 },
  { min: 30, alpha: 1.2 },
  { min: 1, alpha: 1.0 },
  { min: 0, alpha: 0.5 },
]

/** Grade by R, first band that holds: 一级 R ≥ 100; 二级 50 ≤ R < 100; 三级 10 ≤ R < 50; 四级 R < 10. */
export const gradeBands: readonly { min: number; grade: MhGrade }[] = [
  { min: 100, grade: '一级' },
  { min: 50, grade: '二级' },
  { min: 10, grade: '三级' },
  { min: 0, grade: '四级' },
]

/** Sums of quotients carry binary noise (0.1 + 0.2): compare and report at 1e-9. */
const clean = (x: number) => Math.round(x * 1e9) / 1e9

export function alphaFor(exposedPeople: number): number {
  if (!Number.isFinite(exposedPeople) || exposedPeople < 0) throw new RangeError('exposed people must be ≥ 0')
  return alphaBands.find((b) => exposedPeople >= b.min)!.alpha
}

/** The grade of a unit: null when S < 1 (not a major hazard), else by R. */
export function gradeFor(S: number, R: number): MhGrade | null {
  if (clean(S) < 1) return null
  const r = clean(R)
  return gradeBands.find((b) => r >= b.min)!.grade
}

/** 1 (一级, worst) … 4; 5 for "not a major hazard". */
export const gradeRank = (g: MhGrade | null): number => (g ? mhGrades.indexOf(g) + 1 : 5)

export type CatalogueEntry = Pick<
  MhChemical,
  'id' | 'name' | 'name_en' | 'cas' | 'aliases' | 'q_t' | 'beta' | 'basis' | 'unconfirmed'
>

export type Resolution =
  { ok: true; chemical: CatalogueEntry } | { ok: false; reason: 'unknown' | 'ambiguous'; message: string }

const norm = (s: string) => s.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, ' ')
const casPattern = /^\d{2,7}-\d{2}-\d$/

/**
 * Finds a chemical by name (zh, en or an alias; case and full-width insensitive) or by CAS number. A CAS shared by
 * several rows resolves to the one GB 18218 substance among them (CAS 7647-01-0 → anhydrous HCl, not 31 % acid);
 * when none or several are regulated it is ambiguous and the name must be given.
 */
export function resolveChemical(catalogue: readonly CatalogueEntry[], query: string): Resolution {
  const q = norm(query)
  if (!q) return { ok: false, reason: 'unknown', message: 'no chemical named' }
  const byName = catalogue.filter((c) => [c.name, c.name_en, ...c.aliases].some((n) => norm(n) === q))
  if (byName.length === 1) return { ok: true, chemical: byName[0]! }
  if (byName.length > 1)
    return {
      ok: false,
      reason: 'ambiguous',
      message: `${query} names several catalogue entries (${byName.map((c) => c.id).join(', ')})`,
    }
  if (casPattern.test(q)) {
    const byCas = catalogue.filter((c) => c.cas === q)
    if (byCas.length === 1) return { ok: true, chemical: byCas[0]! }
    const regulated = byCas.filter((c) => c.basis !== 'none')
    if (regulated.length === 1) return { ok: true, chemical: regulated[0]! }
    if (byCas.length > 1)
      return {
        ok: false,
        reason: 'ambiguous',
        message: `CAS ${query} is shared by ${byCas.map((c) => c.name).join(' / ')}: give the name`,
      }
  }
  return { ok: false, reason: 'unknown', message: `${query} is not in the GB 18218 catalogue` }
}

export interface AssessInput {
  /** null: a product not in the catalogue (contributes nothing, listed so the card can say so) */
  chemical: CatalogueEntry | null
  /** the product's own name when it is not in the catalogue */
  label?: string
  q_t: number
  source: string
}

/**
 * S, R, α and grade of one unit. Several rows of one chemical (several tanks) add up; substances that are not
 * GB 18218 substances (basis 'none') and unknown products count 0. Quantities must be ≥ 0.
 */
export function assess(inputs: readonly AssessInput[], exposedPeople: number): MhAssessment {
  const alpha = alphaFor(exposedPeople)
  let S = 0
  let weighted = 0
  const items: MhItemResult[] = inputs.map((i) => {
    if (!Number.isFinite(i.q_t) || i.q_t < 0) throw new RangeError(`quantity of ${i.source} must be ≥ 0`)
    const c = i.chemical
    const Q = c && c.basis !== 'none' ? c.q_t : null
    const beta = Q !== null ? c!.beta : null
    const ratio = Q ? i.q_t / Q : 0
    const w = ratio * (beta ?? 0)
    S += ratio
    weighted += w
    return {
      chemical_id: c?.id ?? null,
      name: c?.name ?? i.label ?? '?',
      name_en: c?.name_en ?? null,
      cas: c?.cas ?? null,
      q_t: i.q_t,
      Q_t: Q,
      beta,
      ratio: clean(ratio),
      weighted: clean(w),
      basis: c?.basis ?? null,
      unconfirmed: c?.unconfirmed ?? false,
      source: i.source,
    }
  })
  const R = alpha * weighted
  return {
    S: clean(S),
    R: clean(R),
    alpha,
    grade: gradeFor(S, R),
    major: clean(S) >= 1,
    exposed_people: exposedPeople,
    items,
  }
}

/** Whole days from `from` to `to` (YYYY-MM-DD). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000)
}

export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10)
}

/** A 包保 person's next check: one interval after the last check, else after assignment. */
export function nextCheckDue(lastCheck: string | null, assignedOn: string, intervalDays: number): string {
  return addDays(lastCheck && lastCheck > assignedOn ? lastCheck : assignedOn, intervalDays)
}

/** Overdue = today is past the due day (a check due today is not late yet). */
export const checkOverdue = (nextDue: string, today: string) => daysBetween(nextDue, today) > 0

export const majorHazardRules = {
  gradeChanged: 'major_hazard_grade_changed',
  responsibleMissing: 'major_hazard_responsible_missing',
  checkOverdue: (role: MhRole) => `major_hazard_check_overdue_${role}`,
} as const

export const majorHazardSource = (unitId: string) => `major_hazard:${unitId}`

/** What the hourly check needs of one unit. */
export interface ReminderUnit {
  id: string
  enterprise_id: string
  name: string
  /** the grade computed now (null: not a major hazard) */
  grade: MhGrade | null
  registered_grade: MhGrade | null
  responsibles: { role: MhRole; person_name: string; next_due: string }[]
}

export interface MajorHazardCondition {
  source_id: string
  rule: string
  priority: AlarmPriority
  enterprise_id: string
  message: string
  props: Record<string, unknown>
}

/**
 * The conditions that hold today: a grade that differs from the one on record (high when worse or newly a major
 * hazard, low when better or no longer one), a major hazard without all three 包保 persons (low), and each
 * person's periodic check overdue (high).
 */
export function majorHazardConditions(units: readonly ReminderUnit[], today: string): MajorHazardCondition[] {
  const out: MajorHazardCondition[] = []
  for (const u of units) {
    const base = { source_id: majorHazardSource(u.id), enterprise_id: u.enterprise_id }
    if (u.grade !== u.registered_grade) {
      const worse = gradeRank(u.grade) < gradeRank(u.registered_grade)
      const from = u.registered_grade ?? '非重大危险源'
      const to = u.grade ?? '非重大危险源'
      out.push({
        ...base,
        rule: majorHazardRules.gradeChanged,
        priority: worse ? 'high' : 'low',
        message: `重大危险源等级变化 ${from} → ${to}，请重新备案 / major hazard grade changed, re-register: ${u.name}`,
        props: { unit_id: u.id, from: u.registered_grade, to: u.grade },
      })
    }
    if (!u.grade) continue
    const present = new Set(u.responsibles.map((r) => r.role))
    const missing = (['principal', 'technical', 'operational'] as const).filter((r) => !present.has(r))
    if (missing.length)
      out.push({
        ...base,
        rule: majorHazardRules.responsibleMissing,
        priority: 'low',
        message: `重大危险源未落实包保责任人（${missing.map((r) => mhRoleZh[r]).join('、')}）/ 包保 persons missing: ${u.name}`,
        props: { unit_id: u.id, missing },
      })
    for (const r of u.responsibles)
      if (checkOverdue(r.next_due, today))
        out.push({
          ...base,
          rule: majorHazardRules.checkOverdue(r.role),
          priority: 'high',
          message: `${mhRoleZh[r.role]}${r.person_name}包保检查逾期（应于 ${r.next_due}）/ ${r.role} check overdue since ${r.next_due}: ${u.name}`,
          props: { unit_id: u.id, role: r.role, next_due: r.next_due },
        })
  }
  return out
}
