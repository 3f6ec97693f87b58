import {
  colourOf,
  highestColour,
  riskColors,
  type BandsBody,
  type RiskBand,
  type RiskColor,
} from '../../contracts/risk'

// Pure rules of risk-graded control (风险分级管控): which colour bands the park may set, and the colours of the
// four-colour map. The LEC tables and D → colour are in server/contracts/risk.ts (shared with the browser).

export interface BandViolation {
  field: string
  message: string
}

/**
 * The four bands must name each colour once, with thresholds strictly falling from red to blue and blue at 0
 * (so every D has a colour). Returns the first violation, or null.
 */
export function bandsViolation(b: BandsBody['bands']): BandViolation | null {
  for (const [i, colour] of riskColors.entries()) {
    const at = b.findIndex((x) => x.colour === colour)
    if (at < 0) return { field: 'bands', message: `the ${colour} band is missing` }
    const again = b.findIndex((x, j) => j > at && x.colour === colour)
    if (again >= 0) return { field: `bands.${again}.colour`, message: `${colour} given twice` }
    const band = b[at]!
    if (colour === 'blue' && band.d_above !== 0)
      return { field: `bands.${at}.d_above`, message: 'the blue band starts at 0 (every D has a colour)' }
    const next = riskColors[i + 1]
    const lower = next ? b.find((x) => x.colour === next) : undefined
    if (lower && !(band.d_above > lower.d_above))
      return {
        field: `bands.${at}.d_above`,
        message: `the ${colour} threshold (${band.d_above}) must be above the ${next} one (${lower.d_above})`,
      }
  }
  return null
}

/** The bands in the order red, orange, yellow, blue. */
export function orderBands<T extends Pick<RiskBand, 'colour'>>(bands: readonly T[]): T[] {
  return [...bands].sort((a, b) => riskColors.indexOf(a.colour) - riskColors.indexOf(b.colour))
}

/** A D's colour under the bands; null for a point not assessed. */
export function colourOrNull(d: number | null, bands: readonly Pick<RiskBand, 'colour' | 'd_above'>[]) {
  return d === null ? null : colourOf(d, bands)
}

/**
 * The colour of a group (a unit, an enterprise parcel) from its points' current D: that of the highest point,
 * with that D; null when none of its points is assessed.
 */
export function groupColour(
  ds: readonly (number | null)[],
  bands: readonly Pick<RiskBand, 'colour' | 'd_above'>[],
): { colour: RiskColor | null; max_d: number | null } {
  const assessed = ds.filter((d): d is number => d !== null)
  if (!assessed.length) return { colour: null, max_d: null }
  const max = Math.max(...assessed)
  return { colour: highestColour(assessed.map((d) => colourOf(d, bands))), max_d: max }
}
