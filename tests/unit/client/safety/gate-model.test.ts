import { describe, expect, it } from 'vitest'
import type { GateEvent, GateSummary } from '../../../../server/contracts/gates'
import {
  applyGateEvent,
  bookingMark,
  byKind,
  countRows,
  gateTotals,
  mergeEvents,
  photoHref,
  type GateBoard,
} from '../../../../client/centers/safety/gate-model'

const day = '2026-11-29'
/** 08:00 China time on `day` plus `min` minutes */
const at = (min: number) => new Date(Date.parse(`${day}T00:00:00Z`) + min * 60_000).toISOString()
const ev = (id: string, over: Partial<GateEvent> = {}): GateEvent => ({
  id,
  gate_id: 'G1',
  gate_kind: 'park',
  enterprise_id: null,
  gate_name: '一号门',
  plate: `苏E${id}`,
  lane: '1',
  direction: 'in',
  t: at(Number(id)),
  photo_ref: null,
  photo_url: null,
  source: 'http',
  received_at: at(Number(id)),
  hazmat: false,
  booking: null,
  ...over,
})
const summary = (): GateSummary => ({
  day,
  through_id: '4',
  gates: [
    { gate_id: 'G1', gate_kind: 'park', gate_name: '一号门', enterprise_id: null, in: 3, out: 1, inside: 2 },
    {
      gate_id: 'E1-G2',
      gate_kind: 'enterprise',
      gate_name: '二道闸',
      enterprise_id: 'E01',
      in: 1,
      out: 0,
      inside: 1,
    },
  ],
})

describe('gate panel model', () => {
  it('keeps events newest first, each id once, at most the limit', () => {
    const merged = mergeEvents([ev('1'), ev('3')], [ev('2'), ev('3', { plate: 'again' })], 3)
    expect(merged.map((e) => e.id)).toEqual(['3', '2', '1'])
    expect(merged[0]!.plate).toBe('again')
    expect(mergeEvents([ev('1'), ev('2'), ev('3')], [], 2).map((e) => e.id)).toEqual(['3', '2'])
    // same instant: the larger id (a bigint as text) first
    expect(mergeEvents([ev('9', { t: at(1) }), ev('10', { t: at(1) })], []).map((e) => e.id)).toEqual([
      '10',
      '9',
    ])
  })

  it("counts a pushed event of today at its gate, once; another day's only in the list", () => {
    let board: GateBoard = { events: [ev('1')], summary: summary() }
    board = applyGateEvent(board, ev('5', { direction: 'out' }))
    expect(board.summary!.gates[0]).toMatchObject({ in: 3, out: 2, inside: 1 })
    expect(board.events.map((e) => e.id)).toEqual(['5', '1'])
    expect(applyGateEvent(board, ev('5', { direction: 'out' }))).toBe(board)
    const yesterday = applyGateEvent(board, ev('6', { t: '2026-11-28T12:00:00Z' }))
    expect(yesterday.summary).toBe(board.summary)
    expect(yesterday.events.map((e) => e.id)).toContain('6')
  })

  it('does not count again what the counts already include', () => {
    // listed or not, an event the summary counted (id ≤ through_id) only joins the list
    const board = applyGateEvent({ events: [], summary: summary() }, ev('3'))
    expect(board.summary).toEqual(summary())
    expect(board.events.map((e) => e.id)).toEqual(['3'])
    // listed with the snapshot but newer than the counts: counted
    const newer = applyGateEvent({ events: [ev('12')], summary: summary() }, ev('12'))
    expect(newer.summary!.gates[0]).toMatchObject({ in: 4, inside: 3 })
    expect(newer.summary!.through_id).toBe('12')
    expect(newer.events).toHaveLength(1)
    expect(
      applyGateEvent({ events: [], summary: { ...summary(), through_id: null } }, ev('1')).summary!.gates[0]!
        .in,
    ).toBe(4)
  })

  it('adds a gate it had not counted yet', () => {
    const board = applyGateEvent(
      { events: [], summary: summary() },
      ev('7', { gate_id: 'E2-G9', gate_kind: 'enterprise', enterprise_id: 'E02', gate_name: '新闸' }),
    )
    expect(board.summary!.gates.at(-1)).toEqual({
      gate_id: 'E2-G9',
      gate_kind: 'enterprise',
      gate_name: '新闸',
      enterprise_id: 'E02',
      in: 1,
      out: 0,
      inside: 1,
    })
  })

  it('filters park gates and second gates and adds up their counts', () => {
    const rows = summary().gates
    expect(byKind(rows, 'park').map((g) => g.gate_id)).toEqual(['G1'])
    expect(byKind(rows, 'enterprise').map((g) => g.gate_id)).toEqual(['E1-G2'])
    expect(byKind(rows, 'all')).toHaveLength(2)
    expect(gateTotals(rows)).toEqual({ in: 4, out: 1, inside: 3 })
    expect(gateTotals([])).toEqual({ in: 0, out: 0, inside: 0 })
  })

  it('opens the photo the server resolved, and none otherwise', () => {
    expect(photoHref({ photo_url: '/api/v1/gate-events/5/photo' })).toBe('/api/v1/gate-events/5/photo')
    expect(photoHref({ photo_url: null })).toBeNull()
    expect(photoHref({ photo_url: '' })).toBeNull()
  })

  it('marks hazmat vehicles booked or not', () => {
    expect(bookingMark({ hazmat: false, booking: null })).toBeNull()
    expect(bookingMark({ hazmat: true, booking: null })).toBe('unbooked')
    const b = (status: NonNullable<GateEvent['booking']>['status']) => ({
      id: 'B',
      status,
      enterprise_id: 'E01',
    })
    expect(bookingMark({ hazmat: true, booking: b('approved') })).toBe('booked')
    expect(bookingMark({ hazmat: true, booking: b('in_park') })).toBe('booked')
    expect(bookingMark({ hazmat: true, booking: b('requested') })).toBe('unbooked')
    expect(bookingMark({ hazmat: true, booking: b('cancelled') })).toBe('unbooked')
  })
})

describe('gate counts table', () => {
  it('lists the park gates one by one and adds the second gates up under "all"', () => {
    const rows = [
      ...summary().gates,
      {
        gate_id: 'E2-G2',
        gate_kind: 'enterprise',
        gate_name: '二',
        enterprise_id: 'E02',
        in: 2,
        out: 3,
        inside: -1,
      },
    ] satisfies GateSummary['gates']
    expect(countRows(rows, 'all')).toEqual([
      rows[0],
      {
        gate_id: 'enterprise',
        gate_kind: 'enterprise',
        gate_name: null,
        enterprise_id: null,
        in: 3,
        out: 3,
        inside: 0,
        gates: 2,
      },
    ])
    expect(countRows(rows, 'enterprise').map((r) => r.gate_id)).toEqual(['E1-G2', 'E2-G2'])
    expect(countRows(rows.slice(0, 1), 'all')).toEqual(rows.slice(0, 1))
  })
})
