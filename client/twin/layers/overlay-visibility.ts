// The layer bar's switches for the overlays mounted directly on the viewer (the incident and drill layers are not
// TwinLayers: app.ts mounts them beside the twin). Pure of Cesium: it only reads the app store's `visible` set.

export interface Showable {
  /** hides or shows the layer's primitives; its data are kept */
  setVisible(on: boolean): void
}

/** The part of the app store this reads (AppStore fits). */
export interface VisibleSource {
  get(): { visible: ReadonlySet<string> }
  subscribe(
    fn: (state: { visible: ReadonlySet<string> }, prev: { visible: ReadonlySet<string> }) => void,
  ): () => void
}

/** The layers whose shown state differs between two `visible` sets, with the state to apply. */
export function visibilityChanges(
  ids: readonly string[],
  next: ReadonlySet<string>,
  prev: ReadonlySet<string> | null,
): [string, boolean][] {
  return ids.filter((id) => prev === null || prev.has(id) !== next.has(id)).map((id) => [id, next.has(id)])
}

/**
 * Shows each layer while its id is in the store's `visible` set (as the layer bar toggles it): applied now and on
 * every change. Returns the unsubscribe.
 */
export function followVisibility(
  store: VisibleSource,
  layers: Readonly<Record<string, Showable>>,
): () => void {
  const ids = Object.keys(layers)
  const apply = (next: ReadonlySet<string>, prev: ReadonlySet<string> | null) => {
    for (const [id, on] of visibilityChanges(ids, next, prev)) layers[id]!.setVisible(on)
  }
  apply(store.get().visible, null)
  return store.subscribe((s, prev) => {
    if (s.visible !== prev.visible) apply(s.visible, prev.visible)
  })
}
