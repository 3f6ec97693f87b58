import { describe, expect, it } from 'vitest'
import { centerIds, centers, centerScene, isCenterId, twinLayerIds } from '../../../../scenes/centers'

describe('scenes/centers presets', () => {
  it('defines the five centers in navigation order', () => {
    expect(centers.map((c) => c.id)).toEqual(['about', 'emergency', 'safety', 'environment', 'management'])
    expect(centerIds).toEqual(centers.map((c) => c.id))
    expect(centers.map((c) => c.name)).toEqual([
      '关于园区',
      '应急指挥中心',
      '安全监管中心',
      '环保监管中心',
      '智慧管理',
    ])
  })

  it.each(centers.map((c) => [c.id, c] as const))('%s has a camera over the park', (_id, c) => {
    const cam = c.camera
    expect(cam.lon_deg).toBeGreaterThan(120.9)
    expect(cam.lon_deg).toBeLessThan(121.0)
    expect(cam.lat_deg).toBeGreaterThan(31.88) // oblique cameras stand a little south of the park
    expect(cam.lat_deg).toBeLessThan(32.0)
    expect(cam.height_m).toBeGreaterThan(300)
    expect(cam.height_m).toBeLessThan(10_000)
    expect(cam.pitch_deg).toBeGreaterThanOrEqual(-90)
    expect(cam.pitch_deg).toBeLessThanOrEqual(-20)
    expect(Math.abs(cam.heading_deg)).toBeLessThanOrEqual(360)
    expect(c.name_en.length).toBeGreaterThan(0)
  })

  it.each(centers.map((c) => [c.id, c] as const))('%s shows known layers, always the ground', (_id, c) => {
    for (const layer of c.layers) expect(twinLayerIds).toContain(layer)
    expect(new Set(c.layers).size).toBe(c.layers.length)
    expect(c.layers).toContain('ground')
  })

  it('emphasises what each center is about', () => {
    expect(centerScene('emergency').layers).toEqual(
      expect.arrayContaining(['tags', 'muster-points', 'fire-facilities']),
    )
    expect(centerScene('environment').layers).toContain('monitor-points')
    expect(centerScene('safety').layers).toContain('gas-detectors')
  })

  it('recognises center ids', () => {
    expect(isCenterId('safety')).toBe(true)
    expect(isCenterId('nope')).toBe(false)
    expect(() => centerScene('nope' as never)).toThrow()
  })
})
