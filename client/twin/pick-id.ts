// Everything pickable on the twin carries a string id `<type>:<id>`, so one click handler and one
// selection state serve primitives, models, billboards and points alike.

export const pickTypes = ['asset', 'enterprise', 'tag'] as const
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
