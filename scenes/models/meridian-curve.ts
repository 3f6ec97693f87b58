import { Curve, Vector3 } from 'three'

/**
 * An arc over a sphere (radius r, centre (0, centreY, 0)) along the meridian at azimuth `azimuthRad`
 * (0 = +X), from polar angle p0 to p1 (radians from +Y).
 */
export class MeridianCurve extends Curve<Vector3> {
  constructor(
    private readonly r: number,
    private readonly centreY: number,
    private readonly p0: number,
    private readonly p1: number,
    private readonly azimuthRad: number,
  ) {
    super()
  }

  override getPoint(t: number, target = new Vector3()): Vector3 {
    const p = this.p0 + (this.p1 - this.p0) * t
    const horiz = this.r * Math.sin(p)
    return target.set(
      horiz * Math.cos(this.azimuthRad),
      this.centreY + this.r * Math.cos(p),
      horiz * Math.sin(this.azimuthRad),
    )
  }
}
