import { Db } from '../../../../server/platform/db/db'
import { startEmbeddedDatabase } from '../../../../server/platform/db/embedded'
import { createTestDatabase } from '../../../helpers/services'

/** The two database backends the server runs on, for `describe.each`. */
export interface Backend {
  name: string
  kind: Db['kind']
  start(): Promise<{ url: string; stop(): Promise<void> }>
}

export const backends: Backend[] = [
  {
    name: 'PostgreSQL',
    kind: 'postgres',
    start: async () => {
      const t = await createTestDatabase('cpt_it_db')
      return { url: t.url, stop: t.drop }
    },
  },
  // in memory; the first start in a process takes several seconds (WASM)
  { name: 'PGlite', kind: 'pglite', start: () => startEmbeddedDatabase(null) },
]
