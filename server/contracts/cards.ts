import { z } from 'zod'

// Positioning cards (定位卡) handed to visitors, contractors and outside vehicles: REST bodies and answers of
// /api/v1/cards. A card is issued (发卡) for a validity window of at most 30 days, with the zones its holder may
// enter, and returned (还卡) at exit.

export const cardHolderTypes = ['visitor', 'vehicle', 'contractor', 'hazmat_vehicle'] as const
export type CardHolderType = (typeof cardHolderTypes)[number]
export const cardStatuses = ['issued', 'available', 'overdue'] as const
export type CardStatus = (typeof cardStatuses)[number]

export const cardId = z.string().regex(/^[A-Za-z0-9_.-]{1,100}$/, 'not a card id')
const text = (max: number) => z.string().trim().min(1, 'is required').max(max)
const enterpriseId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'not an enterprise id')
const zoneId = z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'not a zone id')
const instant = z.iso.datetime({ offset: true, error: 'an ISO-8601 instant with a zone' })
export const maxCardWindowMs = 30 * 86_400_000

export const issueCardBody = z
  .object({
    holder_type: z.enum(cardHolderTypes, { error: `one of ${cardHolderTypes.join(', ')}` }),
    /** visitor (访客) or contractor person's name */
    visitor_name: text(50).optional(),
    /** last 4 digits of the visitor's ID card (身份证后四位) */
    id_last4: z
      .string()
      .regex(/^[0-9]{4}$/, 'the last 4 digits of the ID card')
      .optional(),
    host_enterprise_id: enterpriseId.optional(),
    plate: z.string().trim().min(5).max(16).optional(),
    contractor_company: text(100).optional(),
    valid_from: instant,
    valid_to: instant,
    zone_ids: z.array(zoneId).max(100).default([]),
    note: z.string().max(500).optional(),
  })
  .superRefine((b, ctx) => {
    const from = Date.parse(b.valid_from)
    const to = Date.parse(b.valid_to)
    if (!(to > from))
      ctx.addIssue({ code: 'custom', path: ['valid_to'], message: 'must be after valid_from' })
    else if (to - from > maxCardWindowMs)
      ctx.addIssue({ code: 'custom', path: ['valid_to'], message: 'a card is issued for at most 30 days' })
    const need = (field: keyof typeof b, why: string) => {
      if (b[field] === undefined) ctx.addIssue({ code: 'custom', path: [field], message: `required ${why}` })
    }
    if (b.holder_type === 'visitor') {
      need('visitor_name', 'for a visitor')
      need('id_last4', 'for a visitor')
      need('host_enterprise_id', 'for a visitor')
    }
    if (b.holder_type === 'vehicle' || b.holder_type === 'hazmat_vehicle') need('plate', 'for a vehicle')
    if (b.holder_type === 'contractor') need('contractor_company', 'for a contractor')
  })
export type IssueCardBody = z.infer<typeof issueCardBody>

export const cardsQuery = z.object({
  status: z.enum(cardStatuses).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(500),
})

export interface CardIssue {
  id: string
  card_id: string
  holder_type: CardHolderType
  visitor_name: string | null
  id_last4: string | null
  host_enterprise_id: string | null
  plate: string | null
  contractor_company: string | null
  valid_from: string
  valid_to: string
  zone_ids: string[]
  note: string | null
  issued_by: string | null
  issued_by_name: string | null
  issued_at: string
  returned_at: string | null
}

/** One card of GET /api/v1/cards: its open issue, if any. */
export interface CardSummary {
  id: string
  tag_id: string
  status: CardStatus
  issue: CardIssue | null
}
