import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { join } from 'node:path'
import { layerFiles, type ParkData } from './types'

export const parkDir = fileURLToPath(new URL('./park/', import.meta.url))

/** Reads the generated demo park (geodata/park/*.geojson). */
export function readPark(dir: string = parkDir): ParkData {
  const out: Partial<Record<keyof ParkData, unknown>> = {}
  for (const [key, file] of Object.entries(layerFiles) as [keyof ParkData, string][]) {
    out[key] = JSON.parse(readFileSync(join(dir, file), 'utf8'))
  }
  return out as ParkData
}
