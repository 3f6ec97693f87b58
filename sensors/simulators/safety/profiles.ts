// Operating points of the simulated safety sensors. They sit well inside the default alarm limits of
// migration 0008 (a test checks every one against the registry), so alarms come from the scripted leak,
// faults and what the park changes, not from the steady state.

/** Key parameters per supervised-process code, as migration 0008's process_sensor_templates (same tags). */
export interface ProcessParameter {
  tag: string
  measure: string
  unit: string
  nominal: number
  /** short-term noise, standard deviation */
  sd: number
}

const p = (tag: string, measure: string, unit: string, nominal: number, sd: number): ProcessParameter => ({
  tag,
  measure,
  unit,
  nominal,
  sd,
})

/** 重点监管危险化工工艺 by name → code and key parameters. */
export const supervisedProcesses: Record<string, { code: string; parameters: ProcessParameter[] }> = {
  光气及光气化: {
    code: 'PHOS',
    parameters: [
      p('TT', 'temperature', '°C', 60, 0.8),
      p('PT', 'pressure', 'kPa', 150, 4),
      p('FT', 'flow', 'kg/h', 500, 8),
    ],
  },
  '电解(氯碱)': {
    code: 'ELEC',
    parameters: [
      p('TT', 'temperature', '°C', 86, 0.5),
      p('AT', 'h2_in_cl2', '%', 0.15, 0.02),
      p('FT', 'flow', 'm³/h', 60, 1.5),
    ],
  },
  氯化: {
    code: 'CHLO',
    parameters: [
      p('TT', 'temperature', '°C', 70, 0.8),
      p('PT', 'pressure', 'kPa', 200, 5),
      p('FT', 'flow', 'kg/h', 400, 8),
    ],
  },
  硝化: {
    code: 'NITR',
    parameters: [
      p('TT', 'temperature', '°C', 40, 0.5),
      p('FT', 'flow', 'kg/h', 800, 10),
      p('CW', 'cooling_water_flow', 'm³/h', 120, 2.5),
    ],
  },
  合成氨: {
    code: 'AMMO',
    parameters: [
      p('TT', 'temperature', '°C', 470, 2.5),
      p('PT', 'pressure', 'kPa', 15000, 120),
      p('FT', 'flow', 'Nm³/h', 90000, 900),
    ],
  },
  '裂解(裂化)': {
    code: 'CRAC',
    parameters: [
      p('TT', 'temperature', '°C', 842, 2),
      p('FT', 'flow', 't/h', 38, 0.6),
      p('PT', 'pressure', 'kPa', 600, 10),
    ],
  },
  氟化: {
    code: 'FLUO',
    parameters: [
      p('TT', 'temperature', '°C', 80, 0.8),
      p('PT', 'pressure', 'kPa', 300, 6),
      p('FT', 'flow', 'kg/h', 150, 3),
    ],
  },
  加氢: {
    code: 'HYDR',
    parameters: [
      p('TT', 'temperature', '°C', 280, 1.5),
      p('PT', 'pressure', 'kPa', 2500, 25),
      p('FT', 'flow', 'Nm³/h', 1500, 25),
    ],
  },
  重氮化: {
    code: 'DIAZ',
    parameters: [
      p('TT', 'temperature', '°C', 3, 0.4),
      p('FT', 'flow', 'kg/h', 200, 4),
      p('CW', 'cooling_water_flow', 'm³/h', 40, 1),
    ],
  },
  氧化: {
    code: 'OXID',
    parameters: [
      p('TT', 'temperature', '°C', 150, 1.2),
      p('PT', 'pressure', 'kPa', 800, 12),
      p('AT', 'o2', '%', 3.5, 0.25),
    ],
  },
  过氧化: {
    code: 'PERO',
    parameters: [
      p('TT', 'temperature', '°C', 50, 0.5),
      p('PT', 'pressure', 'kPa', 180, 4),
      p('FT', 'flow', 'kg/h', 300, 5),
    ],
  },
  胺基化: {
    code: 'AMIN',
    parameters: [
      p('TT', 'temperature', '°C', 120, 1),
      p('PT', 'pressure', 'kPa', 1500, 20),
      p('FT', 'flow', 'kg/h', 300, 5),
    ],
  },
  磺化: {
    code: 'SULF',
    parameters: [
      p('TT', 'temperature', '°C', 45, 0.5),
      p('FT', 'flow', 'kg/h', 600, 8),
      p('CW', 'cooling_water_flow', 'm³/h', 100, 2),
    ],
  },
  聚合: {
    code: 'POLY',
    parameters: [
      p('TT', 'temperature', '°C', 65, 0.6),
      p('PT', 'pressure', 'kPa', 900, 12),
      p('CW', 'cooling_water_flow', 'm³/h', 150, 3),
    ],
  },
  烷基化: {
    code: 'ALKY',
    parameters: [
      p('TT', 'temperature', '°C', 35, 0.5),
      p('PT', 'pressure', 'kPa', 800, 10),
      p('FT', 'flow', 't/h', 10, 0.15),
    ],
  },
  新型煤化工: {
    code: 'COAL',
    parameters: [
      p('TT', 'temperature', '°C', 1350, 6),
      p('PT', 'pressure', 'kPa', 4000, 30),
      p('FT', 'flow', 'Nm³/h', 20000, 250),
    ],
  },
  电石生产: {
    code: 'CARB',
    parameters: [
      p('TT', 'temperature', '°C', 600, 4),
      p('PT', 'pressure', 'kPa', 0.02, 0.01),
      p('AT', 'h2', '%', 8, 0.4),
    ],
  },
  偶氮化: {
    code: 'AZO',
    parameters: [
      p('TT', 'temperature', '°C', 70, 0.7),
      p('PT', 'pressure', 'kPa', 300, 6),
      p('FT', 'flow', 'kg/h', 220, 4),
    ],
  },
}

