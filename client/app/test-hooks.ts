// Small, always-on hooks for the end-to-end test (tests/e2e) and for operators' diagnostics.

export interface CptState {
  ready: boolean
  loggedIn: boolean
  center: string
  locale: string
  tagsShown: number
  framesReceived: number
  selected: string | null
  layersReady: string[]
}

export interface CptHooks {
  state(): CptState
  /** CSS px in the page of the asset's visual centre (a tank: mid-height of the model); null if off-screen */
  screenPositionOf(assetId: string): { x: number; y: number } | null
  /** displayed (interpolated) position of a live tag */
  tagPosition(tagId: string): { lon: number; lat: number } | null
  tagIds(): string[]
  flyToAsset(assetId: string): Promise<void>
}

declare global {
  interface Window {
    __cpt?: CptHooks
  }
}

let active: CptHooks | null = null

/** Installs `window.__cpt`; calls go to the running app, or answer "signed out" without one. */
export function installTestHooks(signedOut: () => CptState): void {
  window.__cpt = {
    state: () => active?.state() ?? signedOut(),
    screenPositionOf: (id) => active?.screenPositionOf(id) ?? null,
    tagPosition: (id) => active?.tagPosition(id) ?? null,
    tagIds: () => active?.tagIds() ?? [],
    flyToAsset: (id) => active?.flyToAsset(id) ?? Promise.resolve(),
  }
}

export function setActiveHooks(hooks: CptHooks | null): void {
  active = hooks
}
