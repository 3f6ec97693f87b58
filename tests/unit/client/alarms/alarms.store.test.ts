import { describe, expect, it } from 'vitest'
import * as contracts from '../../../../server/contracts'
import {
  activeAlarmStates,
  alarmMessageKinds,
  alarmPriorities,
  alarmStates,
  AlarmStore,
  compareIds,
  maxShelveHours,
  sortAlarms,
  type AlarmChange,
} from '../../../../client/live/alarms.store'
import { alarm, delivery } from './alarm-fixture'

const at = (s: number) => new Date(Date.UTC(2026, 10, 28, 9, 0, s)).toISOString()

describe('client mirrors of the alarm contract', () => {
  it('match server/contracts/alarms.ts', () => {
    expect(alarmStates).toEqual(contracts.alarmStates)
    expect(activeAlarmStates).toEqual(contracts.activeAlarmStates)
    expect(alarmPriorities).toEqual(contracts.alarmPriorities)
    expect(alarmMessageKinds).toEqual(contracts.alarmMessageKinds)
    expect(maxShelveHours).toBe(contracts.maxShelveHours)
  })
})

describe('alarm ordering', () => {
  it('sorts urgent → high → low, newest first within a priority, higher id on ties', () => {
    const list = [
      alarm({ id: '1', priority: 'low', raised_at: at(9) }),
      alarm({ id: '2', priority: 'high', raised_at: at(1) }),
      alarm({ id: '3', priority: 'urgent', raised_at: at(2) }),
      alarm({ id: '4', priority: 'high', raised_at: at(5) }),
      alarm({ id: '10', priority: 'high', raised_at: at(5) }),
    ]
    expect(sortAlarms(list).map((a) => a.id)).toEqual(['3', '10', '4', '2', '1'])
    expect(sortAlarms(list, 'time').map((a) => a.id)).toEqual(['1', '10', '4', '3', '2'])
  })

  it('compares decimal ids as numbers', () => {
    expect(compareIds('9', '10')).toBeLessThan(0)
    expect(compareIds('123', '122')).toBeGreaterThan(0)
    expect(compareIds('7', '7')).toBe(0)
  })
})

describe('AlarmStore', () => {
  it('keeps the highest (id, version): repeats and older versions are dropped without a change', () => {
    const store = new AlarmStore()
    const changes: AlarmChange[] = []
    store.subscribe((c) => changes.push(c))
    const a1 = alarm({ id: '50', version: 1 })
    const a2 = { ...a1, version: 2, state: 'ack' as const }
    expect(store.apply(delivery(a1, 'alarm.raised'))).toBe(true)
    expect(store.apply(delivery(a1, 'alarm.raised', 2))).toBe(false)
    expect(store.apply(delivery(a2))).toBe(true)
    expect(store.apply(delivery(a1, 'alarm.raised', 3))).toBe(false)
    expect(store.get('50')).toMatchObject({ version: 2, state: 'ack' })
    expect(changes.filter((c) => c.kind === 'delivery')).toHaveLength(2)
    expect(store.repeats).toBe(2)
    expect(store.applied).toBe(2)
  })

  it('drops an alarm that leaves the active states, and ignores a late older version of it', () => {
    const store = new AlarmStore()
    const a = alarm({ id: '60', version: 3 })
    store.apply(delivery(a))
    store.apply(delivery({ ...a, version: 4, state: 'cleared' }))
    expect(store.get('60')).toBeUndefined()
    expect(store.apply(delivery({ ...a, version: 3 }))).toBe(false)
    expect(store.size).toBe(0)
    // re-triggered later: a higher version comes back
    expect(store.apply(delivery({ ...a, version: 5, state: 'unack' }, 'alarm.raised'))).toBe(true)
    expect(store.get('60')?.version).toBe(5)
  })

  it('takes the snapshot as the list of active alarms but keeps a newer pushed version', () => {
    const store = new AlarmStore()
    const gone = alarm({ id: '70' })
    const kept = alarm({ id: '71', version: 1 })
    store.apply(delivery(gone))
    store.apply(delivery({ ...kept, version: 3, state: 'ack' }))
    store.beginSnapshot()
    store.applySnapshot([{ ...kept, version: 2 }, alarm({ id: '72' })])
    expect(store.get('71')).toMatchObject({ version: 3, state: 'ack' })
    expect(store.get('72')).toBeDefined()
    expect(store.snapshotLoaded).toBe(true)
  })

  it('keeps alarms pushed while the snapshot was in flight, and drops stale ones not in it', () => {
    const store = new AlarmStore()
    const stale = alarm({ id: '80' })
    store.apply(delivery(stale))
    store.beginSnapshot()
    const fresh = alarm({ id: '81' })
    store.apply(delivery(fresh, 'alarm.raised'))
    store.applySnapshot([])
    expect(store.get('81')).toBeDefined()
    expect(store.get('80')).toBeUndefined()
    // a pushed message of the snapshot's version is a repeat
    store.applySnapshot([alarm({ id: '82', version: 2 })])
    expect(store.apply(delivery(alarm({ id: '82', version: 2 })))).toBe(false)
  })

  it('ignores inactive alarms in a snapshot and counts by priority and state', () => {
    const store = new AlarmStore()
    store.applySnapshot([
      alarm({ id: '1', priority: 'urgent', state: 'unack' }),
      alarm({ id: '2', priority: 'high', state: 'ack' }),
      alarm({ id: '3', priority: 'high', state: 'rtn_unack' }),
      alarm({ id: '4', priority: 'low', state: 'shelved' }),
      alarm({ id: '5', priority: 'low', state: 'cleared' }),
    ])
    const c = store.counts()
    expect(c.total).toBe(4)
    expect(c.unacked).toBe(2)
    expect(c.byPriority).toEqual({ low: 1, high: 2, urgent: 1 })
    expect(c.unackedByPriority).toEqual({ low: 0, high: 1, urgent: 1 })
    expect(c.byState).toMatchObject({ unack: 1, ack: 1, rtn_unack: 1, shelved: 1, cleared: 0 })
    expect(store.list().map((a) => a.id)).toEqual(['1', '3', '2', '4'])
  })

  it('applies a REST action answer, so the pushed copy of it is a repeat', () => {
    const store = new AlarmStore()
    const a = alarm({ id: '90' })
    store.apply(delivery(a, 'alarm.raised'))
    const acked = { ...a, version: 2, state: 'ack' as const }
    expect(store.applyAlarm(acked, 'acknowledge')).toBe(true)
    expect(store.apply(delivery(acked))).toBe(false)
    expect(store.get('90')?.state).toBe('ack')
  })

  it('tracks alarm flood per position', () => {
    const store = new AlarmStore()
    const flood = {
      position: 'park',
      name: '园区总控',
      in_flood: true,
      count: 12,
      window_s: 600,
      since: at(0),
      top: null,
    }
    store.applyFlood(flood)
    expect(store.inFlood()).toBe(true)
    store.applyFlood({ ...flood, in_flood: false, count: 3 })
    expect(store.inFlood()).toBe(false)
  })
})
