// Everything pickable on the twin carries a string id `<type>:<id>`, so one click handler and one
// selection state serve primitives, models, billboards and points alike.

// `overlay:<kind>/<id>`: an object drawn by a module's twin overlay (a work permit, a risk point…); its details
// come from that module's detail section (client/shell/detail-sections.ts).
export const pickTypes = ['asset', 'enterprise', 'tag', 'overlay'] as const
export type PickType = (typeof pickTypes)[number]

export interface Selection {
  type: PickType
  id: string
}

export function pickId(type: PickType, id: string): string {
  return `${type}:${id}`
}

export function parsePickId(value: unknown): Selection | null {
  if (typeof value !== 'string') return null
  const colon = value.indexOf(':')
  if (colon <= 0 || colon === value.length - 1) return null
  const type = value.slice(0, colon)
  if (!(pickTypes as readonly string[]).includes(type)) return null
  return { type: type as PickType, id: value.slice(colon + 1) }
}

export function sameSelection(a: Selection | null, b: Selection | null): boolean {
  return a === b || (a !== null && b !== null && a.type === b.type && a.id === b.id)
}

/** The pick id of an overlay object: `overlay:<kind>/<id>` (kind: permit, risk_point…). */
export function overlayPickId(kind: string, id: string): string {
  return pickId('overlay', `${kind}/${id}`)
}

/** The kind and id of an overlay selection, else null. */
export function overlayRef(selection: Selection | null): { kind: string; id: string } | null {
  if (selection?.type !== 'overlay') return null
  const slash = selection.id.indexOf('/')
  if (slash <= 0 || slash === selection.id.length - 1) return null
  return { kind: selection.id.slice(0, slash), id: selection.id.slice(slash + 1) }
}
