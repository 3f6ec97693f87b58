import {
  BoundingSphere,
  Cartesian3,
  GeometryInstance,
  PerInstanceColorAppearance,
  PointPrimitiveCollection,
  PolygonGeometry,
  PolygonHierarchy,
  PolylineColorAppearance,
  PolylineGeometry,
  Primitive,
  type Viewer,
} from 'cesium'
import type { RiskMap } from '../../../server/contracts/risk'
import type { ParkData } from '../../app/park-data'
import { riskMapOverlay, type RiskMapOverlay } from '../../centers/safety/dual-prevention/dual-model'
import type { Store } from '../../core/store'
import { batch, closedRingPositions, colorAttribute, cssColor, present, ringPositions } from '../cesium-util'
import { riskHex } from '../palette'
import { overlayPickId, overlayRef, type Selection } from '../pick-id'
import type { TwinLayer, TwinState } from '../twin-layer'

/** the layer bar's id (scenes/centers.ts) */
export const riskMapLayerId = 'risk-map'
export const riskPointKind = 'risk_point'

// heights above the ellipsoid: the tint over the parcels (0.45 m), units above it, points on top
const H = { parcel: 0.5, parcelLine: 1.0, unit: 0.6, unitLine: 1.2, point: 4 }

/**
 * The four-colour risk map (四色图): every enterprise parcel tinted and outlined in the colour of its highest current
 * risk point, every risk unit (tank farm dike, building footprint) filled in its own colour, and the risk points as
 * pickable coloured points (`overlay:risk_point/<id>`; their LEC in the details panel). Drawn from the overlay store
 * the 双重预防 tab fills; the tint is not pickable, so a click still selects the parcel below it.
 */
export function riskMapLayer(overlay: Store<RiskMapOverlay> = riskMapOverlay): TwinLayer {
  let viewer: Viewer | null = null
  let drawn: { map: RiskMap | null; data: ParkData | null } = { map: null, data: null }
  let fills: Primitive[] = []
  let points: PointPrimitiveCollection | null = null
  let shown = false
  let stop: (() => void) | null = null
  let lastState: TwinState | null = null

  function clear(): void {
    for (const p of fills) viewer?.scene.primitives.remove(p)
    fills = []
    points?.removeAll()
  }

  function build(map: RiskMap | null, data: ParkData): void {
    clear()
    if (!viewer || !map) return
    const parcels = map.enterprises
      .map((e) => ({ e, f: data.enterpriseById.get(e.enterprise_id) }))
      .filter((x) => x.e.colour && (x.f?.geometry.coordinates[0]?.length ?? 0) >= 4)
    const units = map.units.filter((u) => u.colour).flatMap((u) => u.outlines.map((ring) => ({ u, ring })))
    const fillOf = (ring: readonly [number, number][], height: number, hex: string, alpha: number) =>
      new GeometryInstance({
        geometry: new PolygonGeometry({
          polygonHierarchy: new PolygonHierarchy(ringPositions(ring)),
          height,
          vertexFormat: PerInstanceColorAppearance.FLAT_VERTEX_FORMAT,
        }),
        attributes: { color: colorAttribute(hex, alpha) },
      })
    const lineOf = (ring: readonly [number, number][], height: number, hex: string, width: number) =>
      new GeometryInstance({
        geometry: new PolylineGeometry({ positions: closedRingPositions(ring, height), width }),
        attributes: { color: colorAttribute(hex, 0.95) },
      })
    const ringOf = (f: ParkData['enterprises']['features'][number]) =>
      f.geometry.coordinates[0] as unknown as [number, number][]
    fills = [
      batch(
        [
          ...parcels.map(({ e, f }) => fillOf(ringOf(f!), H.parcel, riskHex[e.colour!], 0.22)),
          ...units
            .filter((x) => x.ring.length >= 4)
            .map(({ u, ring }) => fillOf(ring, H.unit, riskHex[u.colour!], 0.5)),
        ],
        {
          appearance: new PerInstanceColorAppearance({ flat: true, translucent: true }),
          allowPicking: false,
        },
      ),
      batch(
        [
          ...parcels.map(({ e, f }) => lineOf(ringOf(f!), H.parcelLine, riskHex[e.colour!], 4)),
          ...units
            .filter((x) => x.ring.length >= 4)
            .map(({ u, ring }) => lineOf(ring, H.unitLine, riskHex[u.colour!], 2)),
        ],
        { appearance: new PolylineColorAppearance({ translucent: true }), allowPicking: false },
      ),
    ].filter(present)
    for (const p of fills) viewer.scene.primitives.add(p)
    for (const p of map.points)
      points!.add({
        id: overlayPickId(riskPointKind, p.id),
        position: Cartesian3.fromDegrees(p.lon, p.lat, H.point),
        pixelSize: 12,
        color: cssColor(p.colour ? riskHex[p.colour] : '#8aa0b8'),
        outlineColor: cssColor('#03101f'),
        outlineWidth: 2,
        disableDepthTestDistance: Number.POSITIVE_INFINITY,
      })
  }

  function apply(state: TwinState): void {
    if (!viewer) return
    const map = overlay.get().map
    if (map !== drawn.map || state.data !== drawn.data) {
      build(map, state.data)
      drawn = { map, data: state.data }
    }
    shown = state.visible.has(riskMapLayerId)
    for (const p of fills) p.show = shown
    if (points) points.show = shown
    viewer.scene.requestRender()
  }

  return {
    id: riskMapLayerId,
    mount(v) {
      viewer = v
      points = v.scene.primitives.add(new PointPrimitiveCollection()) as PointPrimitiveCollection
      stop = overlay.subscribe(() => {
        if (lastState) apply(lastState)
      })
    },
    update(state) {
      lastState = state
      apply(state)
    },
    // nothing to draw (or hidden: Cesium creates no hidden primitive) is ready at once; else once created
    isReady: () => !shown || fills.every((p) => p.ready),
    sphereOf(selection: Selection, result: BoundingSphere) {
      const ref = overlayRef(selection)
      if (ref?.kind !== riskPointKind) return undefined
      const p = overlay.get().map?.points.find((x) => x.id === ref.id)
      if (!p) return undefined
      Cartesian3.fromDegrees(p.lon, p.lat, H.point, undefined, result.center)
      result.radius = 40
      return result
    },
    destroy() {
      stop?.()
      clear()
      if (points) viewer?.scene.primitives.remove(points)
      points = null
      viewer = null
    },
  }
}
