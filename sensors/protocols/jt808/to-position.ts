// Maps a decoded 0x0200 location onto the pipeline's PositionSample (server/contracts/live.ts).
// Which tag a terminal is (a vehicle, a hazmat truck, a badge) is the platform's registry, not the
// protocol's: this returns the terminal key next to the sample and leaves tag_id to ingest.
import type { PositionSample } from '../../../server/contracts/live'
import type { Jt808Location } from './messages/location'

export interface TerminalPosition {
  /** terminal key, normally header.terminal (phone without leading zeros) */
  terminal: string
  sample: Omit<PositionSample, 'tag_id'>
}

/**
 * Null when the report is not a usable position: not fixed (status bit 1 clear, the terminal
 * repeats a stale or zero fix), no valid time, 0/0 coordinates or out of range. Positions stay in
 * the reported datum (WGS-84/CGCS2000, treated as EPSG:4326); no GCJ-02 shift here.
 */
export function toPositionSample(
  terminal: string,
  loc: Jt808Location,
  source = 'jt808',
): TerminalPosition | null {
  const { lat, lon } = loc
  if (!loc.flags.fixed || loc.time === null) return null
  if (!Number.isFinite(lat) || !Number.isFinite(lon) || (lat === 0 && lon === 0)) return null
  if (Math.abs(lat) > 90 || Math.abs(lon) > 180) return null
  return {
    terminal,
    sample: {
      t: loc.time,
      lat,
      lon,
      // out-of-contract values (bad sensor, vendor sentinel 0xFFFF) become unknown, not errors
      speed_kmh: loc.speedKmh <= 400 ? loc.speedKmh : null,
      heading_deg: loc.headingDeg <= 360 ? loc.headingDeg : null,
      source: source.slice(0, 32),
    },
  }
}
