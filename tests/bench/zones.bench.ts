// Geofence throughput: fence checks per second of the in-memory engine for 500 tags wandering the seeded
// park's 50 zones (closed-area.md: Tile38 falls to ~6,000 checks/s with 23k fences). A check is one sample
// against every zone (samples × zones); the engine itself only tests the rbush candidates exactly.
// Run: node --import tsx tests/bench/zones.bench.ts  → prints and writes tests/bench/results/zones.json
import { mkdirSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { readPark } from '../../geodata/read'
import { GeofenceEngine, type GeoSample } from '../../server/modules/zones/geofence.engine'
import { compileZone, type ZoneRow } from '../../server/modules/zones/zone-shapes'

const tags = 500
const steps = 600 // ten minutes at one sample per second
const park = readPark()
const rows: ZoneRow[] = park.zones.features.map((f) => {
  const { name, zone_type, enterprise_id, ...props } = f.properties as unknown as Record<string, unknown>
  return {
    id: String(f.id),
    name: String(name),
    zone_type: String(zone_type),
    enterprise_id: (enterprise_id as string | undefined) ?? null,
    props,
    geom: f.geometry as ZoneRow['geom'],
  }
})
const zones = rows.map((r) => compileZone(r).zone)
const [w, s, e, n] = zones.reduce(
  (b, z) => [
    Math.min(b[0], z.bbox[0]),
    Math.min(b[1], z.bbox[1]),
    Math.max(b[2], z.bbox[2]),
    Math.max(b[3], z.bbox[3]),
  ],
  [Infinity, Infinity, -Infinity, -Infinity],
)

// deterministic random walks (LCG) inside the zones' extent, 5–60 km/h
let seed = 20261128
const rnd = () => (seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32
const t0 = Date.parse('2026-11-27T02:00:00Z')
const pos = Array.from({ length: tags }, () => ({
  lon: w + rnd() * (e - w),
  lat: s + rnd() * (n - s),
  h: rnd() * 2 * Math.PI,
}))
const samples: GeoSample[] = []
for (let k = 0; k < steps; k++)
  for (let i = 0; i < tags; i++) {
    const p = pos[i]!
    const v = 5 + rnd() * 55
    p.h += (rnd() - 0.5) * 0.6
    p.lon = Math.min(e, Math.max(w, p.lon + (Math.sin(p.h) * v) / 3.6 / 94_500))
    p.lat = Math.min(n, Math.max(s, p.lat + (Math.cos(p.h) * v) / 3.6 / 111_195))
    samples.push({
      tag_id: `B${i}`,
      t: new Date(t0 + k * 1000).toISOString(),
      lon: p.lon,
      lat: p.lat,
      speed_kmh: v,
    })
  }

const engine = new GeofenceEngine(zones)
// warm-up on a separate engine, then the measured run
const warm = new GeofenceEngine(zones)
for (const x of samples.slice(0, 20_000)) warm.process(x)
let events = 0
const start = process.hrtime.bigint()
for (const x of samples) events += engine.process(x).length
const seconds = Number(process.hrtime.bigint() - start) / 1e9

const result = {
  bench: 'geofence engine (in memory)',
  at: new Date().toISOString(),
  node: process.version,
  tags,
  zones: zones.length,
  samples: samples.length,
  events,
  seconds: Math.round(seconds * 1000) / 1000,
  samples_per_s: Math.round(samples.length / seconds),
  fence_checks_per_s: Math.round((samples.length * zones.length) / seconds),
}
console.log(JSON.stringify(result, null, 2))
const dir = fileURLToPath(new URL('./results/', import.meta.url))
mkdirSync(dir, { recursive: true })
writeFileSync(`${dir}zones.json`, JSON.stringify(result, null, 2) + '\n')
