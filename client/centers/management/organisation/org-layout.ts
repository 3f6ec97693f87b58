import { canHangUnder, type OrgNode } from '../../../../server/contracts/organisation'

// Pure model of the organisation chart: the tree from the flat node list, a tidy top-down layout (each parent
// centred over its children, subtrees never overlapping, siblings in their order), and the pan/zoom view maths.
// No DOM here (unit-tested).

export interface TreeNode {
  node: OrgNode
  children: TreeNode[]
}

/**
 * The forest of the chart: children in `position` order (then name). A node whose parent is missing or that sits
 * in a loop becomes a root, so nothing is ever dropped from the drawing.
 */
export function buildTree(nodes: readonly OrgNode[]): TreeNode[] {
  const byId = new Map(nodes.map((n) => [n.id, { node: n, children: [] as TreeNode[] }]))
  const order = (a: TreeNode, b: TreeNode) =>
    a.node.position - b.node.position ||
    a.node.name.localeCompare(b.node.name) ||
    a.node.id.localeCompare(b.node.id)
  const inLoop = (n: OrgNode) => {
    const seen = new Set<string>([n.id])
    let p = n.parent_id
    while (p) {
      if (seen.has(p)) return true
      seen.add(p)
      p = byId.get(p)?.node.parent_id ?? null
    }
    return false
  }
  const roots: TreeNode[] = []
  for (const t of byId.values()) {
    const parent = t.node.parent_id ? byId.get(t.node.parent_id) : undefined
    if (parent && !inLoop(t.node)) parent.children.push(t)
    else roots.push(t)
  }
  for (const t of byId.values()) t.children.sort(order)
  return roots.sort(order)
}

export interface LayoutOptions {
  nodeWidth: number
  nodeHeight: number
  /** horizontal gap between neighbouring subtrees */
  gapX: number
  /** vertical gap between levels */
  gapY: number
}
export const defaultLayout: LayoutOptions = { nodeWidth: 150, nodeHeight: 54, gapX: 16, gapY: 40 }

export interface PlacedNode {
  id: string
  node: OrgNode
  /** top-left corner */
  x: number
  y: number
  depth: number
}
export interface Edge {
  from: string
  to: string
  /** parent bottom-centre → child top-centre */
  x1: number
  y1: number
  x2: number
  y2: number
}
export interface Layout {
  nodes: PlacedNode[]
  edges: Edge[]
  width: number
  height: number
}

/**
 * Tidy top-down layout: a subtree is as wide as its children's subtrees side by side (at least one node); a parent
 * sits centred between its first and last child; levels are `nodeHeight + gapY` apart. Roots stand side by side.
 * Nodes are listed children first (parents drawn over their connectors).
 */
export function layoutTree(roots: readonly TreeNode[], o: LayoutOptions = defaultLayout): Layout {
  const widths = new Map<TreeNode, number>()
  const widthOf = (t: TreeNode): number => {
    const kids = t.children.map(widthOf)
    const w = Math.max(o.nodeWidth, kids.reduce((a, b) => a + b, 0) + o.gapX * Math.max(0, kids.length - 1))
    widths.set(t, w)
    return w
  }
  const nodes: PlacedNode[] = []
  const edges: Edge[] = []
  let depthMax = 0
  /** Places the subtree whose left edge is `left`; returns the x of its root (centred over its children). */
  const place = (t: TreeNode, left: number, depth: number): number => {
    depthMax = Math.max(depthMax, depth)
    const w = widths.get(t)!
    const y = depth * (o.nodeHeight + o.gapY)
    const kidsWidth =
      t.children.reduce((a, c) => a + widths.get(c)!, 0) + o.gapX * Math.max(0, t.children.length - 1)
    let cursor = left + (w - kidsWidth) / 2
    const kids: { id: string; x: number }[] = []
    for (const c of t.children) {
      kids.push({ id: c.node.id, x: place(c, cursor, depth + 1) })
      cursor += widths.get(c)! + o.gapX
    }
    const x = kids.length ? (kids[0]!.x + kids[kids.length - 1]!.x) / 2 : left + (w - o.nodeWidth) / 2
    nodes.push({ id: t.node.id, node: t.node, x, y, depth })
    for (const k of kids)
      edges.push({
        from: t.node.id,
        to: k.id,
        x1: x + o.nodeWidth / 2,
        y1: y + o.nodeHeight,
        x2: k.x + o.nodeWidth / 2,
        y2: y + o.nodeHeight + o.gapY,
      })
    return x
  }
  let left = 0
  for (const r of roots) {
    const w = widthOf(r)
    place(r, left, 0)
    left += w + o.gapX
  }
  return {
    nodes,
    edges,
    width: Math.max(0, left - o.gapX),
    height: nodes.length ? (depthMax + 1) * (o.nodeHeight + o.gapY) - o.gapY : 0,
  }
}

/** Pan and zoom: screen = content × k + (tx, ty). */
export interface View {
  k: number
  tx: number
  ty: number
}
export const minZoom = 0.2
export const maxZoom = 3

/** The view that shows the whole layout centred in a viewport, never enlarged beyond 1:1. */
export function fitView(
  width: number,
  height: number,
  viewportW: number,
  viewportH: number,
  margin = 16,
): View {
  if (width <= 0 || height <= 0) return { k: 1, tx: margin, ty: margin }
  const k = Math.max(
    minZoom,
    Math.min(1, (viewportW - 2 * margin) / width, (viewportH - 2 * margin) / height),
  )
  return { k, tx: (viewportW - width * k) / 2, ty: Math.max(margin, (viewportH - height * k) / 2) }
}

/** Zooms by `factor` keeping the screen point (cx, cy) fixed; clamped to [minZoom, maxZoom]. */
export function zoomAt(v: View, factor: number, cx: number, cy: number): View {
  const k = Math.max(minZoom, Math.min(maxZoom, v.k * factor))
  const f = k / v.k
  return { k, tx: cx - (cx - v.tx) * f, ty: cy - (cy - v.ty) * f }
}

/** Every node that may become the new parent of `id`: not itself or below it, and of a kind it may hang under. */
export function moveTargets(nodes: readonly OrgNode[], id: string): OrgNode[] {
  const me = nodes.find((n) => n.id === id)
  if (!me) return []
  const below = new Set<string>([id])
  let grew = true
  while (grew) {
    grew = false
    for (const n of nodes)
      if (n.parent_id && below.has(n.parent_id) && !below.has(n.id)) {
        below.add(n.id)
        grew = true
      }
  }
  return nodes.filter((n) => !below.has(n.id) && canHangUnder(me.kind, n.kind))
}
