// The screen is designed at 1920×1080 in rem; the root font-size follows the viewport so the
// layout keeps its proportions from a laptop up to a 4K video wall.

export const designWidthPx = 1920
export const designHeightPx = 1080
export const designFontPx = 16

/** Scale factor of the viewport against the design size (1 at 1080p, 2 at 4K). */
export function screenScale(widthPx: number, heightPx: number): number {
  if (widthPx <= 0 || heightPx <= 0) return 1
  return Math.min(widthPx / designWidthPx, heightPx / designHeightPx)
}

/** Keeps the root font-size in step with the window; returns a stop function. */
export function applyScreenScale(win: Window = window): () => void {
  const apply = () => {
    const scale = screenScale(win.innerWidth, win.innerHeight)
    win.document.documentElement.style.fontSize = `${(designFontPx * scale).toFixed(3)}px`
  }
  apply()
  win.addEventListener('resize', apply)
  return () => win.removeEventListener('resize', apply)
}
