import { z } from 'zod'

// Organisation chart (组织机构与安全生产责任体系): REST bodies and answers of /api/v1/organisation, and the
// structure rules the server enforces and the client's chart editor follows. The chart is a tree of bodies (机构:
// 委员会 / 部门 / 班组), posts (岗位, with their safety responsibilities) and people (人员).

export const orgNodeKinds = ['body', 'post', 'person'] as const
export type OrgNodeKind = (typeof orgNodeKinds)[number]
export const orgBodyTypes = ['committee', 'department', 'team'] as const
export type OrgBodyType = (typeof orgBodyTypes)[number]

export const orgKindNames: Record<OrgNodeKind, { zh: string; en: string }> = {
  body: { zh: '机构', en: 'Body' },
  post: { zh: '岗位', en: 'Post' },
  person: { zh: '人员', en: 'Person' },
}
export const orgBodyTypeNames: Record<OrgBodyType, { zh: string; en: string }> = {
  committee: { zh: '委员会', en: 'Committee' },
  department: { zh: '部门', en: 'Department' },
  team: { zh: '班组', en: 'Team' },
}

/**
 * Which kind may hang under which: the root is a body; bodies and posts hang under a body; a person under a post
 * or a body. (`null` parent = the root.)
 */
export function canHangUnder(kind: OrgNodeKind, parentKind: OrgNodeKind | null): boolean {
  if (parentKind === null) return kind === 'body'
  if (parentKind === 'body') return true
  return kind === 'person' && parentKind === 'post'
}

const rowId = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'letters, digits, _ . - (1–64)')
const uuid = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'a user id (uuid)')
const phone = z
  .string()
  .trim()
  .regex(/^[0-9+() -]{5,20}$/, 'a phone number (digits, + ( ) - and spaces, 5–20)')
const name = z.string().trim().min(1, 'required').max(100)
const nameEn = z.string().trim().min(1).max(200)
const duties = z.string().max(4000)
const position = z.number().int('a whole number').min(0).max(9999)

/** POST /api/v1/organisation/nodes (park admin). */
export const newOrgNodeBody = z
  .object({
    /** null: the root of the chart */
    parent_id: rowId.nullable(),
    kind: z.enum(orgNodeKinds),
    body_type: z.enum(orgBodyTypes).optional(),
    name,
    name_en: nameEn.nullish(),
    duties: duties.optional(),
    phone: phone.nullish(),
    user_id: uuid.nullish(),
    /** place among the siblings (0 = first); default last */
    position: position.optional(),
  })
  .strict()
  .refine((b) => (b.kind === 'body') === (b.body_type !== undefined), {
    message: 'a body needs its type (committee, department, team); posts and people have none',
    path: ['body_type'],
  })
  .refine((b) => b.kind === 'person' || (b.phone == null && b.user_id == null), {
    message: 'only a person has a phone or a user account',
    path: ['phone'],
  })
export type NewOrgNodeBody = z.infer<typeof newOrgNodeBody>

/** PATCH /api/v1/organisation/nodes/:id: the node's own fields (kind and place do not change here). */
export const orgNodePatch = z
  .object({
    name: name.optional(),
    name_en: nameEn.nullable().optional(),
    body_type: z.enum(orgBodyTypes).optional(),
    duties: duties.optional(),
    phone: phone.nullable().optional(),
    user_id: uuid.nullable().optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'nothing to change')
export type OrgNodePatch = z.infer<typeof orgNodePatch>

/** POST /api/v1/organisation/nodes/:id/move: a new parent and/or a new place among the siblings. */
export const orgMoveBody = z
  .object({
    parent_id: rowId,
    position,
  })
  .strict()
export type OrgMoveBody = z.infer<typeof orgMoveBody>

export interface OrgNode {
  id: string
  enterprise_id: string | null
  parent_id: string | null
  kind: OrgNodeKind
  body_type: OrgBodyType | null
  name: string
  name_en: string | null
  duties: string
  phone: string | null
  user_id: string | null
  /** the linked account's username (null when none or not visible to the caller) */
  username: string | null
  position: number
  updated_by: string | null
  updated_at: string
}

/** One edit of the chart, from the audit log. */
export interface OrgHistoryEntry {
  at: string
  username: string | null
  action: string
  target: string | null
  detail: Record<string, unknown>
}

/** GET /api/v1/organisation/history */
export const orgHistoryQuery = z
  .object({
    node: rowId.optional(),
    limit: z.coerce.number().int().min(1).max(500).optional(),
  })
  .strict()
export type OrgHistoryQuery = z.infer<typeof orgHistoryQuery>
