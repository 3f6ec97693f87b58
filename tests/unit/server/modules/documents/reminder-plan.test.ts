import { describe, expect, it } from 'vitest'
import {
  audienceOf,
  dueThreshold,
  nextReminder,
  scheduledDay,
  thresholdsOf,
} from '../../../../../server/modules/documents/reminder-plan'
import { validityOf } from '../../../../../server/contracts/documents'

const licence = { days_before: [90, 30, 7, 0], escalate_on_expiry: true }
const report = { days_before: [90, 30, 7], escalate_on_expiry: true }
const quiet = { days_before: [30], escalate_on_expiry: false }
const addDays = (d: string, n: number) =>
  new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10)

/** Runs the planner once a day from `from` to `to`, as a scheduler would; returns [day, threshold] sent. */
function simulate(expires: string, from: string, to: string, rule = licence, step = 1) {
  const sent: number[] = []
  const log: [string, number][] = []
  for (let d = from; d <= to; d = addDays(d, step)) {
    const t = dueThreshold(expires, d, rule, sent)
    if (t !== null) {
      sent.push(t)
      log.push([d, t])
    }
  }
  return log
}

describe('reminder thresholds', () => {
  it('adds the expiry day when the rule escalates', () => {
    expect(thresholdsOf(licence)).toEqual([90, 30, 7, 0])
    expect(thresholdsOf(report)).toEqual([90, 30, 7, 0])
    expect(thresholdsOf(quiet)).toEqual([30])
  })

  it('worked example: a licence uploaded 20 days before expiry gets the 30-day reminder now, not the 90-day one', () => {
    // expires 2026-07-21; uploaded 2026-07-01 (20 days before)
    expect(dueThreshold('2026-07-21', '2026-07-01', licence, [])).toBe(30)
    // then nothing until 7 days before (2026-07-14), then the expiry day
    expect(simulate('2026-07-21', '2026-07-01', '2026-08-31')).toEqual([
      ['2026-07-01', 30],
      ['2026-07-14', 7],
      ['2026-07-21', 0],
    ])
  })

  it('runs the full schedule for a document uploaded long before', () => {
    expect(simulate('2026-12-31', '2026-01-01', '2027-03-01', report)).toEqual([
      ['2026-10-02', 90],
      ['2026-12-01', 30],
      ['2026-12-24', 7],
      ['2026-12-31', 0],
    ])
  })

  it('a scheduler down for weeks sends only the most urgent reminder when it comes back', () => {
    // last ran 100 days before expiry, next run 3 days before: the 7-day one, not 90 and 30
    expect(dueThreshold('2026-05-10', '2026-05-07', licence, [])).toBe(7)
    expect(dueThreshold('2026-05-10', '2026-06-01', licence, [])).toBe(0)
    expect(dueThreshold('2026-05-10', '2026-06-01', licence, [90])).toBe(0)
  })

  it('never sends the same or a less urgent threshold again', () => {
    expect(dueThreshold('2026-05-10', '2026-04-20', licence, [30])).toBeNull()
    expect(dueThreshold('2026-05-10', '2026-04-20', licence, [7])).toBeNull()
    expect(dueThreshold('2026-05-10', '2026-05-10', licence, [0])).toBeNull()
    // a rule changed after the 7-day reminder (adds 14): nothing until the expiry
    expect(dueThreshold('2026-05-10', '2026-05-05', { ...licence, days_before: [14, 7, 0] }, [7])).toBeNull()
  })

  it('nothing before the first threshold; a rule without escalation stops after its last day', () => {
    expect(dueThreshold('2026-12-31', '2026-10-01', report, [])).toBeNull()
    expect(simulate('2026-06-30', '2026-05-01', '2026-08-01', quiet)).toEqual([['2026-05-31', 30]])
  })

  it('who hears: owners before expiry; on the expiry day owners when the rule lists 0, park admins on escalation', () => {
    expect(audienceOf(30, licence)).toEqual({ owners: true, parkAdmins: false })
    expect(audienceOf(0, licence)).toEqual({ owners: true, parkAdmins: true })
    expect(audienceOf(0, report)).toEqual({ owners: false, parkAdmins: true })
  })

  it('tells the next reminder day', () => {
    expect(scheduledDay('2026-07-21', 7)).toBe('2026-07-14')
    expect(nextReminder('2026-07-21', '2026-07-01', licence, [30])).toEqual({
      threshold: 7,
      on: '2026-07-14',
    })
    expect(nextReminder('2026-07-21', '2026-07-21', licence, [0])).toBeNull()
  })

  it('validity: expiring within 30 days including the expiry day, expired the day after', () => {
    expect(validityOf(null, '2026-01-01')).toBe('none')
    expect(validityOf('2026-03-01', '2026-01-01')).toBe('valid')
    expect(validityOf('2026-01-31', '2026-01-01')).toBe('expiring')
    expect(validityOf('2026-01-01', '2026-01-01')).toBe('expiring')
    expect(validityOf('2025-12-31', '2026-01-01')).toBe('expired')
  })
})
