/** Binary min-heap of (key, value) pairs, for Dijkstra. Ties pop in insertion-independent but deterministic order. */
export class MinHeap<T> {
  private readonly keys: number[] = []
  private readonly values: T[] = []

  get size(): number {
    return this.keys.length
  }

  push(key: number, value: T): void {
    this.keys.push(key)
    this.values.push(value)
    let i = this.keys.length - 1
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (this.keys[parent]! <= key) break
      this.swap(i, parent)
      i = parent
    }
  }

  /** Removes and returns the smallest entry, or undefined when empty. */
  pop(): [number, T] | undefined {
    if (this.keys.length === 0) return undefined
    const top: [number, T] = [this.keys[0]!, this.values[0]!]
    const lastKey = this.keys.pop()!
    const lastValue = this.values.pop()!
    if (this.keys.length > 0) {
      this.keys[0] = lastKey
      this.values[0] = lastValue
      this.siftDown(0)
    }
    return top
  }

  private siftDown(start: number): void {
    const n = this.keys.length
    let i = start
    for (;;) {
      const l = 2 * i + 1
      const r = l + 1
      let m = i
      if (l < n && this.keys[l]! < this.keys[m]!) m = l
      if (r < n && this.keys[r]! < this.keys[m]!) m = r
      if (m === i) return
      this.swap(i, m)
      i = m
    }
  }

  private swap(i: number, j: number): void {
    ;[this.keys[i], this.keys[j]] = [this.keys[j]!, this.keys[i]!]
    ;[this.values[i], this.values[j]] = [this.values[j]!, this.values[i]!]
  }
}
