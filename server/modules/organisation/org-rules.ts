import { canHangUnder, type OrgNodeKind } from '../../contracts/organisation'

// Pure rules of the organisation chart (组织机构): which kind hangs under which (shared with the client through the
// contract), cycles, and the order of siblings after an insert or a move.

export { canHangUnder }

/** The parent of every node of one chart (null for the root). */
export type ParentMap = ReadonlyMap<string, string | null>

/**
 * True when moving `id` under `newParent` would close a cycle: the new parent is the node itself or one of its
 * descendants (walking up from the new parent reaches the node). A broken map (a loop already there) counts as a
 * cycle too.
 */
export function wouldCycle(parents: ParentMap, id: string, newParent: string): boolean {
  const seen = new Set<string>()
  let cur: string | null | undefined = newParent
  while (cur) {
    if (cur === id) return true
    if (seen.has(cur)) return true
    seen.add(cur)
    cur = parents.get(cur)
  }
  return false
}

/** The ids below `id` (children, grandchildren…), in no particular order. */
export function descendantsOf(parents: ParentMap, id: string): string[] {
  const children = new Map<string, string[]>()
  for (const [node, parent] of parents)
    if (parent) children.set(parent, [...(children.get(parent) ?? []), node])
  const out: string[] = []
  const stack = [...(children.get(id) ?? [])]
  while (stack.length) {
    const n = stack.pop()!
    if (out.includes(n)) continue
    out.push(n)
    stack.push(...(children.get(n) ?? []))
  }
  return out
}

/**
 * The siblings' new order with `id` placed at `position` (0 = first; past the end = last). `siblings` is the
 * current order and may or may not contain `id` already.
 */
export function placeAmong(siblings: readonly string[], id: string, position: number | undefined): string[] {
  const rest = siblings.filter((s) => s !== id)
  const at = position === undefined ? rest.length : Math.max(0, Math.min(Math.trunc(position), rest.length))
  return [...rest.slice(0, at), id, ...rest.slice(at)]
}

/** A structure violation as a field and a message (null when the placement is allowed). */
export function placementViolation(
  kind: OrgNodeKind,
  parentKind: OrgNodeKind | null,
): { field: string; message: string } | null {
  if (canHangUnder(kind, parentKind)) return null
  if (parentKind === null) return { field: 'parent_id', message: 'the root of the chart must be a body' }
  return { field: 'parent_id', message: `a ${kind} cannot hang under a ${parentKind}` }
}
