import { z } from 'zod'
import type { AlarmDelivery, AlarmReceipt, FloodState } from './alarms'
import type { GateRecorded } from './gates'
import type { IncidentUpdated } from './incidents'

export const tagKinds = ['vehicle', 'hazmat_vehicle', 'visitor', 'contractor', 'staff'] as const
export const tagKind = z.enum(tagKinds)
export type TagKind = z.infer<typeof tagKind>

/** One position as it travels on the bus and to clients. Degrees, km/h, degrees clockwise from north. */
export const positionSample = z.object({
  tag_id: z.string().min(1).max(64),
  t: z.string().datetime({ offset: true }),
  lon: z.number().min(-180).max(180),
  lat: z.number().min(-90).max(90),
  speed_kmh: z.number().min(0).max(400).nullable(),
  heading_deg: z.number().min(0).max(360).nullable(),
  source: z.string().max(32),
})
export type PositionSample = z.infer<typeof positionSample>

export interface LiveTag {
  id: string
  kind: TagKind
  label: string
  enterprise_id: string | null
  last: PositionSample | null
}

/** A coalesced frame: the latest sample per tag since the previous frame. */
export interface PositionsFrame {
  seq: number
  server_time: string
  samples: PositionSample[]
}

/** Socket.IO event maps (server/realtime and client/live share them). */
export interface ServerToClientEvents {
  'positions.frame': (frame: PositionsFrame) => void
  'server.heartbeat': (beat: { server_time: string }) => void
  /** alarm events after `alarms.subscribe`; answer each with a receipt or it is re-sent */
  'alarm.raised': (msg: AlarmDelivery, receipt: (res: AlarmReceipt) => void) => void
  'alarm.updated': (msg: AlarmDelivery, receipt: (res: AlarmReceipt) => void) => void
  'alarm.escalated': (msg: AlarmDelivery, receipt: (res: AlarmReceipt) => void) => void
  'alarm.flood': (state: FloodState) => void
  /** a stored gate (卡口 / 二道闸) event, after `gates.subscribe` */
  'gate.recorded': (msg: GateRecorded) => void
  /** an incident declared, its weather changed, or closed (every signed-in client) */
  'incident.updated': (msg: IncidentUpdated) => void
}
export interface ClientToServerEvents {
  'live.subscribe': (
    req: { channels: LiveChannel[] },
    ack: (res: { ok: boolean; error?: string }) => void,
  ) => void
  /** joins the alarm room of the account (park, or its enterprise); then fetch GET /alarms as the snapshot */
  'alarms.subscribe': (
    req: Record<string, never>,
    ack: (res: { ok: boolean; error?: string }) => void,
  ) => void
  /** joins the account's gate-event room (park, or its enterprise's second gates); then GET the snapshot */
  'gates.subscribe': (req: Record<string, never>, ack: (res: { ok: boolean; error?: string }) => void) => void
}
export const liveChannels = ['positions'] as const
export type LiveChannel = (typeof liveChannels)[number]
export const subscribeRequest = z.object({ channels: z.array(z.enum(liveChannels)).min(1) })
