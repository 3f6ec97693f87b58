import { z } from 'zod'

// Gate (卡口) plate-recognition events at park gates and enterprise second gates (二道闸).

export const gateDirections = ['in', 'out'] as const
export type GateDirection = (typeof gateDirections)[number]

const instant = z.iso.datetime({ offset: true, error: 'an ISO-8601 instant with a zone' })
export const gateEventsQuery = z.object({
  gate: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,100}$/)
    .optional(),
  plate: z.string().trim().min(2).max(16).optional(),
  from: instant.optional(),
  to: instant.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
})
export type GateEventsQuery = z.infer<typeof gateEventsQuery>

export interface GateEvent {
  id: string
  gate_id: string
  gate_kind: 'park' | 'enterprise'
  enterprise_id: string | null
  plate: string
  lane: string
  direction: GateDirection
  t: string
  photo_ref: string | null
  source: string
  received_at: string
}

/** GET /api/v1/gates/summary: today's (China Standard Time) counts per gate. */
export interface GateSummary {
  day: string
  gates: { gate_id: string; gate_kind: 'park' | 'enterprise'; in: number; out: number }[]
}
