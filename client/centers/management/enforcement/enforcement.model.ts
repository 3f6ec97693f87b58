import type {
  NoticeAction,
  NoticeState,
  PenaltyAction,
  PenaltyStepBody,
  RectificationNotice,
} from '../../../../server/contracts/enforcement'

// Pure helpers of the 执法台账 views (unit-tested): notice colours and deadline text, ordering, the step forms'
// fields and bodies, and the on-time rate.

export const noticeStateColour: Record<NoticeState, string> = {
  issued: '#00e5ff',
  submitted: '#9254de',
  closed: '#52c41a',
}
export const overdueColour = '#ff4d4f'
export const dueSoonColour = '#faad14'

/** Overdue red, due within 3 days amber, else by state. */
export function noticeColour(n: Pick<RectificationNotice, 'state' | 'overdue' | 'days_left'>): string {
  if (n.overdue) return overdueColour
  if (n.state !== 'closed' && n.days_left !== null && n.days_left <= 3) return dueSoonColour
  return noticeStateColour[n.state]
}

/** Overdue first (most overdue first), then open by deadline, then closed (latest first). */
export function sortNotices<
  T extends Pick<RectificationNotice, 'id' | 'state' | 'overdue' | 'deadline' | 'closed_on'>,
>(list: readonly T[]): T[] {
  const rank = (n: T) => (n.overdue ? 0 : n.state === 'closed' ? 2 : 1)
  return [...list].sort(
    (a, b) =>
      rank(a) - rank(b) ||
      (rank(a) === 2
        ? (b.closed_on ?? '').localeCompare(a.closed_on ?? '')
        : a.deadline.localeCompare(b.deadline)) ||
      a.id.localeCompare(b.id),
  )
}

/** "a, b，c、d" → ['a','b','c','d'] (ASCII and Chinese separators). */
export function splitNames(s: string): string[] {
  return s
    .split(/[,，、;；\n]/)
    .map((x) => x.trim())
    .filter(Boolean)
}

/** The lines of a textarea, trimmed, without blanks. */
export function lines(s: string): string[] {
  return s
    .split('\n')
    .map((x) => x.trim())
    .filter(Boolean)
}

export type FieldKind = 'text' | 'area' | 'date' | 'result' | 'names'

/** The fields of a notice step's form, in order. */
export function noticeStepFields(action: NoticeAction): [string, FieldKind][] {
  return action === 'submit'
    ? [
        ['measures', 'area'],
        ['completed_on', 'date'],
      ]
    : [
        ['inspected_on', 'date'],
        ['inspectors', 'names'],
        ['result', 'result'],
        ['opinion', 'area'],
        ['new_deadline', 'date'],
      ]
}

/** A notice step's body from the form's strings (and the evidence document ids already filed). */
export function noticeStepBody(
  action: NoticeAction,
  v: Record<string, string>,
  evidence: readonly string[] = [],
):
  | { action: 'submit'; measures: string; completed_on: string; evidence_document_ids: string[] }
  | {
      action: 'reinspect'
      inspected_on: string
      inspectors: string[]
      result: 'passed' | 'failed'
      opinion: string
      new_deadline?: string
    } {
  if (action === 'submit')
    return {
      action,
      measures: v.measures ?? '',
      completed_on: v.completed_on ?? '',
      evidence_document_ids: [...evidence],
    }
  const result = v.result === 'passed' ? 'passed' : 'failed'
  return {
    action,
    inspected_on: v.inspected_on ?? '',
    inspectors: splitNames(v.inspectors ?? ''),
    result,
    opinion: v.opinion ?? '',
    ...(result === 'failed' && v.new_deadline ? { new_deadline: v.new_deadline } : {}),
  }
}

/** A penalty step's body from its one input (the day for execute, the note otherwise). */
export function penaltyStepBody(action: PenaltyAction, value: string): PenaltyStepBody {
  const note = value.trim()
  switch (action) {
    case 'execute':
      return { action, executed_on: value }
    case 'uphold':
      return note ? { action, note } : { action }
    default:
      return { action, note }
  }
}

/** 0.75 → "75%"; null → "—". */
export function rateText(rate: number | null): string {
  return rate === null ? '—' : `${Math.round(rate * 1000) / 10}%`
}
