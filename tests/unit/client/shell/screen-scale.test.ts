import { describe, expect, it } from 'vitest'
import { screenScale } from '../../../../client/shell/screen-scale'

describe('screenScale', () => {
  it.each([
    [1920, 1080, 1],
    [3840, 2160, 2],
    [1280, 720, 2 / 3],
    [3840, 1080, 1], // ultra-wide: the height limits
    [0, 0, 1],
  ])('%d×%d → %d', (w, h, s) => {
    expect(screenScale(w, h)).toBeCloseTo(s, 10)
  })
})
