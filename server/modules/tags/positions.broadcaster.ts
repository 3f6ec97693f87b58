import type { PositionSample, PositionsFrame } from '../../contracts'
import { streams, type Bus, type Subscription } from '../../platform/bus/bus'
import { systemScope, type Db } from '../../platform/db/db'
import { rooms } from '../../platform/realtime/rooms'
import type { IoServer } from '../../platform/realtime/socket-server'
import type { Logger } from '../../platform/logger'
import { tagEnterprises } from './tags.repository'
import type { PositionBatch } from './positions.writer'

/**
 * Realtime: tails the accepted positions (after the writer's filter), keeps the newest sample per tag and emits one coalesced frame
 * per interval to the park room and to each enterprise's room (its own tags only).
 */
export function startPositionBroadcaster(
  io: IoServer,
  db: Db,
  bus: Bus,
  log: Logger,
  intervalMs = 100,
): Subscription {
  let owners = new Map<string, string | null>()
  const refreshOwners = async () => {
    try {
      owners = await db.tx(systemScope, tagEnterprises)
    } catch (err) {
      log.warn({ err }, 'tag owners not refreshed')
    }
  }
  void refreshOwners()
  const ownerTimer = setInterval(refreshOwners, 30_000)

  let pending = new Map<string, PositionSample>()
  let seq = 0
  const sub = bus.tail<PositionBatch>(streams.positionsAccepted, (entries) => {
    for (const e of entries)
      for (const s of e.payload.samples ?? []) {
        const prev = pending.get(s.tag_id)
        if (!prev || prev.t <= s.t) pending.set(s.tag_id, s)
      }
  })
  const timer = setInterval(() => {
    if (pending.size === 0) return
    const samples = [...pending.values()]
    pending = new Map()
    const server_time = new Date().toISOString()
    const frame: PositionsFrame = { seq: ++seq, server_time, samples }
    io.to(rooms.positionsPark).emit('positions.frame', frame)
    const byEnterprise = new Map<string, PositionSample[]>()
    for (const s of samples) {
      const ent = owners.get(s.tag_id)
      if (!ent) continue
      const list = byEnterprise.get(ent)
      if (list) list.push(s)
      else byEnterprise.set(ent, [s])
    }
    for (const [ent, list] of byEnterprise)
      io.to(rooms.positionsEnterprise(ent)).emit('positions.frame', { seq, server_time, samples: list })
  }, intervalMs)

  return {
    stop: async () => {
      clearInterval(timer)
      clearInterval(ownerTimer)
      await sub.stop()
    },
  }
}
