import { describe, expect, it } from 'vitest'
import { positionsOf, priorityFor } from '../../../../../server/modules/alarms/alarm-config'
import { messageKind } from '../../../../../server/modules/alarms/alarm-transitions'
import { VersionFilter } from '../../../../../server/modules/alarms/version-filter'

describe('alarm priority mapping (ISA-18.2)', () => {
  it.each([
    ['hh', 'urgent'],
    ['ll', 'urgent'],
    ['h', 'high'],
    ['l', 'high'],
    ['roc', 'high'],
    ['silent', 'low'],
    ['flag_fault', 'low'],
    ['flag_comms', 'low'],
    ['anything_else', 'low'],
  ])('%s → %s', (rule, priority) => {
    expect(priorityFor(rule)).toBe(priority)
  })

  it('takes per-sensor overrides', () => {
    expect(priorityFor('h', { h: 'urgent' })).toBe('urgent')
    expect(priorityFor('hh', { h: 'low' })).toBe('urgent')
  })
})

describe('operator positions', () => {
  it('the default park position watches every enterprise and park-wide alarms', () => {
    expect(positionsOf('E01').map((p) => p.id)).toEqual(['park'])
    expect(positionsOf(null).map((p) => p.id)).toEqual(['park'])
  })
  it('a position with listed enterprises watches only those', () => {
    const ps = [{ id: 'east', name: 'East', enterprises: ['E01'] }]
    expect(positionsOf('E01', ps)).toHaveLength(1)
    expect(positionsOf('E02', ps)).toHaveLength(0)
    expect(positionsOf(null, ps)).toHaveLength(0)
  })
})

describe('socket message kind', () => {
  it.each([
    ['raise', 'normal', 'unack', 'alarm.raised'],
    ['raise', 'rtn_unack', 'unack', 'alarm.raised'],
    ['raise', 'unack', 'unack', 'alarm.updated'],
    ['unshelve', 'shelved', 'unack', 'alarm.raised'],
    ['acknowledge', 'unack', 'ack', 'alarm.updated'],
    ['escalate', 'unack', 'unack', 'alarm.escalated'],
  ] as const)('%s %s → %s is %s', (event, from, to, kind) => {
    expect(messageKind(event, from, to)).toBe(kind)
  })
})

describe('version filter (at-least-once consumers)', () => {
  it('drops repeats and older versions, keeps newer ones', () => {
    const f = new VersionFilter()
    expect([
      f.accept('1', 1),
      f.accept('1', 1),
      f.accept('1', 3),
      f.accept('1', 2),
      f.accept('2', 1),
    ]).toEqual([true, false, true, false, true])
  })
  it('is bounded: the least recently seen alarm is forgotten first', () => {
    const f = new VersionFilter(2)
    f.accept('a', 1)
    f.accept('b', 1)
    f.accept('a', 2)
    f.accept('c', 1) // forgets b
    expect(f.accept('a', 2)).toBe(false)
    expect(f.accept('b', 1)).toBe(true)
  })
})
