import { MeshStandardMaterial } from 'three'

// PBR values chosen for Cesium's default image-based lighting: painted steel is only slightly
// metallic (the paint is what we see), bare galvanised steel is more so, concrete not at all.
export function paintedSteel(name = 'painted-steel', color = 0xe6e9ec): MeshStandardMaterial {
  return new MeshStandardMaterial({ name, color, metalness: 0.3, roughness: 0.45 })
}

export function galvanisedSteel(): MeshStandardMaterial {
  return new MeshStandardMaterial({
    name: 'galvanised-steel',
    color: 0x8d949b,
    metalness: 0.7,
    roughness: 0.45,
  })
}

export function concrete(): MeshStandardMaterial {
  return new MeshStandardMaterial({ name: 'concrete', color: 0xa9a59c, metalness: 0, roughness: 0.95 })
}

/** Safety yellow of gas-detector housings. */
export function safetyYellow(): MeshStandardMaterial {
  return new MeshStandardMaterial({ name: 'safety-yellow', color: 0xf2c200, metalness: 0.1, roughness: 0.55 })
}
