import { z } from 'zod'

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
}
export interface ClientToServerEvents {
  'live.subscribe': (
    req: { channels: LiveChannel[] },
    ack: (res: { ok: boolean; error?: string }) => void,
  ) => void
}
export const liveChannels = ['positions'] as const
export type LiveChannel = (typeof liveChannels)[number]
export const subscribeRequest = z.object({ channels: z.array(z.enum(liveChannels)).min(1) })
