// Unit conversions the hazard models share. SI inside (metres, seconds, grams, kilowatts); other units are
// named in the identifier (`Ppm`, `Psi`, `Kpa`).

/** Molar volume of an ideal gas at 25 °C and 1 atm, L/mol: mg/m³ = ppm × MW / 24.45. */
export const molarVolumeL = 24.45
/** 1 psi in kPa (NIST SP 811). */
export const kpaPerPsi = 6.894757
/** Standard atmosphere, kPa. */
export const atmosphereKpa = 101.325
/** Universal gas constant, J/(mol·K). */
export const gasConstant = 8.314462618
/** Molar mass of dry air, g/mol. */
export const airMolarMass = 28.965
/** Gravity, m/s². */
export const gravity = 9.80665

/** ppm (v/v) → g/m³ at 25 °C, 1 atm. */
export const ppmToGm3 = (ppm: number, mwGmol: number): number => (ppm * mwGmol) / molarVolumeL / 1000
/** g/m³ → ppm (v/v) at 25 °C, 1 atm. */
export const gm3ToPpm = (gm3: number, mwGmol: number): number => (gm3 * 1000 * molarVolumeL) / mwGmol

export const psiToKpa = (psi: number): number => psi * kpaPerPsi
export const kpaToPsi = (kpa: number): number => kpa / kpaPerPsi
