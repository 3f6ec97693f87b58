import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { defaultSeed, generatePark, serializeLayer, writePark } from '../../../geodata/generate'
import { parkDir, readPark } from '../../../geodata/read'
import { layerFiles, type ParkData } from '../../../geodata/types'
import { validatePark } from '../../../geodata/validate'

const dirs: string[] = []
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'park-'))
  dirs.push(dir)
  return dir
}
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))

const layers = Object.keys(layerFiles) as (keyof ParkData)[]
const count = (data: ParkData, layer: keyof ParkData) =>
  (data[layer] as { features: unknown[] }).features.length

describe('generatePark', () => {
  it('writes byte-identical files for the same seed', () => {
    const [a, b] = [tempDir(), tempDir()]
    writePark(generatePark(7), a)
    writePark(generatePark(7), b)
    expect(readdirSync(a).sort()).toEqual(Object.values(layerFiles).sort())
    for (const file of Object.values(layerFiles)) {
      expect(readFileSync(join(b, file)).equals(readFileSync(join(a, file))), file).toBe(true)
    }
  })

  it('draws a different layout from another seed', () => {
    expect(serializeLayer(generatePark(8).buildings)).not.toEqual(serializeLayer(generatePark(7).buildings))
  })

  it.each([1, 2, 3])('gives a park that validates clean for seed %i', (seed) => {
    expect(validatePark(generatePark(seed))).toEqual([])
  })

  it('meets the size the platform is demonstrated with', () => {
    const data = generatePark(defaultSeed)
    expect(count(data, 'enterprises')).toBeGreaterThanOrEqual(20)
    expect(count(data, 'buildings')).toBeGreaterThanOrEqual(150)
    expect(count(data, 'tanks')).toBeGreaterThanOrEqual(60)
    expect(count(data, 'roads')).toBeGreaterThanOrEqual(200)
    expect(count(data, 'zones')).toBeGreaterThanOrEqual(10)
    expect(count(data, 'musterPoints')).toBeGreaterThanOrEqual(6)
    expect(data.boundary.properties).toEqual({
      name: '江海化工园区',
      name_en: 'Jianghai Chemical Industrial Park',
    })
  })
})

describe('committed geodata/park', () => {
  const committed = readPark()

  it('equals generatePark(defaultSeed), file by file', () => {
    const fresh = generatePark(defaultSeed)
    for (const layer of layers) {
      const file = join(parkDir, layerFiles[layer])
      expect(readFileSync(file, 'utf8'), `${layerFiles[layer]} is stale: run npm run geodata`).toBe(
        serializeLayer(fresh[layer]),
      )
    }
  })

  it('validates clean', () => {
    expect(validatePark(committed)).toEqual([])
  })

  it('stays commit-sized (well under 2 MiB) with 7-decimal coordinates', () => {
    const files = Object.values(layerFiles).map((f) => readFileSync(join(parkDir, f), 'utf8'))
    expect(files.reduce((n, text) => n + Buffer.byteLength(text), 0)).toBeLessThan(1024 * 1024)
    expect(files.join('').match(/\d+\.\d{8,}/)).toBeNull()
  })
})
