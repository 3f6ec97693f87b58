// Levels of concern → the three threat zones (shared/domain/hazard-models.md):
//   toxic        red AEGL-3 (else ERPG-3) · orange AEGL-2 (else ERPG-2, else IDLH) · yellow AEGL-1 (else ERPG-1)
//   thermal      10 / 5 / 2 kW/m² (60 s: lethal / 2nd-degree burns / pain)
//   overpressure 8.0 / 3.5 / 1.0 psi (buildings destroyed / serious injury likely / glass shatters)
//   flammable    60 % LEL (flame pockets) · — · 10 % LEL
// AEGLs are the 60-minute values.

export const zoneLevels = ['red', 'orange', 'yellow'] as const
export type ZoneLevel = (typeof zoneLevels)[number]

export interface LevelOfConcern {
  level: ZoneLevel
  /** what the threshold is, e.g. 'AEGL-3', '10 kW/m²', '60% LEL' */
  basis: string
  value: number
  unit: 'ppm' | 'kW/m2' | 'psi'
}

export interface ToxicLimits {
  aegl1_ppm: number | null
  aegl2_ppm: number | null
  aegl3_ppm: number | null
  erpg1_ppm: number | null
  erpg2_ppm: number | null
  erpg3_ppm: number | null
  idlh_ppm: number | null
}

type Candidate = [string, number | null]
const first = (level: ZoneLevel, cs: Candidate[]): LevelOfConcern | null => {
  for (const [basis, value] of cs) if (value != null && value > 0) return { level, basis, value, unit: 'ppm' }
  return null
}

export type LocOverride = Partial<Record<ZoneLevel, number>>

/** Toxic levels of a chemical; an override (ppm) replaces a level and is labelled 'user'. */
export function toxicLevels(c: ToxicLimits, override: LocOverride = {}): LevelOfConcern[] {
  const pick = (level: ZoneLevel, cs: Candidate[]) =>
    override[level] != null
      ? ({ level, basis: 'user', value: override[level], unit: 'ppm' } as LevelOfConcern)
      : first(level, cs)
  return [
    pick('red', [
      ['AEGL-3', c.aegl3_ppm],
      ['ERPG-3', c.erpg3_ppm],
    ]),
    pick('orange', [
      ['AEGL-2', c.aegl2_ppm],
      ['ERPG-2', c.erpg2_ppm],
      ['IDLH', c.idlh_ppm],
    ]),
    pick('yellow', [
      ['AEGL-1', c.aegl1_ppm],
      ['ERPG-1', c.erpg1_ppm],
    ]),
  ].filter((l): l is LevelOfConcern => l !== null)
}

export const thermalLevels: readonly LevelOfConcern[] = [
  { level: 'red', basis: '10 kW/m²', value: 10, unit: 'kW/m2' },
  { level: 'orange', basis: '5 kW/m²', value: 5, unit: 'kW/m2' },
  { level: 'yellow', basis: '2 kW/m²', value: 2, unit: 'kW/m2' },
]

export const overpressureLevels: readonly LevelOfConcern[] = [
  { level: 'red', basis: '8.0 psi', value: 8, unit: 'psi' },
  { level: 'orange', basis: '3.5 psi', value: 3.5, unit: 'psi' },
  { level: 'yellow', basis: '1.0 psi', value: 1, unit: 'psi' },
]

/** Flammable-cloud levels from the LEL (% v/v): 60 % and 10 % of it, in ppm. */
export function flammableLevels(lelPct: number): LevelOfConcern[] {
  const ppm = lelPct * 10_000
  return [
    { level: 'red', basis: '60% LEL', value: 0.6 * ppm, unit: 'ppm' },
    { level: 'yellow', basis: '10% LEL', value: 0.1 * ppm, unit: 'ppm' },
  ]
}
