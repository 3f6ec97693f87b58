// The declare form's release at a map point (地图选点): the point-in-park hint, the body sent, and the form row
// a server 400 names.
import { describe, expect, it } from 'vitest'
import type { Position } from '../../../../server/contracts/geo'
import {
  buildDeclareBody,
  declareFieldRow,
  defaultDeclareForm,
  insidePolygon,
  pointText,
} from '../../../../client/centers/emergency/incident-model'

// a 2 × 2 square park (degrees) with a 0.5 × 0.5 hole at its middle
const outer: Position[] = [
  [120, 31],
  [122, 31],
  [122, 33],
  [120, 33],
  [120, 31],
]
const hole: Position[] = [
  [120.75, 31.75],
  [121.25, 31.75],
  [121.25, 32.25],
  [120.75, 32.25],
  [120.75, 31.75],
]
// an L-shaped park: the notch at the top right is outside
const ell: Position[] = [
  [0, 0],
  [2, 0],
  [2, 1],
  [1, 1],
  [1, 2],
  [0, 2],
  [0, 0],
]

describe('insidePolygon', () => {
  it('tells inside from outside, holes and notches outside', () => {
    expect(insidePolygon({ lon: 120.5, lat: 31.5 }, [outer])).toBe(true)
    expect(insidePolygon({ lon: 123, lat: 32 }, [outer])).toBe(false)
    expect(insidePolygon({ lon: 121, lat: 30.99 }, [outer])).toBe(false)
    expect(insidePolygon({ lon: 121, lat: 32 }, [outer, hole])).toBe(false)
    expect(insidePolygon({ lon: 120.5, lat: 32 }, [outer, hole])).toBe(true)
    expect(insidePolygon({ lon: 1.5, lat: 1.5 }, [ell])).toBe(false)
    expect(insidePolygon({ lon: 0.5, lat: 1.5 }, [ell])).toBe(true)
    expect(insidePolygon({ lon: 1.5, lat: 0.5 }, [ell])).toBe(true)
  })

  it('counts a point on the boundary as inside (as ST_Covers does), a hole edge too', () => {
    expect(insidePolygon({ lon: 120, lat: 32 }, [outer])).toBe(true)
    expect(insidePolygon({ lon: 122, lat: 33 }, [outer])).toBe(true)
    expect(insidePolygon({ lon: 121, lat: 31.75 }, [outer, hole])).toBe(true)
    expect(insidePolygon({ lon: 1.5, lat: 1 }, [ell])).toBe(true)
  })

  it('is false without a ring', () => {
    expect(insidePolygon({ lon: 0, lat: 0 }, [])).toBe(false)
  })
})

describe('buildDeclareBody at a map point', () => {
  const base = { ...defaultDeclareForm(), source: 'point' as const, stability: 'D' as const }

  it('sends the point and the chosen chemical instead of an asset', () => {
    const f = { ...base, point: { lon: 121.5, lat: 31.5 }, chemical_id: 'chlorine', asset_id: 'T-E01-01' }
    expect(buildDeclareBody(f, [outer])).toEqual({
      body: {
        kind: 'leak',
        point: { lon: 121.5, lat: 31.5 },
        chemical_id: 'chlorine',
        rate_gs: 1000,
        duration_s: 600,
        weather: { wind_speed_ms: 3, wind_from_deg: 90, stability: 'D' },
      },
    })
    // no boundary known: the server decides
    expect(buildDeclareBody({ ...f, point: { lon: 0, lat: 0 } }, null)).toMatchObject({
      body: { point: { lon: 0, lat: 0 } },
    })
  })

  it('needs a point, inside the park, and a chemical — in that order', () => {
    expect(buildDeclareBody({ ...base, chemical_id: 'chlorine' }, [outer])).toEqual({ error: 'err.point' })
    expect(
      buildDeclareBody({ ...base, point: { lon: 123, lat: 32 }, chemical_id: 'chlorine' }, [outer]),
    ).toEqual({ error: 'err.outside' })
    expect(buildDeclareBody({ ...base, point: { lon: 121.5, lat: 31.5 } }, [outer])).toEqual({
      error: 'err.chemical',
    })
  })

  it('keeps the asset form unchanged when the source is a tank', () => {
    const f = { ...defaultDeclareForm(), asset_id: 'T1', point: { lon: 1, lat: 1 }, chemical_id: 'x' }
    const built = buildDeclareBody(f, [outer])
    expect(built).toMatchObject({ body: { asset_id: 'T1' } })
    expect('body' in built && 'point' in built.body).toBe(false)
    expect('body' in built && 'chemical_id' in built.body).toBe(false)
  })
})

describe('declare form helpers', () => {
  it('maps the field of a server 400 to the form row', () => {
    expect(declareFieldRow('point')).toBe('point')
    expect(declareFieldRow('point.lon')).toBe('point')
    expect(declareFieldRow('chemical_id')).toBe('chemical')
    expect(declareFieldRow('asset_id')).toBe('source')
    expect(declareFieldRow('rate_gs')).toBe('rate')
    expect(declareFieldRow('weather.wind_speed_ms')).toBe('speed')
    expect(declareFieldRow('weather.wind_from_deg')).toBe('from')
    expect(declareFieldRow('weather.cloud_cover_oktas')).toBe('cloud')
    expect(declareFieldRow('release_height_m')).toBeNull()
    expect(declareFieldRow(undefined)).toBeNull()
  })

  it('writes a point with hemispheres', () => {
    expect(pointText({ lon: 120.948123, lat: 31.949104 })).toBe('120.94812°E, 31.94910°N')
    expect(pointText({ lon: -0.5, lat: -33.25 })).toBe('0.50000°W, 33.25000°S')
  })
})
