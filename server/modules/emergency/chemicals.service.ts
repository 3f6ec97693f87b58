import type { Chemical, ChemicalPatchBody } from '../../contracts/emergency'
import { auditIn } from '../../platform/audit'
import type { Db, DbScope } from '../../platform/db/db'
import type { AppState } from '../../platform/http/auth-middleware'
import { errors } from '../../platform/http/errors'
import * as repo from './emergency.repository'

/** The ordering rules the table's CHECK constraints enforce, told as a 400 naming the field. */
function orderingProblem(c: Chemical): [string, string] | null {
  const ordered = (lo: keyof Chemical, hi: keyof Chemical) => {
    const a = c[lo] as number | null
    const b = c[hi] as number | null
    return a == null || b == null || a <= b
  }
  if (!ordered('aegl1_ppm', 'aegl2_ppm')) return ['aegl1_ppm', 'AEGL-1 must not exceed AEGL-2']
  if (!ordered('aegl2_ppm', 'aegl3_ppm')) return ['aegl2_ppm', 'AEGL-2 must not exceed AEGL-3']
  if (!ordered('erpg1_ppm', 'erpg2_ppm')) return ['erpg1_ppm', 'ERPG-1 must not exceed ERPG-2']
  if (!ordered('erpg2_ppm', 'erpg3_ppm')) return ['erpg2_ppm', 'ERPG-2 must not exceed ERPG-3']
  if (c.lel_pct != null && c.uel_pct != null && c.lel_pct >= c.uel_pct)
    return ['lel_pct', 'LEL must be below UEL']
  for (const k of [
    'aegl1_ppm',
    'aegl2_ppm',
    'aegl3_ppm',
    'erpg1_ppm',
    'erpg2_ppm',
    'erpg3_ppm',
    'idlh_ppm',
    'lel_pct',
    'uel_pct',
    'burning_rate_kg_m2s',
    'heat_of_combustion_mj_kg',
    'k_beta_per_m',
    'liquid_density_kg_m3',
  ] as const)
    if (c[k] === 0) return [k, 'must be greater than 0 (or null)']
  return null
}

/** The chemicals table (危险化学品理化与毒性参数): everyone reads; the park admin edits, audited. */
export class ChemicalsService {
  constructor(private readonly db: Db) {}

  list(scope: DbScope): Promise<Chemical[]> {
    return this.db.tx(scope, repo.listChemicals)
  }

  async get(scope: DbScope, id: string): Promise<Chemical> {
    const c = await this.db.tx(scope, (q) => repo.chemicalById(q, id))
    if (!c) throw errors.notFound('chemical', id)
    return c
  }

  patch(actor: AppState, id: string, body: ChemicalPatchBody, ip: string): Promise<Chemical> {
    return this.db.tx(actor.scope, async (q) => {
      const before = await repo.chemicalById(q, id, true)
      if (!before) throw errors.notFound('chemical', id)
      const problem = orderingProblem({ ...before, ...body } as Chemical)
      if (problem) throw errors.validation(`${problem[0]}: ${problem[1]}`, problem[0])
      if (body.cas && body.cas !== before.cas) {
        const other = await repo.chemicalByCas(q, body.cas)
        if (other) throw errors.conflict('chemical.cas_taken', `CAS ${body.cas} is already ${other.id}`)
      }
      const after = await repo.updateChemical(q, id, body, actor.user.username)
      const changes: Record<string, { from: unknown; to: unknown }> = {}
      for (const k of repo.editableColumns)
        if (k in body && JSON.stringify(before[k]) !== JSON.stringify(after[k]))
          changes[k] = { from: before[k], to: after[k] }
      await auditIn(q, {
        userId: actor.user.id,
        username: actor.user.username,
        action: 'chemical.update',
        target: id,
        result: 'ok',
        ip,
        detail: { changes },
      })
      return after
    })
  }
}
