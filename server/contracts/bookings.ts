import { z } from 'zod'

// Hazmat vehicle bookings (危化品车辆预约) REST bodies and answers. One booking = one vehicle, one trip, one park day
// (YYYY-MM-DD, China Standard Time), to one destination enterprise, along a planned route computed by the server.

export const bookingStatuses = [
  'requested',
  'approved',
  'in_park',
  'completed',
  'cancelled',
  'expired',
] as const
export type BookingStatus = (typeof bookingStatuses)[number]
/** Bookings whose vehicle the route rules watch. */
export const activeBookingStatuses: readonly BookingStatus[] = ['approved', 'in_park']

const text = (max: number) => z.string().trim().min(1, 'is required').max(max)
const enterpriseId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'not an enterprise id')
export const bookingId = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'not a booking id')
const tagId = z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'not a tag id')

const isRealDay = (s: string) => {
  const d = new Date(`${s}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s
}
export const parkDayString = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a day as YYYY-MM-DD')
  .refine(isRealDay, 'not a calendar day')

/** CAS registry number with its check digit (e.g. 7782-50-5 chlorine). */
export function casValid(cas: string): boolean {
  const m = /^(\d{2,7})-(\d{2})-(\d)$/.exec(cas)
  if (!m) return false
  const digits = (m[1]! + m[2]!).split('').reverse()
  const sum = digits.reduce((s, d, i) => s + Number(d) * (i + 1), 0)
  return sum % 10 === Number(m[3])
}

/** Chinese plate: province character, letter, 5–6 letters/digits (new-energy plates have 6), optional 挂/学. */
export const plate = z
  .string()
  .trim()
  .regex(
    /^[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-HJ-NP-Z][A-HJ-NP-Z0-9]{4,5}[A-HJ-NP-Z0-9挂学]$/,
    'a Chinese plate such as 苏F12345',
  )

export const newBookingBody = z
  .object({
    plate,
    driver_name: text(50),
    driver_licence: z.string().trim().min(4, 'at least 4 characters').max(40),
    escort_name: text(50),
    escort_licence: z.string().trim().min(4, 'at least 4 characters').max(40),
    chemical_name: text(100),
    cas_no: z
      .string()
      .trim()
      .refine(casValid, 'a CAS number with a valid check digit, e.g. 7782-50-5')
      .nullish(),
    un_number: z.string().regex(/^\d{4}$/, 'a UN number: 4 digits, e.g. 1017'),
    hazard_class: z.string().regex(/^[1-9](\.[1-6])?$/, 'a hazard class or division 1–9, e.g. 3 or 2.3'),
    quantity_t: z
      .number({ message: 'a number of tonnes' })
      .positive('must be greater than 0')
      .max(999, 'must be below 1000 t')
      .refine((v) => Math.abs(v * 1000 - Math.round(v * 1000)) < 1e-6, 'at most 3 decimals (kg)'),
    /** the destination enterprise (approves the booking) */
    enterprise_id: enterpriseId,
    origin_enterprise_id: enterpriseId.nullish(),
    /** a dedicated (专用) gate's asset id; default: the park's first dedicated gate */
    gate_id: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/, 'not a gate id')
      .optional(),
    park_day: parkDayString,
    route_width_m: z.number().min(5, 'at least 5 m').max(200, 'at most 200 m').optional(),
    tag_id: tagId.nullish(),
    note: z.string().trim().max(500).nullish(),
  })
  .strict()
export type NewBookingBody = z.infer<typeof newBookingBody>

export const bookingsQuery = z.object({
  status: z.enum(bookingStatuses).optional(),
  day: parkDayString.optional(),
  enterprise: enterpriseId.optional(),
  plate: z.string().trim().max(16).optional(),
  tag: tagId.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
})
export type BookingsQuery = z.infer<typeof bookingsQuery>

export const cancelBookingBody = z.object({ reason: text(500) }).strict()
export type CancelBookingBody = z.infer<typeof cancelBookingBody>
export const assignTagBody = z.object({ tag_id: tagId.nullable() }).strict()
export type AssignTagBody = z.infer<typeof assignTagBody>
export const emptyBody = z.object({}).strict()

export interface HazmatBooking {
  id: string
  plate: string
  driver_name: string
  driver_licence: string
  escort_name: string
  escort_licence: string
  chemical_name: string
  cas_no: string | null
  un_number: string
  hazard_class: string
  quantity_t: number
  enterprise_id: string
  origin_enterprise_id: string | null
  gate_id: string
  parking_id: string
  /** GeoJSON LineString: gate → hazmat parking → destination → gate */
  route: { type: 'LineString'; coordinates: [number, number][] }
  route_width_m: number
  route_length_m: number
  route_nodes: string[]
  /** metres along the route of [hazmat parking, destination, end (back at the gate)] */
  route_stops_m: number[]
  park_day: string
  valid_from: string
  valid_to: string
  status: BookingStatus
  tag_id: string | null
  note: string | null
  approved_at: string | null
  entered_at: string | null
  completed_at: string | null
  cancel_reason: string | null
  created_at: string
  updated_at: string
}
