// The organisation chart on PostgreSQL/PostGIS: the demo seed (once), everyone reads and only park admins write
// (routes and row-level security), create/edit/move/reorder/remove with the structure rules (no cycle — in the
// service and in the database trigger), bad input (400, nothing changed) and the edit history in the audit log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedOrganisationDemo } from '../../../../server/modules/organisation/organisation.seed'
import { systemScope } from '../../../../server/platform/db/db'
import type { ApiClient } from '../../../helpers/http'
import { startOrganisationStack, type OrganisationStack } from './stack'

interface Node {
  id: string
  parent_id: string | null
  kind: string
  name: string
  position: number
  username: string | null
  duties: string
}

describe('organisation chart API (PostgreSQL)', () => {
  let s: OrganisationStack
  let e01: ApiClient
  let operator: ApiClient
  let screen: ApiClient
  const nodes = async (): Promise<Node[]> => (await s.admin.get('/api/v1/organisation/nodes')).body
  const children = async (parent: string) =>
    (await nodes())
      .filter((n) => n.parent_id === parent)
      .sort((a, b) => a.position - b.position)
      .map((n) => [n.id, n.position])
  const audits = async (action: string) =>
    (
      await s.db.query<{ n: number }>(
        systemScope,
        'SELECT count(*)::int AS n FROM audit_log WHERE action = $1',
        [action],
      )
    )[0]!.n
  const snapshot = () =>
    s.db.query(systemScope, 'SELECT id, parent_id, position, name, updated_at FROM org_nodes ORDER BY id')

  beforeAll(async () => {
    s = await startOrganisationStack('cpt_organisation')
    e01 = await s.client('e01', 'enterprise_user', 'E01')
    operator = await s.client('op', 'operator')
    screen = await s.client('wall', 'screen')
  })
  afterAll(async () => {
    await s?.stop()
  })

  it('seeds the demo chart once, and never over a chart the park has started', async () => {
    const first = await s.db.owner((q) => seedOrganisationDemo(q))
    expect(first).toBeGreaterThan(20)
    expect(await s.db.owner((q) => seedOrganisationDemo(q))).toBe(0)
    const all = await nodes()
    expect(all).toHaveLength(first)
    const roots = all.filter((n) => n.parent_id === null)
    expect(roots.map((n) => n.id)).toEqual(['ORG-PARK'])
    // siblings numbered 0…n-1
    expect(await children('ORG-PARK')).toEqual([
      ['ORG-PARK-P-CHAIR', 0],
      ['ORG-PARK-P-VICE', 1],
      ['ORG-SAFETY', 2],
      ['ORG-EMERG', 3],
      ['ORG-ENV', 4],
      ['ORG-PLAN', 5],
    ])
  })

  it('lets everyone signed in read the chart; only park admins write it (routes and RLS)', async () => {
    const total = (await nodes()).length
    for (const c of [e01, operator, screen]) {
      const r = await c.get('/api/v1/organisation/nodes')
      expect(r.status).toBe(200)
      expect(r.body).toHaveLength(total)
    }
    const body = { parent_id: 'ORG-PARK', kind: 'body', body_type: 'team', name: '夜班巡查组' }
    expect((await operator.post('/api/v1/organisation/nodes', body)).status).toBe(403)
    expect((await e01.post('/api/v1/organisation/nodes', body)).status).toBe(403)
    expect((await screen.post('/api/v1/organisation/nodes', body)).status).toBe(403)
    // the database refuses an enterprise scope writing the park's chart, and hides other enterprises' charts
    await expect(
      s.db.tx({ scope: 'enterprise', enterpriseId: 'E01' }, (q) =>
        q.query(`UPDATE org_nodes SET name = 'x' WHERE id = 'ORG-PARK' RETURNING id`).then((r) => {
          if (!r.rowCount) throw new Error('no row updated')
        }),
      ),
    ).rejects.toThrow('no row updated')
    await expect(
      s.db.tx({ scope: 'enterprise', enterpriseId: 'E01' }, (q) =>
        q.query(
          `INSERT INTO org_nodes (id, kind, body_type, name, parent_id) VALUES ('X1', 'body', 'team', 'x', 'ORG-PARK')`,
        ),
      ),
    ).rejects.toThrow(/row-level security/)
    await s.db.owner((q) =>
      q.query(
        `INSERT INTO org_nodes (id, enterprise_id, kind, body_type, name) VALUES ('ORG-E03', 'E03', 'body', 'committee', 'E03 安委会')`,
      ),
    )
    const seen = (scope: string) =>
      s.db.query<{ id: string }>(
        { scope: 'enterprise', enterpriseId: scope },
        `SELECT id FROM org_nodes WHERE id = 'ORG-E03'`,
      )
    expect(await seen('E01')).toHaveLength(0)
    expect(await seen('E03')).toHaveLength(1)
    expect((await nodes()).map((n) => n.id)).not.toContain('ORG-E03')
  })

  it('creates bodies, posts and people at a chosen place; links a user account', async () => {
    const team = await s.admin.post('/api/v1/organisation/nodes', {
      parent_id: 'ORG-SAFETY',
      kind: 'body',
      body_type: 'team',
      name: '夜班巡查组',
      position: 0,
    })
    expect(team.status).toBe(201)
    expect(team.body).toMatchObject({ kind: 'body', body_type: 'team', position: 0, parent_id: 'ORG-SAFETY' })
    expect((await children('ORG-SAFETY')).map(([, p]) => p)).toEqual([0, 1, 2, 3])
    const post = await s.admin.post('/api/v1/organisation/nodes', {
      parent_id: team.body.id,
      kind: 'post',
      name: '夜班巡查员',
      duties: '夜间巡查罐区和装卸区，发现泄漏立即报告。',
    })
    expect(post.status).toBe(201)
    const [op] = await s.db.query<{ id: string }>(
      systemScope,
      `SELECT id::text FROM users WHERE username = 'op'`,
    )
    const person = await s.admin.post('/api/v1/organisation/nodes', {
      parent_id: post.body.id,
      kind: 'person',
      name: '夜班值班员',
      phone: '139 0000 0001',
      user_id: op!.id,
    })
    expect(person.status).toBe(201)
    expect(person.body).toMatchObject({ user_id: op!.id, username: 'op', phone: '139 0000 0001' })
    expect(await audits('org_node.create')).toBe(3)
  })

  it('refuses bad input with a 400 and changes nothing', async () => {
    const before = await snapshot()
    const creates = await audits('org_node.create')
    const bad: [unknown, string][] = [
      [{ parent_id: 'ORG-PARK', kind: 'body', name: '无类型机构' }, 'body_type'],
      [{ parent_id: 'ORG-PARK', kind: 'post', name: '岗位', phone: '123456' }, 'phone'],
      [{ parent_id: 'ORG-NOPE', kind: 'body', body_type: 'team', name: 'x' }, 'parent_id'],
      [{ parent_id: 'ORG-PARK-P-CHAIR', kind: 'post', name: '岗位下的岗位' }, 'parent_id'],
      [{ parent_id: 'ORG-PARK-U-CHAIR', kind: 'person', name: '人员下的人员' }, 'parent_id'],
      [
        { parent_id: 'ORG-PARK', kind: 'person', name: 'x', user_id: '00000000-0000-4000-8000-000000000000' },
        'user_id',
      ],
      [{ parent_id: 'ORG-PARK', kind: 'body', body_type: 'team', name: '' }, 'name'],
      [{ parent_id: 'ORG-PARK', kind: 'body', body_type: 'team', name: 'x', extra: 1 }, ''],
    ]
    for (const [body, field] of bad) {
      const r = await s.admin.post('/api/v1/organisation/nodes', body)
      expect(r.status, JSON.stringify(body)).toBe(400)
      if (field) expect(r.body.error.field).toBe(field)
    }
    // a second root is a conflict
    const root = await s.admin.post('/api/v1/organisation/nodes', {
      parent_id: null,
      kind: 'body',
      body_type: 'committee',
      name: '第二个根',
    })
    expect(root.status).toBe(409)
    expect(
      (await s.admin.call('PATCH', '/api/v1/organisation/nodes/ORG-SAFETY', { phone: '12345' })).status,
    ).toBe(400)
    expect(
      (await s.admin.call('PATCH', '/api/v1/organisation/nodes/ORG-SAFETY-P-HEAD', { body_type: 'team' }))
        .status,
    ).toBe(400)
    expect((await s.admin.call('PATCH', '/api/v1/organisation/nodes/ORG-SAFETY', {})).status).toBe(400)
    expect((await s.admin.call('PATCH', '/api/v1/organisation/nodes/ORG-NOPE', { name: 'x' })).status).toBe(
      404,
    )
    expect(await snapshot()).toEqual(before)
    expect(await audits('org_node.create')).toBe(creates)
  })

  it('moves and reorders nodes, never under themselves or their descendants', async () => {
    const moves = await audits('org_node.move')
    const before = await snapshot()
    // a cycle: the safety bureau under its own section
    const cycle = await s.admin.post('/api/v1/organisation/nodes/ORG-SAFETY/move', {
      parent_id: 'ORG-SAFETY-HAZ',
      position: 0,
    })
    expect(cycle.status).toBe(400)
    expect(cycle.body.error.message).toMatch(/itself or its descendants/)
    expect(
      (
        await s.admin.post('/api/v1/organisation/nodes/ORG-SAFETY/move', {
          parent_id: 'ORG-SAFETY',
          position: 0,
        })
      ).status,
    ).toBe(400)
    // a body under a post; the root anywhere
    expect(
      (
        await s.admin.post('/api/v1/organisation/nodes/ORG-SAFETY-HAZ/move', {
          parent_id: 'ORG-EMERG-P',
          position: 0,
        })
      ).status,
    ).toBe(400)
    expect(
      (
        await s.admin.post('/api/v1/organisation/nodes/ORG-PARK/move', {
          parent_id: 'ORG-SAFETY',
          position: 0,
        })
      ).status,
    ).toBe(400)
    expect(
      (
        await s.admin.post('/api/v1/organisation/nodes/ORG-SAFETY/move', {
          parent_id: 'ORG-NOPE',
          position: 0,
        })
      ).status,
    ).toBe(400)
    expect(await snapshot()).toEqual(before)
    expect(await audits('org_node.move')).toBe(moves)

    // the hazardous-chemicals section moves to the emergency office, second place; both sibling lists stay 0…n-1
    const r = await s.admin.post('/api/v1/organisation/nodes/ORG-SAFETY-HAZ/move', {
      parent_id: 'ORG-EMERG',
      position: 1,
    })
    expect(r.status).toBe(200)
    expect(await children('ORG-EMERG')).toEqual([
      ['ORG-EMERG-P', 0],
      ['ORG-SAFETY-HAZ', 1],
      ['ORG-EMERG-FIRE', 2],
    ])
    expect((await children('ORG-SAFETY')).map(([, p]) => p)).toEqual([0, 1, 2])
    // reorder among the same siblings: the fire station first
    await s.admin.post('/api/v1/organisation/nodes/ORG-EMERG-FIRE/move', {
      parent_id: 'ORG-EMERG',
      position: 0,
    })
    expect((await children('ORG-EMERG')).map(([id]) => id)).toEqual([
      'ORG-EMERG-FIRE',
      'ORG-EMERG-P',
      'ORG-SAFETY-HAZ',
    ])
    expect(await audits('org_node.move')).toBe(moves + 2)
    const [last] = await s.db.query<{ detail: { from: unknown; to: unknown } }>(
      systemScope,
      `SELECT detail FROM audit_log WHERE action = 'org_node.move' AND target = 'ORG-SAFETY-HAZ'`,
    )
    expect(last!.detail).toEqual({
      from: { parent_id: 'ORG-SAFETY', position: 2 },
      to: { parent_id: 'ORG-EMERG', position: 1 },
    })
  })

  it('refuses a cycle in the database itself (trigger), whatever the caller', async () => {
    await expect(
      s.db.tx(systemScope, (q) =>
        q.query(`UPDATE org_nodes SET parent_id = 'ORG-EMERG-FIRE' WHERE id = 'ORG-EMERG'`),
      ),
    ).rejects.toMatchObject({ code: '23514', constraint: 'org_nodes_no_cycle' })
    await expect(
      s.db.tx(systemScope, (q) =>
        q.query(`UPDATE org_nodes SET parent_id = 'ORG-EMERG-P' WHERE id = 'ORG-EMERG-FIRE'`),
      ),
    ).rejects.toMatchObject({ code: '23514', constraint: 'org_nodes_parent_kind' })
    await expect(
      s.db.tx(systemScope, (q) =>
        q.query(`UPDATE org_nodes SET kind = 'post', body_type = NULL WHERE id = 'ORG-ENV'`),
      ),
    ).rejects.toMatchObject({ code: '23514', constraint: 'org_nodes_kind_fixed' })
  })

  it('edits a post with its duties; the history keeps before and after', async () => {
    const r = await s.admin.call('PATCH', '/api/v1/organisation/nodes/ORG-PLAN-P', {
      duties: '组织新建项目准入评估并签发评估意见。',
      name_en: 'Bureau director',
    })
    expect(r.status).toBe(200)
    expect(r.body.duties).toBe('组织新建项目准入评估并签发评估意见。')
    const h = await operator.get('/api/v1/organisation/history?node=ORG-PLAN-P')
    expect(h.status).toBe(200)
    expect(h.body[0]).toMatchObject({
      action: 'org_node.update',
      username: 'admin',
      target: 'ORG-PLAN-P',
      detail: {
        changed: ['name_en', 'duties'],
        after: { duties: '组织新建项目准入评估并签发评估意见。', name_en: 'Bureau director' },
      },
    })
    expect(h.body[0].detail.before.name_en).toBe('Director')
    expect((await e01.get('/api/v1/organisation/history')).status).toBe(403)
    expect((await operator.get('/api/v1/organisation/history?limit=0')).status).toBe(400)
  })

  it('removes a leaf (siblings renumbered) but not a node with children', async () => {
    const withChildren = await s.admin.call('DELETE', '/api/v1/organisation/nodes/ORG-ENV')
    expect(withChildren.status).toBe(409)
    expect(withChildren.body.error.id).toBe('org_node.has_children')
    expect((await s.admin.call('DELETE', '/api/v1/organisation/nodes/ORG-SAFETY-PATROL-U1')).status).toBe(204)
    expect(await children('ORG-SAFETY-PATROL-P')).toEqual([['ORG-SAFETY-PATROL-U2', 0]])
    expect(await audits('org_node.delete')).toBe(1)
    expect((await s.admin.call('DELETE', '/api/v1/organisation/nodes/ORG-SAFETY-PATROL-U1')).status).toBe(404)
  })
})
