import { z } from 'zod'
import type { BookingStatus } from './bookings'

// Gate (卡口) plate-recognition events at park gates and enterprise second gates (二道闸).

export const gateDirections = ['in', 'out'] as const
export type GateDirection = (typeof gateDirections)[number]
/** park: a park gate (asset kind gate); enterprise: an enterprise's second gate (二道闸) */
export const gateKinds = ['park', 'enterprise'] as const
export type GateKind = (typeof gateKinds)[number]

export const gateId = z.string().regex(/^[A-Za-z0-9_.-]{1,100}$/, 'a gate id of 1–100 of A-Z a-z 0-9 _ . -')
const enterpriseId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'not an enterprise id')
const instant = z.iso.datetime({ offset: true, error: 'an ISO-8601 instant with a zone' })
export const gateEventsQuery = z.object({
  gate: gateId.optional(),
  /** park gates or enterprise second gates only */
  kind: z.enum(gateKinds).optional(),
  /** events of this enterprise's second gates */
  enterprise: enterpriseId.optional(),
  plate: z.string().trim().min(2).max(16).optional(),
  from: instant.optional(),
  to: instant.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
})
export type GateEventsQuery = z.infer<typeof gateEventsQuery>

/** GET /api/v1/gates and /api/v1/gates/summary */
export const gatesQuery = z.object({ kind: z.enum(gateKinds).optional() })
export type GatesQuery = z.infer<typeof gatesQuery>

/** The booking of the event's plate for the event's park day (China Standard Time), the most advanced one. */
export interface GateEventBooking {
  id: string
  status: BookingStatus
  /** the destination enterprise */
  enterprise_id: string
}

export interface GateEvent {
  id: string
  gate_id: string
  gate_kind: GateKind
  /** the second gate's enterprise; null at park gates */
  enterprise_id: string | null
  gate_name: string | null
  plate: string
  lane: string
  direction: GateDirection
  t: string
  /** the camera's capture as the device named it (a path or a URL) */
  photo_ref: string | null
  /** where the browser opens the capture (GET /api/v1/gate-events/:id/photo); null when it cannot be resolved */
  photo_url: string | null
  source: string
  received_at: string
  /**
   * A hazmat vehicle: booked as one (that day or before), holding a hazmat vehicle card at the time, through
   * the dedicated (专用) gate, or flagged by the camera when it entered without a booking (its gate_no_booking
   * alarm).
   */
  hazmat: boolean
  booking: GateEventBooking | null
}

/** A gate the caller may see: the park's gates (park scope only) and the enterprises' second gates. */
export interface Gate {
  id: string
  kind: GateKind
  name: string
  name_en: string | null
  enterprise_id: string | null
  /** park gates: dedicated (专用), general, unattended, emergency; null for second gates */
  gate_class: string | null
  lon: number | null
  lat: number | null
}

/** POST /api/v1/gates/enterprise: registers an enterprise second gate (二道闸). */
export const newEnterpriseGateBody = z
  .object({
    id: gateId,
    /** default: the caller's enterprise (an enterprise account may register only its own) */
    enterprise_id: enterpriseId.optional(),
    name: z.string().trim().min(1).max(100),
    lon: z.number().min(-180).max(180).optional(),
    lat: z.number().min(-90).max(90).optional(),
  })
  .strict()
  .refine((b) => (b.lon === undefined) === (b.lat === undefined), {
    message: 'give both lon and lat, or neither',
    path: ['lat'],
  })
export type NewEnterpriseGateBody = z.infer<typeof newEnterpriseGateBody>

export interface GateCount {
  gate_id: string
  gate_kind: GateKind
  gate_name: string | null
  enterprise_id: string | null
  in: number
  out: number
  /** in − out today: vehicles that came in through this gate today and have not left through it */
  inside: number
}

/** GET /api/v1/gates/summary: today's (China Standard Time) counts per gate, every visible gate listed. */
export interface GateSummary {
  day: string
  gates: GateCount[]
  /** the newest event id (of those the caller may see) these counts include; null before the first event */
  through_id: string | null
}

/** Socket.IO: `gates.subscribe` joins the account's gate room; then `gate.recorded` per stored event. */
export interface GateRecorded {
  event: GateEvent
}
