import type { SensorThresholds } from '../../contracts/alarms'

/**
 * Occupational exposure limits (OEL) in ppm for the toxic gases the park's detectors measure. Unconfirmed:
 * GBZ 2.1-2019 MAC or PC-STEL as recalled, converted at 20 °C and 101.325 kPa (ppm = mg/m³ × 24.04 / M).
 * Data the park can override per detector in `sensors.thresholds`; shown as defaults, not as the standard.
 */
export const toxicOelPpm: Record<string, number> = {
  Cl2: 0.34, // MAC 1 mg/m³
  NH3: 42, // PC-STEL 30 mg/m³
  HCl: 4.9, // MAC 7.5 mg/m³
  H2S: 7, // MAC 10 mg/m³
  CO: 26, // PC-STEL 30 mg/m³
  SO2: 4.7, // PC-STEL 10 mg/m³
  NO2: 5.2, // PC-STEL 10 mg/m³
}

/**
 * GB/T 50493-2019 §5.5.2 detector set points: combustible 1st alarm ≤ 25 %LEL (`h`), 2nd ≤ 50 %LEL (`hh`);
 * toxic 1st ≤ 100 % OEL, 2nd ≤ 200 % OEL; oxygen low 19.5 %VOL, high 23.5 %VOL. Null for measures with no
 * default (the sensor then needs its own limits).
 */
export function gasSetpoints(measure: string): SensorThresholds | null {
  if (measure === 'combustible') return { high: 25, high_high: 50 }
  if (measure === 'O2') return { low: 19.5, high: 23.5 }
  const oel = toxicOelPpm[measure]
  return oel === undefined ? null : { high: oel, high_high: 2 * oel }
}
