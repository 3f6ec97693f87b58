import { z } from 'zod'

// Document store (文档管理): REST bodies and answers, the document types with their Chinese names, and the
// validity states the compliance dashboard and the lists share. Days are YYYY-MM-DD park days (UTC+8).

/** 规划, 评估报告, 批复, 验收, 三同时, 许可证, 应急预案, 管理制度, 政策法规, 其他 */
export const documentTypes = [
  'planning',
  'assessment',
  'approval',
  'acceptance',
  'three_simultaneities',
  'licence',
  'emergency_plan',
  'rule',
  'policy',
  'other',
] as const
export type DocumentType = (typeof documentTypes)[number]

export const documentTypeNames: Record<DocumentType, { zh: string; en: string }> = {
  planning: { zh: '规划', en: 'Planning' },
  assessment: { zh: '评估报告', en: 'Assessment report' },
  approval: { zh: '批复', en: 'Approval' },
  acceptance: { zh: '验收', en: 'Acceptance' },
  three_simultaneities: { zh: '三同时', en: 'Three simultaneities' },
  licence: { zh: '许可证', en: 'Licence' },
  emergency_plan: { zh: '应急预案', en: 'Emergency plan' },
  rule: { zh: '管理制度', en: 'Management rule' },
  policy: { zh: '政策法规', en: 'Policy / regulation' },
  other: { zh: '其他', en: 'Other' },
}

/** Park documents of these types are public to enterprises unless said otherwise. */
export const publicByDefault: readonly DocumentType[] = ['policy', 'rule']

export const ownerTypes = ['park', 'enterprise', 'asset', 'project'] as const
export type OwnerType = (typeof ownerTypes)[number]

/** Largest upload (bytes): 20 MiB. */
export const maxDocumentBytes = 20 * 1024 * 1024

/** Validity: no expiry, valid, expiring within `expiringDays`, expired. */
export const validityStates = ['none', 'valid', 'expiring', 'expired'] as const
export type Validity = (typeof validityStates)[number]
export const expiringDays = 30

