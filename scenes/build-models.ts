// Writes the twin's glTF models (client/public/models/*.glb) from three.js geometry at build time.
// Run: node --import tsx scenes/build-models.ts [--force]
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Group } from 'three'
import { modelFiles } from './model-specs'
import { buildGasDetector } from './models/gas-detector'
import { toGlb } from './models/glb-export'
import { buildHorizontalTank } from './models/horizontal-tank'
import { buildSphericalTank } from './models/spherical-tank'
import { buildVerticalTank } from './models/vertical-tank'

export * from './model-specs'

/** Output file name → builder. */
export const modelBuilders: Record<string, () => Group> = {
  [modelFiles.vertical]: buildVerticalTank,
  [modelFiles.spherical]: buildSphericalTank,
  [modelFiles.horizontal]: buildHorizontalTank,
  [modelFiles.gasDetector]: buildGasDetector,
}

const here = fileURLToPath(new URL('.', import.meta.url))
export const defaultModelsDir = resolve(here, '../client/public/models')

/** Newest mtime among the sources that shape the models. */
function sourcesMtimeMs(): number {
  const modelDir = join(here, 'models')
  const files = [
    fileURLToPath(import.meta.url),
    join(here, 'model-specs.ts'),
    ...readdirSync(modelDir).map((f) => join(modelDir, f)),
  ]
  return Math.max(...files.map((f) => statSync(f).mtimeMs))
}

function upToDate(outDir: string): boolean {
  const newestSource = sourcesMtimeMs()
  return Object.keys(modelBuilders).every((name) => {
    try {
      return statSync(join(outDir, name)).mtimeMs > newestSource
    } catch {
      return false
    }
  })
}

export interface BuildModelsResult {
  outDir: string
  written: string[]
  skipped: boolean
}

/** Builds every model into outDir; skips when all outputs are newer than the sources unless `force`. */
export async function buildModels({
  outDir = defaultModelsDir,
  force = false,
} = {}): Promise<BuildModelsResult> {
  if (!force && upToDate(outDir)) return { outDir, written: [], skipped: true }
  mkdirSync(outDir, { recursive: true })
  const written: string[] = []
  for (const [name, build] of Object.entries(modelBuilders)) {
    writeFileSync(join(outDir, name), await toGlb(build()))
    written.push(name)
  }
  return { outDir, written, skipped: false }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const result = await buildModels({ force: process.argv.includes('--force') })
  const what = result.skipped ? 'up to date' : `wrote ${result.written.join(', ')}`
  console.log(`models: ${what} (${result.outDir})`)
}