/** Per chemical (CAS): liquid density t/m³ (initial level from inventory) and, for liquefied gases, the
 * vapour-space pressure at 20 °C in kPa gauge (vapour pressure, or the nitrogen blanket of ethylene oxide). */
export const tankChemistry: Record<string, { density: number; pressureAt20?: number; perDegree?: number }> = {
  '7782-50-5': { density: 1.47, pressureAt20: 580, perDegree: 0.03 }, // chlorine
  '75-21-8': { density: 0.88, pressureAt20: 300, perDegree: 0.005 }, // ethylene oxide under N2
  '106-99-0': { density: 0.62, pressureAt20: 140, perDegree: 0.035 }, // 1,3-butadiene
  '68476-85-7': { density: 0.55, pressureAt20: 700, perDegree: 0.03 }, // LPG
  '7664-41-7': { density: 0.61, pressureAt20: 760, perDegree: 0.03 }, // ammonia
  '75-01-4': { density: 0.91, pressureAt20: 240, perDegree: 0.033 }, // vinyl chloride
  '67-64-1': { density: 0.79 }, // acetone
  '71-43-2': { density: 0.88 }, // benzene
  '1310-73-2': { density: 1.35 }, // caustic soda 32 %
  '64-17-5': { density: 0.79 }, // ethanol
  '141-78-6': { density: 0.9 }, // ethyl acetate
  '86290-81-5': { density: 0.74 }, // gasoline
  '7647-01-0': { density: 1.15 }, // hydrochloric acid 31 %
  '67-56-1': { density: 0.79 }, // methanol
  '7664-93-9': { density: 1.84 }, // sulfuric acid 98 %
  '108-88-3': { density: 0.87 }, // toluene
}

/** Flammable liquids: the tanks a scripted leak may start from. */
export const flammableLiquidCas = new Set([
  '86290-81-5',
  '67-56-1',
  '71-43-2',
  '108-88-3',
  '67-64-1',
  '64-17-5',
  '141-78-6',
])

/** Clean-air readings of gas detectors: mean and noise (sd), in the detector's unit. */
export const gasBaseline: Record<string, { mean: number; sd: number; resolution: number }> = {
  combustible: { mean: 0.8, sd: 0.35, resolution: 0.1 }, // %LEL
  Cl2: { mean: 0.02, sd: 0.01, resolution: 0.01 }, // ppm; first alarm 0.34
  HCl: { mean: 0.2, sd: 0.08, resolution: 0.01 }, // ppm; first alarm 4.9
  NH3: { mean: 2, sd: 0.6, resolution: 0.1 }, // ppm; first alarm 42
}
