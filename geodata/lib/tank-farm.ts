// One tank farm: tanks in at most two rows (so every tank faces a fire road, GB 50160), the dike
// pulled back from the shells by at least half the shell height (GB 50351), and the dike tall
// enough to hold the largest tank (capped at the 2.2 m the standard allows; a wider dike instead).
import { chemicals } from './chemicals'
import type { FarmSpec } from './roster'
import { tankVolumeM3 } from './tank-geometry'

export interface FarmTank {
  /** centre in farm-local metres (x along the frontage, y away from it) */
  x: number
  y: number
  contentIndex: number
}

export interface FarmLayout {
  w: number
  d: number
  dikeHeightM: number
  tanks: FarmTank[]
}

export const maxDikeHeightM = 2.2
export const minDikeHeightM = 1.0
/** freeboard added to the computed dike height, GB 50351 */
const freeboardM = 0.2

/** shell-to-shell spacing in metres */
function spacingM(spec: FarmSpec): { sx: number; sy: number } {
  if (spec.type === 'horizontal') return { sx: 2.5, sy: 6 }
  const s = Math.max(4, Math.min(20, 0.5 * spec.diameterM))
  return { sx: s, sy: s }
}

/** tank footprint in the farm frame: horizontal tanks lie with their axis along y */
const cellSize = (spec: FarmSpec): [number, number] =>
  spec.type === 'horizontal' ? [spec.diameterM, spec.heightM] : [spec.diameterM, spec.diameterM]

export function layoutFarm(spec: FarmSpec): FarmLayout {
  const n = spec.contents.length
  const rows = spec.type === 'horizontal' ? (n > 6 ? 2 : 1) : n > 3 ? 2 : 1
  const cols = Math.ceil(n / rows)
  const [cw, cd] = cellSize(spec)
  const { sx, sy } = spacingM(spec)
  const volumes = tankVolumeM3(spec.type, spec.diameterM, spec.heightM)
  const gas = spec.contents.some((c) => chemicals[c].liquefiedGas)
  let marginM = spec.type === 'horizontal' ? 3 : Math.max(3, spec.heightM / 2)
  for (;;) {
    const w = cols * cw + (cols - 1) * sx + 2 * marginM
    const d = rows * cd + (rows - 1) * sy + 2 * marginM
    // footprints of the other tanks take up dike volume below the wall top
    const displaced = spec.type === 'horizontal' ? 0 : (n - 1) * Math.PI * (spec.diameterM / 2) ** 2
    const needed = volumes / (w * d - displaced) + freeboardM
    // liquefied gases flash off; their low dike only channels a spill (GB 50160 全压力式储罐组)
    const dikeHeightM = gas ? minDikeHeightM : Math.max(minDikeHeightM, Math.ceil(needed * 10) / 10)
    if (dikeHeightM <= maxDikeHeightM) {
      const tanks = spec.contents.map((_, k) => ({
        x: marginM + (k % cols) * (cw + sx) + cw / 2,
        y: marginM + Math.floor(k / cols) * (cd + sy) + cd / 2,
        contentIndex: k,
      }))
      return { w, d, dikeHeightM, tanks }
    }
    marginM += 1
  }
}
