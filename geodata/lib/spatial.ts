// Spatial helpers for the validator: an R-tree over rings in metres, and polygon overlap by the
// area of the exact intersection (turf / polyclip), which ignores shared edges and corners.
import { area, featureCollection, intersect, polygon as turfPolygon } from '@turf/turf'
import RBush from 'rbush'
import type { Polygon } from '../../server/contracts/geo'
import { boxOf, type Box, type Ring } from './polygon'

export interface Indexed<T> extends Box {
  item: T
}

export function indexRings<T>(items: readonly T[], ringOf: (item: T) => Ring, padM = 0): RBush<Indexed<T>> {
  const tree = new RBush<Indexed<T>>()
  tree.load(items.map((item) => ({ ...boxOf(ringOf(item), padM), item })))
  return tree
}

/** overlap in m² of two polygons given in degrees */
export function overlapAreaM2(a: Polygon, b: Polygon): number {
  const shared = intersect(featureCollection([turfPolygon(a.coordinates), turfPolygon(b.coordinates)]))
  return shared ? area(shared) : 0
}

/** every unordered pair whose boxes meet, each pair once */
export function candidatePairs<T>(items: readonly T[], ringOf: (item: T) => Ring, padM = 0): [T, T][] {
  const tree = indexRings(items, ringOf, padM)
  const order = new Map(items.map((item, i) => [item, i]))
  const pairs: [T, T][] = []
  items.forEach((item, i) => {
    for (const hit of tree.search(boxOf(ringOf(item), padM)))
      if (order.get(hit.item)! > i) pairs.push([item, hit.item])
  })
  return pairs
}
