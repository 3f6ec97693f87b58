import type {
  NewOrgNodeBody,
  OrgHistoryEntry,
  OrgHistoryQuery,
  OrgMoveBody,
  OrgNode,
  OrgNodePatch,
} from '../../contracts/organisation'
import { auditIn } from '../../platform/audit'
import type { Db, DbScope, Queryable } from '../../platform/db/db'
import type { AppState } from '../../platform/http/auth-middleware'
import { errors } from '../../platform/http/errors'
import { placeAmong, placementViolation, wouldCycle } from './org-rules'
import {
  childIds,
  deleteNode,
  findNode,
  insertNode,
  listNodes,
  orgHistory,
  parentMap,
  setOrder,
  setParent,
  updateFields,
  userExists,
  type FieldValues,
} from './organisation.repository'

const pgCode = (err: unknown) => (err as { code?: string })?.code
const pgConstraint = (err: unknown) => (err as { constraint?: string })?.constraint ?? ''

/**
 * The database's own structure checks (trigger, unique root, foreign keys) as clear client errors; the service
 * checks the same first, so these answer only races (two admins editing at once).
 */
function mapDbError(err: unknown): never {
  const c = pgConstraint(err)
  if (pgCode(err) === '23514' && c === 'org_nodes_no_cycle')
    throw errors.validation('parent_id: a node cannot move under itself or its descendants', 'parent_id')
  if (pgCode(err) === '23514' && (c === 'org_nodes_parent_kind' || c === 'org_nodes_same_chart'))
    throw errors.validation(`parent_id: ${(err as Error).message.replace(/^org_nodes: /, '')}`, 'parent_id')
  if (pgCode(err) === '23505' && c === 'org_nodes_one_root')
    throw errors.conflict('org_node.root_exists', 'the chart already has a root')
  if (pgCode(err) === '23503') {
    if (c.includes('user_id')) throw errors.validation('user_id: unknown user account', 'user_id')
    if (c.includes('parent_id')) throw errors.validation('parent_id: unknown node', 'parent_id')
  }
  throw err
}

/** The park's chart; the table can hold enterprises' charts too (enterprise_id), not served yet. */
const parkChart = null

/** The organisation chart: reads in the caller's scope, writes by the park (routes), audited in the same transaction. */
export class OrganisationService {
  constructor(private readonly db: Db) {}

  private audit(q: Queryable, who: AppState, ip: string | null, action: string, target: string, detail = {}) {
    return auditIn(q, {
      userId: who.user.id,
      username: who.user.username,
      action,
      target,
      result: 'ok',
      ip,
      detail,
      enterpriseId: parkChart,
    })
  }

  nodes(scope: DbScope): Promise<OrgNode[]> {
    return this.db.tx(scope, (q) => listNodes(q, parkChart))
  }

  history(scope: DbScope, f: OrgHistoryQuery): Promise<OrgHistoryEntry[]> {
    return this.db.tx(scope, (q) => orgHistory(q, f.node ?? null, f.limit ?? 100))
  }

  private async checkUser(q: Queryable, userId: string | null | undefined) {
    if (userId && !(await userExists(q, userId)))
      throw errors.validation(`user_id: unknown user account ${userId}`, 'user_id')
  }

  async create(who: AppState, b: NewOrgNodeBody, ip: string | null): Promise<OrgNode> {
    return this.db
      .tx(who.scope, async (q) => {
        let parentKind = null
        if (b.parent_id !== null) {
          const parent = await findNode(q, b.parent_id)
          if (!parent || parent.enterprise_id !== parkChart)
            throw errors.validation(`parent_id: unknown node ${b.parent_id}`, 'parent_id')
          parentKind = parent.kind
        } else if ((await childIds(q, parkChart, null)).length)
          throw errors.conflict('org_node.root_exists', 'the chart already has a root')
        const bad = placementViolation(b.kind, parentKind)
        if (bad) throw errors.validation(`${bad.field}: ${bad.message}`, bad.field)
        await this.checkUser(q, b.user_id)
        const siblings = await childIds(q, parkChart, b.parent_id)
        const id = await insertNode(
          q,
          {
            enterprise_id: parkChart,
            parent_id: b.parent_id,
            kind: b.kind,
            body_type: b.body_type ?? null,
            name: b.name,
            name_en: b.name_en ?? null,
            duties: b.duties ?? '',
            phone: b.phone ?? null,
            user_id: b.user_id ?? null,
            position: siblings.length,
          },
          who.user.username,
        )
        await setOrder(q, placeAmong(siblings, id, b.position), who.user.username)
        const node = (await findNode(q, id))!
        await this.audit(q, who, ip, 'org_node.create', id, { after: snapshot(node) })
        return node
      })
      .catch(mapDbError)
  }

