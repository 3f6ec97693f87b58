import { fileURLToPath } from 'node:url'
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../../..', import.meta.url))

// The module boundary (STYLE.md): the browser app imports only server/contracts from server/.
describe('client import boundary', () => {
  const eslint = new ESLint({ cwd: root })
  const lint = async (file: string, code: string) => {
    const [r] = await eslint.lintText(code, { filePath: `${root}${file}` })
    return r!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message)
  }

  it.each([
    ['client/app/x.ts', "import { Db } from '../../server/platform/db/db'\nexport const d = Db\n"],
    ['client/x.ts', "import { startServer } from '../server/main'\nexport const s = startServer\n"],
    ['client/twin/x.ts', "import pg from 'pg'\nexport const p = pg\n"],
    ['client/twin/x.ts', "import { readFileSync } from 'node:fs'\nexport const r = readFileSync\n"],
  ])('%s may not import %j', async (file, code) => {
    expect(await lint(file, code)).not.toEqual([])
  })

  it.each([
    ['client/app/x.ts', "import type { Me } from '../../server/contracts'\nexport type M = Me\n"],
    ['client/x.ts', "import { loginBody } from '../server/contracts/auth'\nexport const l = loginBody\n"],
    ['server/modules/x.ts', "import { Db } from '../platform/db/db'\nexport const d = Db\n"],
  ])('%s may import %j', async (file, code) => {
    expect(await lint(file, code)).toEqual([])
  })
})
