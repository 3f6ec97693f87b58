// Map icons drawn at runtime (no image files): a round badge with a simple white glyph.

export type IconGlyph = 'gate' | 'flag' | 'flame' | 'drop' | 'box' | 'waves' | 'cloud' | 'camera'

const cache = new Map<string, HTMLCanvasElement>()

/** A `size`×`size` badge in `hex` with `glyph`, cached per combination. */
export function iconCanvas(glyph: IconGlyph, hex: string, size = 64): HTMLCanvasElement {
  const key = `${glyph}/${hex}/${size}`
  const cached = cache.get(key)
  if (cached) return cached
  const canvas = document.createElement('canvas')
  canvas.width = canvas.height = size
  const ctx = canvas.getContext('2d')
  if (!ctx) return canvas
  const c = size / 2
  ctx.beginPath()
  ctx.arc(c, c, c - 3, 0, Math.PI * 2)
  ctx.fillStyle = 'rgba(4, 16, 34, 0.85)'
  ctx.fill()
  ctx.lineWidth = size * 0.07
  ctx.strokeStyle = hex
  ctx.stroke()
  ctx.beginPath()
  ctx.arc(c, c, c - size * 0.17, 0, Math.PI * 2)
  ctx.fillStyle = hex
  ctx.fill()
  ctx.save()
  ctx.translate(c, c)
  ctx.scale(size / 64, size / 64)
  ctx.fillStyle = ctx.strokeStyle = '#ffffff'
  ctx.lineWidth = 3.2
  ctx.lineCap = ctx.lineJoin = 'round'
  drawGlyph(ctx, glyph)
  ctx.restore()
  cache.set(key, canvas)
  return canvas
}

/** Glyphs in a 64-unit box centred on the origin. */
function drawGlyph(ctx: CanvasRenderingContext2D, glyph: IconGlyph): void {
  ctx.beginPath()
  switch (glyph) {
    case 'gate': // barrier arm on a post
      ctx.rect(-13, -3, 6, 16)
      ctx.fill()
      ctx.beginPath()
      ctx.moveTo(-8, -8)
      ctx.lineTo(14, -12)
      ctx.stroke()
      return
    case 'flag':
      ctx.moveTo(-8, 14)
      ctx.lineTo(-8, -14)
      ctx.stroke()
      ctx.beginPath()
      ctx.moveTo(-7, -14)
      ctx.lineTo(13, -8)
      ctx.lineTo(-7, -1)
      ctx.closePath()
      ctx.fill()
      return
    case 'flame':
      ctx.moveTo(0, -15)
      ctx.bezierCurveTo(10, -4, 12, 4, 8, 10)
      ctx.bezierCurveTo(4, 15, -4, 15, -8, 10)
      ctx.bezierCurveTo(-11, 4, -8, -2, -3, -6)
      ctx.bezierCurveTo(-3, -1, 0, 1, 1, 2)
      ctx.bezierCurveTo(3, -4, 2, -10, 0, -15)
      ctx.fill()
      return
    case 'drop':
      ctx.moveTo(0, -14)
      ctx.bezierCurveTo(6, -5, 11, 1, 11, 5)
      ctx.arc(0, 5, 11, 0, Math.PI)
      ctx.bezierCurveTo(-11, 1, -6, -5, 0, -14)
      ctx.fill()
      return
    case 'box':
      ctx.rect(-12, -8, 24, 19)
      ctx.stroke()
      ctx.beginPath()
      ctx.moveTo(-12, -2)
      ctx.lineTo(12, -2)
      ctx.moveTo(0, -8)
      ctx.lineTo(0, 11)
      ctx.stroke()
      return
    case 'waves':
      ctx.arc(0, 6, 3.5, 0, Math.PI * 2)
      ctx.fill()
      for (const r of [9, 15]) {
        ctx.beginPath()
        ctx.arc(0, 6, r, -Math.PI * 0.8, -Math.PI * 0.2)
        ctx.stroke()
      }
      return
    case 'camera': // body and lens hood
      ctx.roundRect(-14, -8, 19, 15, 2)
      ctx.fill()
      ctx.beginPath()
      ctx.moveTo(5, -1)
      ctx.lineTo(14, -7)
      ctx.lineTo(14, 6)
      ctx.lineTo(5, 1)
      ctx.closePath()
      ctx.fill()
      ctx.beginPath()
      ctx.moveTo(-8, 7)
      ctx.lineTo(-8, 14)
      ctx.stroke()
      return
    case 'cloud':
      ctx.arc(-6, 3, 7, Math.PI * 0.5, Math.PI * 1.5)
      ctx.arc(2, -3, 9, Math.PI, Math.PI * 1.95)
      ctx.arc(9, 4, 6, -Math.PI * 0.5, Math.PI * 0.5)
      ctx.closePath()
      ctx.fill()
      return
  }
}
