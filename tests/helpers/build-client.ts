import { execSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../..', import.meta.url))

/** The e2e tests use the production build; build it when it is missing (CI builds it first). */
export function ensureClientBuilt(): void {
  if (
    existsSync(`${root}/dist/client/index.html`) &&
    existsSync(`${root}/client/public/models/tank-vertical.glb`)
  )
    return
  execSync('npm run build', { cwd: root, stdio: 'inherit' })
}
