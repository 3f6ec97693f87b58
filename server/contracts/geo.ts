// Minimal GeoJSON types (RFC 7946). Coordinates are [lon, lat] in degrees (EPSG:4326).
export type Position = [number, number] | [number, number, number]
export interface Point {
  type: 'Point'
  coordinates: Position
}
export interface LineString {
  type: 'LineString'
  coordinates: Position[]
}
export interface Polygon {
  type: 'Polygon'
  coordinates: Position[][]
}
export interface MultiPolygon {
  type: 'MultiPolygon'
  coordinates: Position[][][]
}
export type Geometry = Point | LineString | Polygon | MultiPolygon

export interface Feature<G extends Geometry = Geometry, P = Record<string, unknown>> {
  type: 'Feature'
  id: string
  geometry: G
  properties: P
}
export interface FeatureCollection<G extends Geometry = Geometry, P = Record<string, unknown>> {
  type: 'FeatureCollection'
  features: Feature<G, P>[]
}
