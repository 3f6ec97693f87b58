import { afterEach, describe, expect, it } from 'vitest'
import {
  canAcknowledge,
  canShelve,
  filterAlarms,
  ruleCode,
  ruleLabel,
  shelveUntil,
  sourceName,
  stateLabel,
  tickerAlarms,
  valueText,
} from '../../../../client/shell/alarm-format'
import { alarmTarget, annunciation, flashPoints } from '../../../../client/shell/alarm-ui'
import { setLocale } from '../../../../client/shell/i18n/i18n'
import { alarm, delivery } from './alarm-fixture'

const at = (s: number) => new Date(Date.UTC(2026, 10, 28, 9, 0, s)).toISOString()

afterEach(() => setLocale('zh-CN'))

describe('alarm row text', () => {
  it('shows value against limit with the unit, ≤ for low rules and per minute for a rate of rise', () => {
    expect(valueText(alarm({ value: 62.5, limit: 50 }))).toBe('62.5 mg/L ≥ 50 mg/L')
    expect(valueText(alarm({ rule: 'll', value: 0.4, limit: 1, props: { unit: 'mg/L' } }))).toBe(
      '0.4 mg/L ≤ 1 mg/L',
    )
    expect(valueText(alarm({ rule: 'roc', value: 12, limit: 10, props: { unit: '%LEL' } }))).toBe(
      '12 %LEL/min ≥ 10 %LEL/min',
    )
    expect(valueText(alarm({ rule: 'silent', value: null, limit: null }))).toBe('')
    expect(valueText(alarm({ value: 0.1 + 0.2, limit: null, props: {} }))).toBe('0.3')
  })

  it('names the source from the message, else its id; rules in zh-CN first, English on the toggle', () => {
    expect(sourceName(alarm({ message: '废水总排口 COD: 高报 H 62 mg/L ≥ 50 mg/L' }))).toBe('废水总排口 COD')
    expect(sourceName(alarm({ message: 'dead letter', source_id: 'bus:alarms' }))).toBe('bus:alarms')
    expect(ruleCode('hh')).toBe('HH')
    expect(ruleCode('flag_fault')).toBe('FAULT')
    expect(ruleCode('collector_offline')).toBe('COLLECTOR_OFFLINE')
    expect(ruleLabel('hh')).toBe('高高报')
    expect(stateLabel('unack')).toBe('未确认')
    setLocale('en')
    expect(ruleLabel('hh')).toBe('High-high')
    expect(ruleLabel('collector_offline')).toBe('collector_offline')
  })

  it('names zone and booking rules by their kind, whatever zone or booking follows the colon', () => {
    expect(ruleCode('hazmat_off_route:HB20261129-e9762d36')).toBe('OFF-ROUTE')
    expect(ruleLabel('hazmat_off_route:HB20261129-e9762d36')).toBe('偏离预约路线')
    expect(ruleCode('zone_intrusion:Z04')).toBe('INTRUSION')
    expect(ruleLabel('zone_headcount:Z12')).toBe('区域超员')
    expect(ruleLabel('tag_silent')).toBe('定位失联')
    setLocale('en')
    expect(ruleLabel('zone_intrusion:Z04')).toBe('Restricted-zone intrusion')
    // an unknown kind with a colon still shows as it is
    expect(ruleLabel('hazwaste.over_limit:W1')).toBe('hazwaste.over_limit:W1')
  })
})

