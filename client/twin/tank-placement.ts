// How a unit-sized tank model (scenes/build-models.ts, scenes/models/*) is scaled and turned to a
// tank's dimensions. Local frame: x east, y north, z up, metres. The models are glTF y-up; loaded
// with forwardAxis X, Cesium maps glTF (x, y, z) to local (x, -z, y), so glTF +X stays east:
// vertical = shell diameter 1 × height 1, spherical = sphere diameter 1 on legs (bottom at 0.15,
// top at 1.15), horizontal = length 1 along +x × diameter 1 on saddles (shell 0.2…1.2); base at 0.

export type TankType = 'vertical' | 'spherical' | 'horizontal'

export interface TankShape {
  tank_type: TankType
  diameter_m: number
  /** shell height (vertical), = diameter (spherical), shell length (horizontal) */
  height_m: number
  /** horizontal tanks: axis bearing, degrees clockwise from north */
  axis_deg?: number
}

export interface TankPlacement {
  model: TankType
  /** scale along local x (east), y (north), z (up) */
  scale: [number, number, number]
  /** rotation about the up axis, degrees counter-clockwise from east (math convention) */
  rotation_deg: number
  /** height of the visual centre above the base, m */
  centre_height_m: number
  /** overall height of the tank above the base, m */
  top_m: number
}

/** Model proportions as multiples of the diameter (scenes/models/spherical-tank.ts, horizontal-tank.ts). */
export const sphereCentreRatio = 0.65
export const horizontalAxisRatio = 0.7

export function isTankType(value: unknown): value is TankType {
  return value === 'vertical' || value === 'spherical' || value === 'horizontal'
}

export function tankPlacement(tank: TankShape): TankPlacement {
  const d = positive(tank.diameter_m, 10)
  const h = positive(tank.height_m, d)
  switch (tank.tank_type) {
    case 'vertical':
      return { model: 'vertical', scale: [d, d, h], rotation_deg: 0, centre_height_m: h / 2, top_m: h }
    case 'spherical':
      return {
        model: 'spherical',
        scale: [d, d, d],
        rotation_deg: 0,
        centre_height_m: d * sphereCentreRatio,
        top_m: d * (sphereCentreRatio + 0.5),
      }
    case 'horizontal':
      // The model's axis lies along +x (bearing 90°); turn it to the tank's bearing.
      return {
        model: 'horizontal',
        scale: [h, d, d],
        rotation_deg: normaliseDeg(90 - (tank.axis_deg ?? 90)),
        centre_height_m: d * horizontalAxisRatio,
        top_m: d * (horizontalAxisRatio + 0.5),
      }
  }
}

function positive(value: number, fallback: number): number {
  return Number.isFinite(value) && value > 0 ? value : fallback
}

function normaliseDeg(deg: number): number {
  const r = deg % 360
  return r < 0 ? r + 360 : r
}
