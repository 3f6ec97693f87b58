import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildModels, HORIZONTAL_TANK, SPHERICAL_TANK, VERTICAL_TANK } from '../../../scenes/build-models'

interface GltfJson {
  asset: { version: string }
  nodes: { name?: string; mesh?: number; translation?: number[]; rotation?: number[]; scale?: number[] }[]
  meshes: { primitives: { attributes: { POSITION: number }; indices: number }[] }[]
  accessors: { count: number; min?: number[]; max?: number[] }[]
}

/** Reads a GLB container (glTF 2.0 §4.4) and returns its JSON chunk, checking the framing. */
function readGlb(bytes: Buffer): GltfJson {
  expect(bytes.toString('latin1', 0, 4)).toBe('glTF')
  expect(bytes.readUInt32LE(4)).toBe(2)
  expect(bytes.readUInt32LE(8)).toBe(bytes.length)
  const jsonLength = bytes.readUInt32LE(12)
  expect(bytes.readUInt32LE(16)).toBe(0x4e4f534a) // 'JSON'
  const binHeader = 20 + jsonLength
  expect(bytes.readUInt32LE(binHeader + 4)).toBe(0x004e4942) // 'BIN\0'
  return JSON.parse(bytes.toString('utf8', 20, binHeader)) as GltfJson
}

/** Bounds over the meshes of the nodes named `nodeName` (all meshes without it); transforms are baked in. */
function bounds(json: GltfJson, nodeName?: string): { min: number[]; max: number[] } {
  const min = [Infinity, Infinity, Infinity]
  const max = [-Infinity, -Infinity, -Infinity]
  const meshes = json.nodes
    .filter((n) => n.mesh !== undefined && (nodeName === undefined || n.name === nodeName))
    .map((n) => json.meshes[n.mesh!]!)
  expect(meshes.length).toBeGreaterThan(0)
  for (const mesh of meshes) {
    for (const p of mesh.primitives) {
      const a = json.accessors[p.attributes.POSITION]!
      for (let i = 0; i < 3; i++) {
        min[i] = Math.min(min[i]!, a.min![i]!)
        max[i] = Math.max(max[i]!, a.max![i]!)
      }
    }
  }
  return { min, max }
}

const triangles = (json: GltfJson): number =>
  json.meshes.flatMap((m) => m.primitives).reduce((n, p) => n + json.accessors[p.indices]!.count / 3, 0)

describe('build-models', () => {
  let dir: string
  const glb: Record<string, GltfJson> = {}
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'models-'))
    const result = await buildModels({ outDir: dir, force: true })
    for (const name of result.written) glb[name] = readGlb(readFileSync(join(dir, name)))
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('writes the four models as valid GLB with a mesh and modest triangle counts', () => {
    expect(Object.keys(glb).sort()).toEqual([
      'gas-detector.glb',
      'tank-horizontal.glb',
      'tank-spherical.glb',
      'tank-vertical.glb',
    ])
    for (const json of Object.values(glb)) {
      expect(json.asset.version).toBe('2.0')
      expect(json.meshes.length).toBeGreaterThan(0)
      expect(triangles(json)).toBeLessThanOrEqual(3000)
      // transforms are baked into the vertices, so accessor bounds are model-space sizes
      for (const n of json.nodes)
        expect([n.translation, n.rotation, n.scale]).toEqual([undefined, undefined, undefined])
    }
  })

  it.each([
    ['tank-vertical.glb', [-0.5, 0, -0.5], [0.5, 1 + VERTICAL_TANK.roofRise, 0.5]],
    ['tank-spherical.glb', [-0.5, SPHERICAL_TANK.shellBottomY, -0.5], [0.5, SPHERICAL_TANK.heightRatio, 0.5]],
    [
      'tank-horizontal.glb',
      [-0.5, HORIZONTAL_TANK.shellBottomY, -0.5],
      [0.5, HORIZONTAL_TANK.heightRatio, 0.5],
    ],
  ])('%s shell has the documented unit size', (name, min, max) => {
    const b = bounds(glb[name]!, 'shell')
    for (let i = 0; i < 3; i++) {
      expect(b.min[i]).toBeCloseTo(min[i]!, 3)
      expect(b.max[i]).toBeCloseTo(max[i]!, 3)
    }
  })

  it('stands every model on y = 0', () => {
    for (const json of Object.values(glb)) expect(bounds(json).min[1]).toBeCloseTo(0, 3)
  })

  it('is deterministic and skips up-to-date outputs', async () => {
    const again = mkdtempSync(join(tmpdir(), 'models-'))
    try {
      await buildModels({ outDir: again, force: true })
      for (const name of Object.keys(glb)) {
        expect(readFileSync(join(again, name)).equals(readFileSync(join(dir, name)))).toBe(true)
      }
      expect((await buildModels({ outDir: again })).skipped).toBe(true)
    } finally {
      rmSync(again, { recursive: true, force: true })
    }
  })
})
