// The card and terminal presence rules (逾期未离园, 定位卡/终端失联) in the geofence worker on real PostgreSQL +
// PostGIS and Redis with the seeded park: card issues and a hazmat booking in the database, positions through the
// position writer. Each rule raises exactly one alarm and returns it to normal when the condition clears (a
// position outside the park boundary, a gate exit of the plate, the next position); a restart rebuilds the
// state from PostGIS (watches, newest positions, open alarms) and raises nothing again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PositionSample } from '../../../../server/contracts'
import { cardPresenceRule } from '../../../../server/modules/cards/card-presence.rule'
import type { CardPresenceRule } from '../../../../server/modules/cards/card-presence'
import { upsertTags } from '../../../../server/modules/tags/tags.repository'
import { systemScope } from '../../../../server/platform/db/db'
import { eventually } from '../../../helpers/http'
import { log, startGeofenceStack, type GeofenceStack } from '../zones/geofence-stack'

const inPark = [120.954057, 31.9379976] as const // Z04's centre
const settle = () => new Promise((r) => setTimeout(r, 1_500)) // several tag-rule ticks (300 ms)

describe('card presence rules (PostgreSQL + Redis, seeded park)', () => {
  let stack: GeofenceStack
  let rule: CardPresenceRule | null = null
  let outside: [number, number] = [0, 0]
  const last = new Map<string, number>()
  /** device times: increasing per tag, 20 min apart (any walk is then plausible), starting in the past */
  const sample = (tag: string, [lon, lat]: readonly [number, number]): PositionSample => {
    const t = (last.get(tag) ?? Date.now() - 3 * 3_600_000) + 20 * 60_000
    last.set(tag, t)
    return {
      tag_id: tag,
      t: new Date(t).toISOString(),
      lon,
      lat,
      speed_kmh: 3,
      heading_deg: null,
      source: 'test',
    }
  }
  const alarmsOf = (tag: string, rule: string) => stack.alarms('source_id = $1 AND rule = $2', [tag, rule])
  const issue = async (card: string, holder: 'visitor' | 'vehicle', validToMs: number, plate?: string) => {
    const [row] = await stack.sql<{ id: string }>(
      `INSERT INTO card_issues (card_id, holder_type, visitor_name, id_last4, host_enterprise_id, plate, valid_from, valid_to)
       VALUES ($1, $2, $3, $4, $5, $6, now() - interval '2 hours', $7) RETURNING id::text`,
      holder === 'visitor'
        ? [card, holder, '张三', '1234', 'E01', null, new Date(validToMs)]
        : [card, holder, null, null, null, plate, new Date(validToMs)],
    )
    return row!.id
  }

  beforeAll(async () => {
    stack = await startGeofenceStack('cpt_presence', (db) => {
      const h = cardPresenceRule(db, log, { cardSilentS: 600, terminalSilentS: 2 })
      rule = h.rule
      return [h]
    })
    const [b] = await stack.sql<{ e: number; y: number }>(
      'SELECT ST_XMax(geom) AS e, ST_Y(ST_PointOnSurface(geom)) AS y FROM parks',
    )
    outside = [b!.e + 0.005, b!.y] // ~500 m east of the park's fence
    await stack.ts.server.db.tx(systemScope, (q) =>
      upsertTags(q, [
        { id: 'TRK1', kind: 'hazmat_vehicle', label: '苏F54321（危）', enterprise_id: null },
        { id: 'TRK2', kind: 'hazmat_vehicle', label: '苏F54322（危）', enterprise_id: null },
      ]),
    )
  })
  afterAll(async () => {
    await stack?.close()
  })

  it('raises one overdue_exit for a card past its validity in the park, kept across a restart', async () => {
    const soon = Date.now() + 3_000
    await issue('CARD-0101', 'visitor', soon)
    await issue('CARD-0102', 'visitor', soon) // never reports: nothing says it is in the park
    await issue('CARD-0103', 'vehicle', soon, '苏E12345')
    await stack.worker().reloadTagRules()
    await stack.publish([sample('CARD-0101', inPark), sample('CARD-0103', inPark)])
    await eventually(async () => (await alarmsOf('CARD-0103', 'overdue_exit')).length === 1, 15_000)
    await eventually(async () => (await alarmsOf('CARD-0101', 'overdue_exit')).length === 1, 5_000)
    await settle()
    const [a] = await alarmsOf('CARD-0101', 'overdue_exit')
    expect(a).toMatchObject({
      source_type: 'tag',
      state: 'unack',
      priority: 'high',
      enterprise_id: 'E01',
      count: 1,
      props: expect.objectContaining({ reasons: ['card'], holder_type: 'visitor' }),
    })
    // raised at the deadline: the same natural key whenever it is evaluated
    expect(a!.source_event_time.getTime()).toBe(soon)
    expect(await alarmsOf('CARD-0102', 'overdue_exit')).toEqual([])

    await stack.restart()
    await settle()
    for (const card of ['CARD-0101', 'CARD-0103'])
      expect((await alarmsOf(card, 'overdue_exit')).map((x) => [x.state, x.count])).toEqual([['unack', 1]])
    expect(await stack.alarms(`rule = 'tag_silent'`)).toEqual([])
  })

  it('returns it to normal when the holder leaves the park or its plate exits by a gate; a restart raises nothing', async () => {
    await stack.publish([sample('CARD-0101', outside)])
    await stack.sql(
      `INSERT INTO gate_events (gate_id, gate_kind, plate, plate_norm, lane, direction, t, source)
       VALUES ('G1', 'park', '苏E12345', norm_plate('苏E12345'), '1', 'out', now(), 'test')`,
    )
    for (const card of ['CARD-0101', 'CARD-0103'])
      await eventually(async () => (await alarmsOf(card, 'overdue_exit'))[0]?.state === 'rtn_unack', 15_000)
    await stack.restart()
    await settle()
    for (const card of ['CARD-0101', 'CARD-0103'])
      expect((await alarmsOf(card, 'overdue_exit')).map((x) => [x.state, x.count])).toEqual([
        ['rtn_unack', 1],
      ])
  })

  it('raises one tag_silent for a hazmat truck’s terminal that stops reporting, back on its next position', async () => {
    await stack.sql(
      `INSERT INTO jt808_terminals (terminal, phone_raw, version, auth_code, tag_id, last_auth_at)
       VALUES ('13800000001', '013800000001', 2013, 'code', 'TRK1', now()),
              ('13800000002', '013800000002', 2013, 'code', 'TRK2', now())`,
    )
    const ids = []
    for (const [tag, plate] of [
      ['TRK1', '苏F54321'],
      ['TRK2', '苏F54322'],
    ]) {
      const [b] = await stack.sql<{ id: string }>(
        `INSERT INTO hazmat_bookings (plate, driver_name, driver_licence, escort_name, escort_licence,
           chemical_name, un_number, hazard_class, quantity_t, enterprise_id, gate_id, parking_id, route,
           route_length_m, route_nodes, route_stops_m, park_day, valid_from, valid_to, status, tag_id,
           approved_at, entered_at)
         VALUES ($1, '张三', '320100123456', '李四', '320200654321', '液氯', '1017', '2.3', 20, 'E03', 'G1', 'P1',
           ST_GeomFromText('LINESTRING(120.95 31.94, 120.951 31.94)', 4326), 100, ARRAY['N1', 'N2'],
           ARRAY[0, 50, 100], current_date, now() - interval '1 hour', now() + interval '1 hour', 'in_park', $2,
           now(), now())
         RETURNING id`,
        [plate, tag],
      )
      ids.push(b!.id)
    }
    await stack.worker().reloadTagRules()
    await stack.publish([sample('TRK1', inPark)]) // TRK2 never reports since it entered: not armed
    await eventually(async () => (await alarmsOf('TRK1', 'tag_silent')).length === 1, 15_000)
    expect((await alarmsOf('TRK1', 'tag_silent'))[0]).toMatchObject({
      source_type: 'tag',
      state: 'unack',
      priority: 'high',
      enterprise_id: 'E03',
      limit_value: 2,
      props: expect.objectContaining({ device: 'terminal', booking_id: ids[0] }),
    })
    await stack.restart()
    await settle()
    expect((await alarmsOf('TRK1', 'tag_silent')).map((x) => [x.state, x.count])).toEqual([['unack', 1]])
    expect(rule!.watched().map((w) => w.tagId)).toEqual(expect.arrayContaining(['TRK1', 'TRK2']))

    await stack.publish([sample('TRK1', inPark)])
    await eventually(async () => (await alarmsOf('TRK1', 'tag_silent'))[0]?.state === 'rtn_unack', 15_000)
    // the trip ends: no longer watched, so the silence after a restart raises nothing
    await stack.sql(
      `UPDATE hazmat_bookings SET status = 'completed', completed_at = now(), updated_at = now() WHERE id = ANY($1)`,
      [ids],
    )
    await stack.restart()
    await new Promise((r) => setTimeout(r, 3_000))
    expect((await alarmsOf('TRK1', 'tag_silent')).map((x) => [x.state, x.count])).toEqual([['rtn_unack', 1]])
    expect(await alarmsOf('TRK2', 'tag_silent')).toEqual([])
  })
})
