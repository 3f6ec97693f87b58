import { describe, expect, it } from 'vitest'
import { gatePhotoUrl, resolvePhotoRef } from '../../../../../server/modules/video/gate-photo-ref'

describe('gate event photo references', () => {
  it.each([
    ['demo:plate-hazmat.jpg', { kind: 'demo', file: 'plate-hazmat.jpg' }],
    ['demo:plate-blue.jpg', { kind: 'demo', file: 'plate-blue.jpg' }],
    ['https://anpr.example/snap/1.jpg?sig=a', { kind: 'url', url: 'https://anpr.example/snap/1.jpg?sig=a' }],
    ['http://10.2.0.9/pic/1.jpg', { kind: 'url', url: 'http://10.2.0.9/pic/1.jpg' }],
  ])('resolves %s', (ref, source) => {
    expect(resolvePhotoRef(ref)).toEqual(source)
  })

  it.each([
    null,
    '',
    'demo:other.jpg',
    'demo:../../server/main.ts',
    'ftp://anpr/1.jpg',
    'javascript:alert(1)',
    'https://user:pw@anpr.example/1.jpg',
    '2026/11/28/G1-1.jpg',
  ])('does not resolve %j', (ref) => {
    expect(resolvePhotoRef(ref)).toBeNull()
  })

  it('gives the record a photo URL only when the reference resolves', () => {
    expect(gatePhotoUrl('42', 'demo:plate-blue.jpg')).toBe('/api/v1/gate-events/42/photo')
    expect(gatePhotoUrl('42', 'https://anpr.example/1.jpg')).toBe('/api/v1/gate-events/42/photo')
    expect(gatePhotoUrl('42', 'C:\\anpr\\1.jpg')).toBeNull()
    expect(gatePhotoUrl('42', null)).toBeNull()
  })
})
