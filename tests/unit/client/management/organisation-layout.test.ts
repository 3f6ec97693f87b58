import { describe, expect, it } from 'vitest'
import type { OrgNode } from '../../../../server/contracts/organisation'
import {
  buildTree,
  fitView,
  layoutTree,
  moveTargets,
  zoomAt,
} from '../../../../client/centers/management/organisation/org-layout'
import { librarySections } from '../../../../client/centers/management/organisation/rules-model'
import type { DocumentSummary } from '../../../../server/contracts/documents'

const n = (id: string, parent: string | null, position = 0, kind: OrgNode['kind'] = 'body'): OrgNode => ({
  id,
  enterprise_id: null,
  parent_id: parent,
  kind,
  body_type: kind === 'body' ? 'department' : null,
  name: id,
  name_en: null,
  duties: '',
  phone: null,
  user_id: null,
  username: null,
  position,
  updated_by: null,
  updated_at: '2026-01-01T00:00:00.000Z',
})

// root ─┬─ a ─┬─ a1
//       │     └─ a2
//       └─ b
const nodes = [n('b', 'root', 1), n('a2', 'a', 1), n('root', null), n('a', 'root', 0), n('a1', 'a', 0)]
const opts = { nodeWidth: 100, nodeHeight: 40, gapX: 10, gapY: 30 }

describe('organisation chart layout', () => {
  it('builds the tree in sibling order and keeps orphans and loops as roots', () => {
    const [root] = buildTree(nodes)
    expect(root!.node.id).toBe('root')
    expect(root!.children.map((c) => c.node.id)).toEqual(['a', 'b'])
    expect(root!.children[0]!.children.map((c) => c.node.id)).toEqual(['a1', 'a2'])
    const odd = buildTree([n('x', 'y'), n('y', 'x'), n('orphan', 'gone')])
    expect(odd.map((t) => t.node.id).sort()).toEqual(['orphan', 'x', 'y'])
  })

  it('lays the tree out top-down, parents centred over their children, nothing overlapping', () => {
    const l = layoutTree(buildTree(nodes), opts)
    const at = Object.fromEntries(l.nodes.map((p) => [p.id, p]))
    // leaves a1, a2, b side by side: 0, 110, 220
    expect([at.a1!.x, at.a2!.x, at.b!.x]).toEqual([0, 110, 220])
    // a centred over a1..a2, root over a..b
    expect(at.a!.x).toBe(55)
    expect(at.root!.x + 50).toBe((at.a!.x + 50 + at.b!.x + 50) / 2)
    expect([at.root!.y, at.a!.y, at.a1!.y]).toEqual([0, 70, 140])
    expect(l.width).toBe(320)
    expect(l.height).toBe(180)
    expect(l.edges).toHaveLength(4)
    const e = l.edges.find((x) => x.to === 'b')!
    expect(e).toMatchObject({ from: 'root', y1: 40, y2: 70, x2: 270 })
    // no two boxes of a level overlap
    for (const d of [0, 1, 2]) {
      const xs = l.nodes
        .filter((p) => p.depth === d)
        .map((p) => p.x)
        .sort((a, b) => a - b)
      for (let i = 1; i < xs.length; i++) expect(xs[i]! - xs[i - 1]!).toBeGreaterThanOrEqual(100)
    }
  })

  it('fits and zooms about a fixed point', () => {
    const v = fitView(1000, 200, 500, 400, 0)
    expect(v.k).toBe(0.5)
    expect(v.tx).toBe(0)
    expect(fitView(100, 100, 800, 600).k).toBe(1)
    const z = zoomAt({ k: 1, tx: 0, ty: 0 }, 2, 100, 50)
    expect(z).toEqual({ k: 2, tx: -100, ty: -50 })
    // the content point under the cursor stays there
    expect((100 - z.tx) / z.k).toBe(100)
    expect(zoomAt({ k: 3, tx: 0, ty: 0 }, 2, 0, 0).k).toBe(3)
  })

  it('offers as new parents only nodes outside the subtree and of a kind it may hang under', () => {
    const withPost = [...nodes, n('p', 'b', 0, 'post'), n('person', 'p', 0, 'person')]
    expect(
      moveTargets(withPost, 'a')
        .map((x) => x.id)
        .sort(),
    ).toEqual(['b', 'root'])
    expect(
      moveTargets(withPost, 'person')
        .map((x) => x.id)
        .sort(),
    ).toEqual(['a', 'a1', 'a2', 'b', 'p', 'root'])
    expect(moveTargets(withPost, 'p').map((x) => x.id)).not.toContain('person')
  })
})

describe('rules and policy library', () => {
  const doc = (
    id: string,
    type: 'rule' | 'policy' | 'licence',
    tags: string[],
    issued: string | null,
  ): DocumentSummary =>
    ({
      id,
      title: id,
      doc_type: type,
      tags,
      doc_number: null,
      current_version: 2,
      validity: 'valid',
      current: issued ? { issued_on: issued, expires_on: null } : null,
    }) as unknown as DocumentSummary

  it('groups rules and policies by their first tag, newest first, untagged last', () => {
    const s = librarySections([
      doc('r1', 'rule', ['特殊作业'], '2025-01-01'),
      doc('r2', 'rule', ['特殊作业', 'x'], '2026-01-01'),
      doc('r3', 'rule', [], null),
      doc('p1', 'policy', ['导则'], '2024-05-01'),
      doc('l1', 'licence', ['许可证'], '2024-01-01'),
    ])
    expect(s.map((x) => [x.type, x.count])).toEqual([
      ['rule', 3],
      ['policy', 1],
    ])
    expect(s[0]!.groups.map((g) => [g.category, g.entries.map((e) => e.id)])).toEqual([
      ['特殊作业', ['r2', 'r1']],
      [null, ['r3']],
    ])
    expect(s[0]!.groups[0]!.entries[0]).toMatchObject({ version: 2, effective: '2026-01-01', expires: null })
  })
})