  async patch(who: AppState, id: string, b: OrgNodePatch, ip: string | null): Promise<OrgNode> {
    return this.db
      .tx(who.scope, async (q) => {
        const cur = await findNode(q, id, true)
        if (!cur || cur.enterprise_id !== parkChart) throw errors.notFound('org_node', id)
        if (b.body_type !== undefined && cur.kind !== 'body')
          throw errors.validation('body_type: only a body has a type', 'body_type')
        if ((b.phone || b.user_id) && cur.kind !== 'person')
          throw errors.validation('phone: only a person has a phone or a user account', 'phone')
        await this.checkUser(q, b.user_id)
        const v: FieldValues = {
          body_type: b.body_type ?? cur.body_type,
          name: b.name ?? cur.name,
          name_en: b.name_en !== undefined ? b.name_en : cur.name_en,
          duties: b.duties ?? cur.duties,
          phone: b.phone !== undefined ? b.phone : cur.phone,
          user_id: b.user_id !== undefined ? b.user_id : cur.user_id,
        }
        await updateFields(q, id, v, who.user.username)
        const node = (await findNode(q, id))!
        const before = snapshot(cur)
        const after = snapshot(node)
        const changed = Object.keys(after).filter(
          (k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]),
        )
        await this.audit(q, who, ip, 'org_node.update', id, {
          changed,
          before: pickKeys(before, changed),
          after: pickKeys(after, changed),
        })
        return node
      })
      .catch(mapDbError)
  }

  /** A new parent and/or a new place among the siblings; never under the node itself or its descendants. */
  async move(who: AppState, id: string, b: OrgMoveBody, ip: string | null): Promise<OrgNode[]> {
    return this.db
      .tx(who.scope, async (q) => {
        const cur = await findNode(q, id, true)
        if (!cur || cur.enterprise_id !== parkChart) throw errors.notFound('org_node', id)
        if (cur.parent_id === null && b.parent_id !== cur.parent_id)
          throw errors.validation('parent_id: the root of the chart stays the root', 'parent_id')
        const parent = await findNode(q, b.parent_id)
        if (!parent || parent.enterprise_id !== parkChart)
          throw errors.validation(`parent_id: unknown node ${b.parent_id}`, 'parent_id')
        if (wouldCycle(await parentMap(q, parkChart), id, b.parent_id))
          throw errors.validation(
            'parent_id: a node cannot move under itself or its descendants',
            'parent_id',
          )
        const bad = placementViolation(cur.kind, parent.kind)
        if (bad) throw errors.validation(`${bad.field}: ${bad.message}`, bad.field)
        const by = who.user.username
        if (b.parent_id !== cur.parent_id) {
          await setParent(q, id, b.parent_id, by)
          // close the gap among the old siblings
          await setOrder(q, await childIds(q, parkChart, cur.parent_id), by)
        }
        await setOrder(q, placeAmong(await childIds(q, parkChart, b.parent_id), id, b.position), by)
        const moved = (await findNode(q, id))!
        await this.audit(q, who, ip, 'org_node.move', id, {
          from: { parent_id: cur.parent_id, position: cur.position },
          to: { parent_id: moved.parent_id, position: moved.position },
        })
        return listNodes(q, parkChart)
      })
      .catch(mapDbError)
  }

  /** Removes a node without children (a body with posts or people must be emptied or moved first). */
  async remove(who: AppState, id: string, ip: string | null): Promise<void> {
    await this.db.tx(who.scope, async (q) => {
      const cur = await findNode(q, id, true)
      if (!cur || cur.enterprise_id !== parkChart) throw errors.notFound('org_node', id)
      if ((await childIds(q, parkChart, id)).length)
        throw errors.conflict('org_node.has_children', 'move or remove the nodes under it first')
      await deleteNode(q, id)
      await setOrder(q, await childIds(q, parkChart, cur.parent_id), who.user.username)
      await this.audit(q, who, ip, 'org_node.delete', id, { before: snapshot(cur) })
    })
  }
}

/** The fields an audit record keeps of a node. */
function snapshot(n: OrgNode): Record<string, unknown> {
  return {
    parent_id: n.parent_id,
    kind: n.kind,
    body_type: n.body_type,
    name: n.name,
    name_en: n.name_en,
    duties: n.duties,
    phone: n.phone,
    user_id: n.user_id,
    position: n.position,
  }
}

const pickKeys = (o: Record<string, unknown>, keys: string[]) =>
  Object.fromEntries(keys.map((k) => [k, o[k]]))
