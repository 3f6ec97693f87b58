// The drill scripts that ship with the platform, loaded from scenes/drills/*.json and validated against
// schema.ts at load: a broken script fails loudly at start, never half-way through a drill.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { drillScript, type DrillScript } from './schema'

export * from './schema'

export const drillFiles = ['chlorine-leak.json', 'solvent-pool-fire.json', 'lpg-vce.json'] as const

const dir = fileURLToPath(new URL('./', import.meta.url))

/** Parses one script; the error names the file and every bad field. */
export function parseDrillScript(raw: unknown, source = 'drill script'): DrillScript {
  const r = drillScript.safeParse(raw)
  if (r.success) return r.data
  const reasons = r.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
  throw new Error(`${source}: ${reasons.join('; ')}`)
}

/** Every shipped script, validated, in file order; ids are unique. */
export function loadDrillScripts(from: string = dir): DrillScript[] {
  const scripts = drillFiles.map((f) =>
    parseDrillScript(JSON.parse(readFileSync(`${from}/${f}`, 'utf8')) as unknown, `scenes/drills/${f}`),
  )
  const ids = new Set<string>()
  for (const s of scripts) {
    if (ids.has(s.id)) throw new Error(`duplicate drill id ${s.id}`)
    ids.add(s.id)
  }
  return scripts
}
