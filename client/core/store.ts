export type Listener<T> = (state: T, previous: T) => void

/** A minimal observable state holder; state objects are replaced, never mutated. */
export interface Store<T extends object> {
  get(): T
  set(patch: Partial<T>): void
  subscribe(fn: Listener<T>): () => void
}

export function createStore<T extends object>(initial: T): Store<T> {
  let state = initial
  const listeners = new Set<Listener<T>>()
  return {
    get: () => state,
    set(patch) {
      const previous = state
      state = { ...state, ...patch }
      for (const fn of [...listeners]) fn(state, previous)
    },
    subscribe(fn) {
      listeners.add(fn)
      return () => listeners.delete(fn)
    },
  }
}
