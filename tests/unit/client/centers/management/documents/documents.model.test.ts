import { describe, expect, it } from 'vitest'
import {
  complianceByEnterprise,
  formatSize,
  parseDays,
  parseTags,
  sortDocuments,
  uploadQuery,
  viewerKind,
} from '../../../../../../client/centers/management/documents/documents.model'

const doc = (title: string, validity: 'valid' | 'expiring' | 'expired' | 'none', expires: string | null) => ({
  title,
  validity,
  current: expires ? ({ expires_on: expires } as never) : null,
})

describe('documents model', () => {
  it('orders expired, expiring (soonest first), valid, then no expiry', () => {
    const sorted = sortDocuments([
      doc('d', 'none', null),
      doc('c', 'valid', '2027-01-01'),
      doc('b2', 'expiring', '2026-06-20'),
      doc('b1', 'expiring', '2026-06-05'),
      doc('a', 'expired', '2026-01-01'),
    ])
    expect(sorted.map((d) => d.title)).toEqual(['a', 'b1', 'b2', 'c', 'd'])
  })

  it('sizes, viewer kinds and tags', () => {
    expect(formatSize(512)).toBe('512 B')
    expect(formatSize(2048)).toBe('2 KB')
    expect(formatSize(3 * 1024 * 1024)).toBe('3.0 MB')
    expect(viewerKind('application/pdf')).toBe('pdf')
    expect(viewerKind('image/png')).toBe('image')
    expect(viewerKind('image/svg+xml')).toBeNull()
    expect(viewerKind('application/msword')).toBeNull()
    expect(parseTags(' 许可证，危化品, ,许可证,环保 ')).toEqual(['许可证', '危化品', '环保'])
  })

  it('builds the upload query: empty fields left out; the park owns without an id; public only for the park', () => {
    const base = {
      title: ' 安全生产许可证 ',
      doc_type: 'licence' as const,
      owner_type: 'enterprise' as const,
      owner_id: 'E01',
      doc_number: '',
      tags: 'a, b',
      issued_on: '',
      expires_on: '2026-07-01',
      public: true,
    }
    expect(uploadQuery(base)).toEqual({
      title: '安全生产许可证',
      doc_type: 'licence',
      owner_type: 'enterprise',
      owner_id: 'E01',
      tags: 'a,b',
      expires_on: '2026-07-01',
    })
    expect(uploadQuery({ ...base, owner_type: 'park', doc_type: 'policy' })).toMatchObject({
      owner_type: 'park',
      public: 'true',
    })
    expect(uploadQuery({ ...base, owner_type: 'park' }).owner_id).toBeUndefined()
  })

  it('parses reminder days', () => {
    expect(parseDays('7, 90，30 0')).toEqual([90, 30, 7, 0])
    expect(parseDays('30, 30')).toBeNull()
    expect(parseDays('-1')).toBeNull()
    expect(parseDays('abc')).toBeNull()
    expect(parseDays('4000')).toBeNull()
    expect(parseDays('')).toEqual([])
  })

  it('folds compliance cells to one row per enterprise, park first', () => {
    const rows = complianceByEnterprise(
      [
        { enterprise_id: 'E02', enterprise_name: '石化', valid: 1, expiring: 0, expired: 1, none: 0 },
        { enterprise_id: null, enterprise_name: null, valid: 2, expiring: 1, expired: 0, none: 3 },
        { enterprise_id: 'E01', enterprise_name: '氯碱', valid: 1, expiring: 2, expired: 0, none: 0 },
        { enterprise_id: 'E01', enterprise_name: '氯碱', valid: 0, expiring: 0, expired: 1, none: 1 },
      ],
      '园区',
    )
    expect(rows.map((r) => [r.label, r.valid, r.expiring, r.expired, r.none])).toEqual([
      ['园区', 2, 1, 0, 3],
      ['氯碱', 1, 2, 1, 1],
      ['石化', 1, 0, 1, 0],
    ])
  })
})
