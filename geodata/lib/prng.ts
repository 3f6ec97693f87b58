// Seeded PRNG: sfc32 over a string-hashed seed. Only 32-bit integer ops, so every platform and
// Node version draws the same sequence, which is what makes the generated files byte-identical.

export interface Rng {
  /** uniform in [0, 1) */
  next(): number
  /** uniform in [min, max) */
  range(min: number, max: number): number
  /** integer in [min, max], both ends included */
  int(min: number, max: number): number
  pick<T>(items: readonly T[]): T
  chance(probability: number): boolean
  /** an independent stream for one part of the park, so a change elsewhere leaves it alone */
  fork(label: string): Rng
}

/** xmur3 string hash: four 32-bit seed words from any label. */
function hashWords(text: string): [number, number, number, number] {
  let h = 1779033703 ^ text.length
  for (let i = 0; i < text.length; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), 3432918353)
    h = (h << 13) | (h >>> 19)
  }
  const word = (): number => {
    h = Math.imul(h ^ (h >>> 16), 2246822507)
    h = Math.imul(h ^ (h >>> 13), 3266489909)
    h ^= h >>> 16
    return h >>> 0
  }
  return [word(), word(), word(), word()]
}

function sfc32(seedWords: [number, number, number, number]): () => number {
  let [a, b, c, d] = seedWords
  return () => {
    a >>>= 0
    b >>>= 0
    c >>>= 0
    d >>>= 0
    let t = (a + b) | 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) | 0
    c = (c << 21) | (c >>> 11)
    d = (d + 1) | 0
    t = (t + d) | 0
    c = (c + t) | 0
    return (t >>> 0) / 4294967296
  }
}

export function createRng(seed: number | string): Rng {
  const label = String(seed)
  const draw = sfc32(hashWords(label))
  // warm-up: the first outputs of sfc32 from a hashed seed are weakly mixed
  for (let i = 0; i < 12; i++) draw()
  const rng: Rng = {
    next: draw,
    range: (min, max) => min + (max - min) * draw(),
    int: (min, max) => min + Math.floor((max - min + 1) * draw()),
    pick: (items) => {
      if (items.length === 0) throw new Error('pick from an empty list')
      return items[Math.floor(items.length * draw())]!
    },
    chance: (probability) => draw() < probability,
    fork: (sub) => createRng(`${label}/${sub}`),
  }
  return rng
}
