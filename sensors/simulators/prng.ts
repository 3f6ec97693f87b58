// Seeded PRNG for the simulators: sfc32 (PractRand-clean, 128-bit state, fast in JS) seeded through
// splitmix32, so nearby seeds (1, 2, 3…) still give unrelated streams.

export interface Prng {
  /** uniform in [0, 1) */
  next(): number
  /** uniform in [min, max) */
  float(min: number, max: number): number
  /** uniform integer in [min, max] (both inclusive) */
  int(min: number, max: number): number
  /** true with probability p */
  chance(p: number): boolean
  pick<T>(items: readonly T[]): T
  /** Gaussian (Box–Muller) */
  normal(mean?: number, sd?: number): number
}

function splitmix32(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s + 0x9e3779b9) >>> 0
    let z = s
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
    return (z ^ (z >>> 16)) >>> 0
  }
}

/** Mixes numbers and strings into one 32-bit seed (FNV-1a over their text), e.g. (seed, tagIndex). */
export function hashSeed(...parts: (number | string)[]): number {
  let h = 0x811c9dc5
  for (const ch of parts.join('\u0000')) {
    h = Math.imul(h ^ ch.codePointAt(0)!, 0x01000193)
  }
  return h >>> 0
}

export function createPrng(seed: number): Prng {
  const init = splitmix32(seed)
  let a = init()
  let b = init()
  let c = init()
  let d = init()
  const next = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0
    d = (d + 1) >>> 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) >>> 0
    c = (c << 21) | (c >>> 11)
    c = (c + t) >>> 0
    return t / 4294967296
  }
  for (let i = 0; i < 12; i++) next() // discard the warm-up outputs sfc32 recommends
  return {
    next,
    float: (min, max) => min + (max - min) * next(),
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new Error('pick from an empty list')
      return items[Math.floor(next() * items.length)]!
    },
    normal(mean = 0, sd = 1) {
      const u = 1 - next() // (0, 1]: log(0) would be -Infinity
      return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next())
    },
  }
}
