import { z } from 'zod'

// Hazardous-waste ledger (危废台账) REST bodies and answers. Quantities are tonnes (t), days are park days
// (YYYY-MM-DD, China Standard Time).

export const hazardCodes = ['T', 'C', 'I', 'R', 'In'] as const
export type HazardCode = (typeof hazardCodes)[number]
export const wasteForms = ['solid', 'semi_solid', 'liquid', 'gas'] as const
export type WasteForm = (typeof wasteForms)[number]
export const facilityKinds = ['warehouse', 'tank', 'yard', 'other'] as const
export type FacilityKind = (typeof facilityKinds)[number]
export const manifestStatuses = ['created', 'shipped', 'received', 'cancelled'] as const
export type ManifestStatus = (typeof manifestStatuses)[number]
/** Storage age against the one-year rule (固体废物污染环境防治法 §81), warned 30 days ahead. */
export const storageStates = ['ok', 'near_1y', 'over_1y'] as const
export type StorageState = (typeof storageStates)[number]

const text = (max: number) => z.string().trim().min(1, 'is required').max(max)
const optionalText = (max: number) => z.string().trim().max(max).nullish()
const enterpriseId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'not an enterprise id')
const rowId = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'not an id')

const isRealDay = (s: string) => {
  const d = new Date(`${s}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s
}
/** A calendar day, YYYY-MM-DD, that exists. */
export const dayString = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a day as YYYY-MM-DD')
  .refine(isRealDay, 'not a calendar day')

/** Tonnes: positive, at most 3 decimals (kg), below 100 000 t. */
export const tonnes = z
  .number({ message: 'a number of tonnes' })
  .positive('must be greater than 0')
  .max(99_999, 'must be below 100 000 t')
  .refine((v) => Math.abs(v * 1000 - Math.round(v * 1000)) < 1e-6, 'at most 3 decimals (kg)')

export const hwCategory = z.string().regex(/^HW(0[1-9]|[1-4][0-9]|50)$/, 'an HW category, HW01–HW50')
export const wasteCode = z.string().regex(/^\d{3}-\d{3}-\d{2}$/, 'a waste code like 900-249-08')

export const newStreamBody = z
  .object({
    /** required for park accounts; an enterprise account may omit it (its own) */
    enterprise_id: enterpriseId.optional(),
    hw_category: hwCategory,
    waste_code: wasteCode,
    name: text(100),
    name_en: optionalText(100),
    hazards: z
      .array(z.enum(hazardCodes))
      .min(1, 'at least one hazard characteristic')
      .refine((a) => new Set(a).size === a.length, 'listed twice'),
    form: z.enum(wasteForms),
  })
  .strict()
  .refine((b) => b.waste_code.slice(-2) === b.hw_category.slice(-2), {
    message: 'the last two digits of the waste code must be the HW category number',
    path: ['waste_code'],
  })
export type NewStreamBody = z.infer<typeof newStreamBody>

export const newFacilityBody = z
  .object({
    enterprise_id: enterpriseId.optional(),
    name: text(100),
    name_en: optionalText(100),
    kind: z.enum(facilityKinds).default('warehouse'),
    permitted_limit_t: tonnes,
  })
  .strict()
export type NewFacilityBody = z.infer<typeof newFacilityBody>

export const newGenerationBody = z
  .object({
    stream_id: rowId,
    facility_id: rowId,
    day: dayString,
    quantity_t: tonnes,
    note: optionalText(500),
  })
  .strict()
export type NewGenerationBody = z.infer<typeof newGenerationBody>

export const newManifestBody = z
  .object({
    manifest_no: z.string().regex(/^[A-Za-z0-9-]{6,40}$/, '6–40 letters, digits or dashes'),
    stream_id: rowId,
    facility_id: rowId,
    quantity_t: tonnes,
    receiver_name: text(100),
    receiver_licence: text(64),
    transporter: text(100),
    planned_date: dayString,
  })
  .strict()
export type NewManifestBody = z.infer<typeof newManifestBody>

export const shipBody = z.object({ actual_date: dayString.optional() }).strict()
export type ShipBody = z.infer<typeof shipBody>
export const receiveBody = z
  .object({ received_quantity_t: tonnes, received_date: dayString.optional() })
  .strict()
export type ReceiveBody = z.infer<typeof receiveBody>
export const cancelBody = z.object({ reason: text(500) }).strict()
export type CancelBody = z.infer<typeof cancelBody>

export const ledgerQuery = z.object({
  enterprise: enterpriseId.optional(),
  stream: rowId.optional(),
  status: z.enum(manifestStatuses).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
})
export type LedgerQuery = z.infer<typeof ledgerQuery>

export interface WasteStream {
  id: string
  enterprise_id: string
  hw_category: string
  waste_code: string
  name: string
  name_en: string | null
  hazards: HazardCode[]
  form: WasteForm
  created_at: string
}

export interface StorageFacility {
  id: string
  enterprise_id: string
  name: string
  name_en: string | null
  kind: FacilityKind
  permitted_limit_t: number
  created_at: string
}

export interface GenerationRecord {
  id: string
  enterprise_id: string
  stream_id: string
  facility_id: string
  day: string
  quantity_t: number
  note: string | null
  created_at: string
}

export interface TransferManifest {
  id: string
  enterprise_id: string
  manifest_no: string
  stream_id: string
  facility_id: string
  quantity_t: number
  receiver_name: string
  receiver_licence: string
  transporter: string
  planned_date: string
  actual_date: string | null
  status: ManifestStatus
  received_quantity_t: number | null
  received_date: string | null
  cancel_reason: string | null
  created_at: string
  updated_at: string
}

/** Stock of one stream in one facility (FIFO batches). */
export interface StockPosition {
  stream_id: string
  facility_id: string
  hw_category: string
  waste_code: string
  name: string
  name_en: string | null
  generated_t: number
  shipped_t: number
  /** generated − shipped */
  stock_t: number
  /** quantity on created (not yet shipped) manifests */
  reserved_t: number
  /** day of the oldest batch not yet shipped; null when the stock is 0 */
  oldest_batch_day: string | null
  oldest_batch_age_days: number | null
  storage_state: StorageState
}

export interface FacilitySummary {
  facility_id: string
  name: string
  name_en: string | null
  permitted_limit_t: number
  stock_t: number
  /** stock / limit × 100, one decimal */
  fill_pct: number
  over_limit: boolean
  oldest_batch_day: string | null
  oldest_batch_age_days: number | null
  storage_state: StorageState
}

export interface EnterpriseHazwaste {
  enterprise_id: string
  name: string
  name_en: string | null
  stock_t: number
  permitted_limit_t: number
  fill_pct: number
  /** any facility over its limit */
  over_limit: boolean
  oldest_batch_day: string | null
  oldest_batch_age_days: number | null
  storage_state: StorageState
  /** manifests created or shipped (not yet received) */
  open_manifests: number
  facilities: FacilitySummary[]
  positions: StockPosition[]
}

/** GET /api/v1/hazwaste/summary */
export interface HazwasteSummary {
  /** the park day the ages are counted to */
  day: string
  enterprises: EnterpriseHazwaste[]
}
