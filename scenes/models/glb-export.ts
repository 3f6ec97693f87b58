import type { Object3D } from 'three'
import { GLTFExporter } from 'three/examples/jsm/exporters/GLTFExporter.js'

/**
 * GLTFExporter assembles binary output through FileReader, which Node lacks (Blob it has). This
 * minimal stand-in covers the one call the binary path makes.
 */
class NodeFileReader {
  result: ArrayBuffer | null = null
  onloadend: (() => void) | null = null
  readAsArrayBuffer(blob: Blob): void {
    void blob.arrayBuffer().then((buf) => {
      this.result = buf
      this.onloadend?.()
    })
  }
}

function ensureFileReader(): void {
  const g = globalThis as { FileReader?: unknown }
  if (typeof g.FileReader === 'undefined') g.FileReader = NodeFileReader
}

/** Exports an object tree as a binary glTF 2.0 (GLB). */
export async function toGlb(root: Object3D): Promise<Uint8Array> {
  ensureFileReader()
  const out = await new GLTFExporter().parseAsync(root, { binary: true, onlyVisible: true })
  if (!(out instanceof ArrayBuffer)) throw new Error('GLTFExporter did not return binary output')
  return new Uint8Array(out)
}
