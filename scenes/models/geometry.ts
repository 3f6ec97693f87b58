import {
  BoxGeometry,
  BufferGeometry,
  CylinderGeometry,
  Group,
  Matrix4,
  Mesh,
  Quaternion,
  Vector3,
} from 'three'
import type { Material } from 'three'
import { mergeGeometries, mergeVertices } from 'three/examples/jsm/utils/BufferGeometryUtils.js'

const yAxis = new Vector3(0, 1, 0)

/**
 * Merges parts into one geometry with transforms baked in, so each model is one mesh per material
 * (few draw calls per tank) and accessor bounds are in model space (the tests read them).
 */
export function mergeParts(parts: BufferGeometry[]): BufferGeometry {
  const indexed = parts.map((p) => {
    // no textures: uv would only add bytes
    p.deleteAttribute('uv')
    // ExtrudeGeometry comes unindexed; merging needs one kind
    return p.index ? p : mergeVertices(p)
  })
  const merged = mergeGeometries(indexed, false)
  if (!merged) throw new Error('mergeGeometries failed (attribute sets differ)')
  merged.computeBoundingBox()
  return merged
}

/** A round bar from a to b (radius r, `sides` faces around), capped. */
export function rod(a: Vector3, b: Vector3, radius: number, sides = 6): BufferGeometry {
  const dir = new Vector3().subVectors(b, a)
  const g = new CylinderGeometry(radius, radius, dir.length(), sides, 1)
  const q = new Quaternion().setFromUnitVectors(yAxis, dir.clone().normalize())
  const mid = new Vector3().addVectors(a, b).multiplyScalar(0.5)
  return g.applyMatrix4(new Matrix4().compose(mid, q, new Vector3(1, 1, 1)))
}

/** An axis-aligned box centred at (x, y, z), rotated about Y by yawRad. */
export function box(
  w: number,
  h: number,
  d: number,
  x: number,
  y: number,
  z: number,
  yawRad = 0,
): BufferGeometry {
  const g = new BoxGeometry(w, h, d)
  if (yawRad !== 0) g.rotateY(yawRad)
  return g.translate(x, y, z)
}

/** One mesh per material, named so the client and the tests can find the shell. */
export function assemble(name: string, meshes: [string, BufferGeometry[], Material][]): Group {
  const group = new Group()
  group.name = name
  for (const [meshName, parts, material] of meshes) {
    // GLTFExporter writes the name on the glTF node, not on the glTF mesh
    const mesh = new Mesh(mergeParts(parts), material)
    mesh.name = meshName
    group.add(mesh)
  }
  return group
}
