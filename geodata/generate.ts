// Writes the demo park: `node --import tsx geodata/generate.ts [outDir] [--seed N]`
// (default: geodata/park, the committed seed). One GeoJSON file per layer, one feature per line.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { layerFiles, type ParkData } from './types'
import { parkDir } from './read'
import { defaultSeed, generatePark } from './lib/park'

export { defaultSeed, generatePark }

/** Deterministic text of one layer: a collection with one feature per line, or a single feature. */
export function serializeLayer(layer: ParkData[keyof ParkData]): string {
  if (layer.type === 'Feature') return `${JSON.stringify(layer)}\n`
  const features = (layer.features as unknown[]).map((f) => JSON.stringify(f)).join(',\n')
  return `{"type":"FeatureCollection","features":[\n${features}\n]}\n`
}

export function writePark(data: ParkData, dir: string = parkDir): void {
  mkdirSync(dir, { recursive: true })
  for (const [key, file] of Object.entries(layerFiles) as [keyof ParkData, string][]) {
    writeFileSync(join(dir, file), serializeLayer(data[key]))
  }
}

function main(argv: string[]) {
  const seedAt = argv.indexOf('--seed')
  const seed = seedAt >= 0 ? Number(argv[seedAt + 1]) : defaultSeed
  if (!Number.isFinite(seed)) throw new Error('--seed needs a number')
  const dir = argv.find((a, i) => !a.startsWith('--') && argv[i - 1] !== '--seed')
  const data = generatePark(seed)
  writePark(data, dir ? resolve(dir) : parkDir)
  const counts = (Object.keys(layerFiles) as (keyof ParkData)[])
    .filter((k) => k !== 'boundary')
    .map((k) => `${k} ${(data[k] as { features: unknown[] }).features.length}`)
  console.log(`park written (seed ${seed}): ${counts.join(', ')}`)
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href)
  main(process.argv.slice(2))
