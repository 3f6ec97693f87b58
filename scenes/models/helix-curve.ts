import { Curve, Vector3 } from 'three'

/** A helix around the Y axis: radius r, from angle a0 to a1 (radians), rising from y0 to y1. */
export class HelixCurve extends Curve<Vector3> {
  constructor(
    private readonly radius: number,
    private readonly a0: number,
    private readonly a1: number,
    private readonly y0: number,
    private readonly y1: number,
  ) {
    super()
  }

  override getPoint(t: number, target = new Vector3()): Vector3 {
    const a = this.a0 + (this.a1 - this.a0) * t
    return target.set(this.radius * Math.cos(a), this.y0 + (this.y1 - this.y0) * t, this.radius * Math.sin(a))
  }
}
