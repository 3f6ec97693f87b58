// What each simulated outlet measures and how its values behave. Codes and units: HJ 212-2017 table in
// protocols.md. The code sets match migration 0005's hj212_channel_defaults, so every value lands in a channel.
// Typical values: a well-run chemical-park outlet (COD 20–35 mg/L, NH3-N 0.5–3 mg/L, pH 7–8) and a treated
// process stack; `exceed` is a value above the default threshold, used during a seeded exceedance episode.

export type Measure = 'wastewater' | 'waste_gas'

export interface PollutantProfile {
  code: string
  /** long-run mean and standard deviation, in the code's unit */
  mean: number
  sd: number
  /** normal operation stays within [min, max] */
  min: number
  max: number
  /** value during an exceedance episode; null: this one never exceeds (flow, O2) */
  exceed: number | null
  /** decimals sent */
  digits: number
  /**
   * Cou of interval data: for flow, the volume in m³ per (unit × second) (L/s → 0.001, m³/s → 1); for a
   * pollutant, kg per (unit × m³) (mg/L → 0.001, mg/m³ → 1e-6), times the interval's volume. Absent: no Cou.
   */
  cou?: { kind: 'volume' | 'load'; factor: number }
}

const volume = (factor: number) => ({ kind: 'volume' as const, factor })
const load = (factor: number) => ({ kind: 'load' as const, factor })
function profile(
  code: string,
  [mean, sd]: [number, number],
  [min, max]: [number, number],
  exceed: number | null,
  digits: number,
  cou?: PollutantProfile['cou'],
): PollutantProfile {
  return { code, mean, sd, min, max, exceed, digits, ...(cou ? { cou } : {}) }
}

// code, [mean, sd], [min, max], exceed, digits, Cou
export const PROFILES: Record<Measure, readonly PollutantProfile[]> = {
  wastewater: [
    profile('w00000', [12, 1.5], [4, 25], null, 2, volume(1e-3)), // flow, L/s
    profile('w01001', [7.5, 0.15], [7, 8], 9.4, 2), // pH
    profile('w01018', [27, 3], [20, 35], 62, 1, load(1e-3)), // COD, mg/L
    profile('w21003', [1.6, 0.45], [0.5, 3], 6.8, 2, load(1e-3)), // NH3-N, mg/L
  ],
  waste_gas: [
    profile('a00000', [18, 1.5], [8, 30], null, 2, volume(1)), // flow, m³/s
    profile('a21026', [35, 6], [10, 70], 130, 1, load(1e-6)), // SO2, mg/m³
    profile('a21002', [85, 12], [40, 130], 185, 1, load(1e-6)), // NOx, mg/m³
    profile('a34013', [8, 1.5], [3, 15], 27, 2, load(1e-6)), // particulates, mg/m³
    profile('a19001', [10.5, 0.6], [8, 13], null, 2), // O2, %
  ],
}

/** HJ 212-2017 ST (system code) of each measure: 32 wastewater, 31 waste gas. */
export const ST_OF: Record<Measure, number> = { wastewater: 32, waste_gas: 31 }