const isRealDay = (s: string) => {
  const d = new Date(`${s}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s
}
export const docDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a day as YYYY-MM-DD')
  .refine(isRealDay, 'not a calendar day')

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function dayDiff(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000)
}

/** A document's validity on `today`: expired the day after its expiry day … on the expiry day it is expiring. */
export function validityOf(expiresOn: string | null, today: string, within = expiringDays): Validity {
  if (!expiresOn) return 'none'
  const left = dayDiff(today, expiresOn)
  if (left < 0) return 'expired'
  return left <= within ? 'expiring' : 'valid'
}

const rowId = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'letters, digits, _ . - (1–64)')
const tag = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[^,\s][^,]*$/, 'no commas')
const tags = z.array(tag).max(20)

const flag = z.enum(['true', 'false']).transform((v) => v === 'true')
const tagList = z
  .string()
  .max(900)
  .transform((s) =>
    s
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean),
  )
  .pipe(tags)

/** Query of an upload (the body is the file's bytes): the version's dates and note. */
export const versionUploadQuery = z
  .object({
    issued_on: docDay.optional(),
    expires_on: docDay.optional(),
    note: z.string().max(2000).optional(),
  })
  .strict()
  .refine((q) => !q.issued_on || !q.expires_on || q.expires_on > q.issued_on, {
    message: 'must be after issued_on',
    path: ['expires_on'],
  })
export type VersionUploadQuery = z.infer<typeof versionUploadQuery>

/**
 * Query of POST /api/v1/documents: a new document and its first version in one call (the body is the file). Owner:
 * the park (no owner_id), an enterprise (E01), an asset (T-E01-01) or a project (any id; enterprise_id says whose).
 */
export const newDocumentQuery = z
  .object({
    title: z.string().trim().min(1).max(200),
    doc_type: z.enum(documentTypes),
    owner_type: z.enum(ownerTypes),
    owner_id: rowId.optional(),
    enterprise_id: rowId.optional(),
    doc_number: z.string().trim().min(1).max(100).optional(),
    /** comma-separated */
    tags: tagList.optional(),
    public: flag.optional(),
    issued_on: docDay.optional(),
    expires_on: docDay.optional(),
    note: z.string().max(2000).optional(),
  })
  .strict()
  .refine((b) => b.owner_type === 'park' || !!b.owner_id, {
    message: 'required unless the park owns the document',
    path: ['owner_id'],
  })
  .refine((q) => !q.issued_on || !q.expires_on || q.expires_on > q.issued_on, {
    message: 'must be after issued_on',
    path: ['expires_on'],
  })
export type NewDocumentQuery = z.infer<typeof newDocumentQuery>

export const documentPatchBody = z
  .object({
    title: z.string().trim().min(1).max(200).optional(),
    doc_number: z.string().trim().min(1).max(100).nullable().optional(),
    tags: tags.optional(),
    public: z.boolean().optional(),
  })
  .strict()
export type DocumentPatchBody = z.infer<typeof documentPatchBody>

export const documentQuery = z
  .object({
    q: z.string().trim().max(100).optional(),
    type: z.enum(documentTypes).optional(),
    owner_type: z.enum(ownerTypes).optional(),
    owner_id: rowId.optional(),
    enterprise: z.union([z.literal('park'), rowId]).optional(),
    /** comma-separated; every tag must be present */
    tags: z.string().max(400).optional(),
    validity: z.enum(['valid', 'expiring', 'expired', 'none']).optional(),
    expires_from: docDay.optional(),
    expires_to: docDay.optional(),
    issued_from: docDay.optional(),
    issued_to: docDay.optional(),
  })
  .strict()
export type DocumentQuery = z.infer<typeof documentQuery>

export interface DocumentVersion {
  id: string
  document_id: string
  version: number
  filename: string
  mime: string
  file_kind: string
  size_bytes: number
  sha256: string
  issued_on: string | null
  expires_on: string | null
  note: string | null
  uploaded_by: string | null
  uploaded_at: string
}

export interface DocumentSummary {
  id: string
  title: string
  doc_type: DocumentType
  owner_type: OwnerType
  owner_id: string
  /** display name of the owner (enterprise, asset) when known */
  owner_name: string | null
  enterprise_id: string | null
  doc_number: string | null
  tags: string[]
  public: boolean
  current_version: number
  /** the current version (null before the first upload) */
  current: DocumentVersion | null
  validity: Validity
  updated_at: string
}

export interface DocumentDetail extends DocumentSummary {
  versions: DocumentVersion[]
  reminders: { threshold: number; expires_on: string; sent_on: string; escalated: boolean }[]
}

/** A document listed for an asset: its own, its tank farm's, or its enterprise's. */
export interface AssetDocument extends DocumentSummary {
  via: 'asset' | 'tank_farm' | 'enterprise'
}

export interface ComplianceCell {
  enterprise_id: string | null
  enterprise_name: string | null
  doc_type: DocumentType
  valid: number
  expiring: number
  expired: number
  /** no expiry date */
  none: number
}

export interface DocumentCompliance {
  today: string
  expiring_days: number
  rows: ComplianceCell[]
}

export interface ReminderRule {
  doc_type: DocumentType
  days_before: number[]
  escalate_on_expiry: boolean
  updated_by: string | null
  updated_at: string
}

export const reminderRuleBody = z
  .object({
    days_before: z
      .array(z.number().int().min(0).max(3650))
      .max(10)
      .refine((a) => new Set(a).size === a.length, 'no repeated days'),
    escalate_on_expiry: z.boolean().optional(),
  })
  .strict()
export type ReminderRuleBody = z.infer<typeof reminderRuleBody>

/** Paths of a version's file: inline view and download. */
export const documentFileUrl = (documentId: string, versionId: string, inline: boolean) =>
  `/api/v1/documents/${encodeURIComponent(documentId)}/versions/${encodeURIComponent(versionId)}/${inline ? 'view' : 'download'}`