describe('alarm lists', () => {
  const list = [
    alarm({ id: '1', priority: 'low', state: 'unack', raised_at: at(1) }),
    alarm({ id: '2', priority: 'high', state: 'ack', raised_at: at(2) }),
    alarm({ id: '3', priority: 'urgent', state: 'unack', raised_at: at(3) }),
    alarm({ id: '4', priority: 'high', state: 'rtn_unack', raised_at: at(4) }),
    alarm({ id: '5', priority: 'urgent', state: 'shelved', raised_at: at(5) }),
  ]

  it('filters by state and priorities', () => {
    expect(filterAlarms(list, { state: null, priorities: new Set() }).map((a) => a.id)).toEqual([
      '5',
      '3',
      '4',
      '2',
      '1',
    ])
    expect(filterAlarms(list, { state: 'unack', priorities: new Set() }).map((a) => a.id)).toEqual(['3', '1'])
    expect(
      filterAlarms(list, { state: null, priorities: new Set(['high']) }, 'time').map((a) => a.id),
    ).toEqual(['4', '2'])
  })

  it('ticks unacknowledged urgent and high alarms, urgent first', () => {
    expect(tickerAlarms(list).map((a) => a.id)).toEqual(['3', '4'])
    expect(tickerAlarms(list, 1).map((a) => a.id)).toEqual(['3'])
  })

  it('flashes unacknowledged urgent alarms that have a location', () => {
    const noPlace = alarm({ id: '6', priority: 'urgent', location: null })
    expect(flashPoints([...list, noPlace])).toEqual([{ id: '3', lon: 120.95, lat: 31.95 }])
  })

  it('annunciates new urgent and high raises only', () => {
    const raised = (over: Parameters<typeof alarm>[0]) => ({
      kind: 'delivery' as const,
      message: delivery(alarm(over), 'alarm.raised'),
      previous: null,
    })
    expect(annunciation(raised({ priority: 'urgent' }))).toBe('urgent')
    expect(annunciation(raised({ priority: 'high' }))).toBe('high')
    expect(annunciation(raised({ priority: 'low' }))).toBeNull()
    expect(annunciation(raised({ priority: 'urgent', state: 'shelved' }))).toBeNull()
    expect(
      annunciation({ kind: 'delivery', message: delivery(alarm({ priority: 'urgent' })), previous: null }),
    ).toBeNull()
    expect(annunciation({ kind: 'snapshot' })).toBeNull()
  })
})

describe('alarm actions', () => {
  it('lets every role but screen acknowledge an unacknowledged alarm; only admins and operators shelve', () => {
    expect(canAcknowledge('operator', { state: 'unack' })).toBe(true)
    expect(canAcknowledge('enterprise_user', { state: 'rtn_unack' })).toBe(true)
    expect(canAcknowledge('screen', { state: 'unack' })).toBe(false)
    expect(canAcknowledge('park_admin', { state: 'ack' })).toBe(false)
    expect(canShelve('park_admin')).toBe(true)
    expect(canShelve('operator')).toBe(true)
    expect(canShelve('enterprise_user')).toBe(false)
    expect(canShelve('screen')).toBe(false)
    expect(canShelve(null)).toBe(false)
  })

  it('shelves until now + hours, never past 8 h', () => {
    const now = Date.UTC(2026, 10, 28, 8)
    expect(shelveUntil(now, 2)).toBe(new Date(now + 2 * 3_600_000).toISOString())
    expect(shelveUntil(now, 24)).toBe(new Date(now + 8 * 3_600_000).toISOString())
  })

  it('locates an alarm at its asset (by id or by the MN of an HJ 212 channel), else its location', () => {
    const assets = [
      { id: 'GD-01', properties: { props: {} } },
      { id: 'WW-OUT-1', properties: { props: { mn: '3206820100001' } } },
    ] as unknown as Parameters<typeof alarmTarget>[1]
    expect(alarmTarget({ source_id: 'GD-01', location: null }, assets)).toEqual({
      type: 'asset',
      id: 'GD-01',
    })
    expect(alarmTarget({ source_id: '3206820100001.w01018', location: null }, assets)).toEqual({
      type: 'asset',
      id: 'WW-OUT-1',
    })
    expect(alarmTarget({ source_id: 'x.y', location: { lon: 1, lat: 2 } }, assets)).toEqual({
      type: 'point',
      lon: 1,
      lat: 2,
    })
    expect(alarmTarget({ source_id: 'x', location: null }, assets)).toBeNull()
  })
})
