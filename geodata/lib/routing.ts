// Graph helpers over road edges given as from/to node ids: shortest paths and connectivity.

export interface GraphEdge {
  from: string
  to: string
}

/** Dijkstra; returns the edge indices and nodes of the cheapest path, or null when unreachable. */
export function shortestPath(
  edges: readonly GraphEdge[],
  cost: (edgeIndex: number) => number,
  from: string,
  to: string,
): { nodes: string[]; edges: number[] } | null {
  const adjacent = new Map<string, { node: string; edge: number }[]>()
  edges.forEach((e, i) => {
    adjacent.set(e.from, [...(adjacent.get(e.from) ?? []), { node: e.to, edge: i }])
    adjacent.set(e.to, [...(adjacent.get(e.to) ?? []), { node: e.from, edge: i }])
  })
  const dist = new Map<string, number>([[from, 0]])
  const via = new Map<string, { node: string; edge: number }>()
  const done = new Set<string>()
  for (;;) {
    let current: string | undefined
    for (const [node, d] of dist)
      if (!done.has(node) && (current === undefined || d < dist.get(current)!)) current = node
    if (current === undefined) return null
    if (current === to) break
    done.add(current)
    for (const step of adjacent.get(current) ?? []) {
      const d = dist.get(current)! + cost(step.edge)
      if (d < (dist.get(step.node) ?? Infinity)) {
        dist.set(step.node, d)
        via.set(step.node, { node: current, edge: step.edge })
      }
    }
  }
  const nodes = [to]
  const path: number[] = []
  for (let at = to; at !== from;) {
    const step = via.get(at)!
    path.unshift(step.edge)
    nodes.unshift(step.node)
    at = step.node
  }
  return { nodes, edges: path }
}

/** groups of nodes that reach each other (union-find) */
export function connectedComponents(nodeIds: readonly string[], edges: readonly GraphEdge[]): string[][] {
  const parent = new Map(nodeIds.map((n) => [n, n]))
  const find = (n: string): string => {
    let root = n
    while (parent.get(root) !== root) root = parent.get(root)!
    parent.set(n, root)
    return root
  }
  for (const e of edges) {
    if (!parent.has(e.from) || !parent.has(e.to)) continue
    parent.set(find(e.from), find(e.to))
  }
  const groups = new Map<string, string[]>()
  for (const n of nodeIds) groups.set(find(n), [...(groups.get(find(n)) ?? []), n])
  return [...groups.values()]
}
