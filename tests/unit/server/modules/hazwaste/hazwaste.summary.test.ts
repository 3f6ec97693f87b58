import { describe, expect, it } from 'vitest'
import { buildSummary } from '../../../../../server/modules/hazwaste/hazwaste.summary'
import type { PositionRow } from '../../../../../server/modules/hazwaste/hazwaste.repository'

const facility = (id: string, limit: number) => ({
  id,
  enterprise_id: 'E01',
  name: id,
  name_en: null,
  kind: 'warehouse' as const,
  permitted_limit_t: limit,
  created_at: '2026-01-01T00:00:00.000Z',
})
const position = (
  facility_id: string,
  stream_id: string,
  stock: number,
  oldest: string | null,
): PositionRow => ({
  stream_id,
  facility_id,
  enterprise_id: 'E01',
  hw_category: 'HW08',
  waste_code: '900-249-08',
  name: stream_id,
  name_en: null,
  facility_name: facility_id,
  generated_t: stock + 1,
  shipped_t: 1,
  stock_t: stock,
  reserved_t: 0,
  oldest_batch_day: oldest,
})

describe('hazardous-waste summary', () => {
  it('sums facilities per enterprise, flags the facility over its limit and keeps the worst storage age', () => {
    const s = buildSummary(
      [{ enterprise_id: 'E01', name: '企业', name_en: 'Ent', open_manifests: 2 }],
      [facility('F1', 10), facility('F2', 5)],
      [
        position('F1', 'S1', 4.1, '2026-10-01'),
        position('F1', 'S2', 2.2, '2025-11-01'),
        position('F2', 'S1', 5.5, '2026-11-01'),
      ],
      '2026-11-20',
    )
    const [e] = s.enterprises
    expect(e).toMatchObject({
      stock_t: 11.8,
      permitted_limit_t: 15,
      fill_pct: 78.7,
      over_limit: true,
      oldest_batch_day: '2025-11-01',
      oldest_batch_age_days: 384,
      storage_state: 'over_1y',
      open_manifests: 2,
    })
    expect(
      e!.facilities.map((f) => [f.facility_id, f.stock_t, f.fill_pct, f.over_limit, f.storage_state]),
    ).toEqual([
      ['F1', 6.3, 63, false, 'over_1y'],
      ['F2', 5.5, 110, true, 'ok'],
    ])
  })
  it('an empty position has no batch age', () => {
    const s = buildSummary(
      [{ enterprise_id: 'E01', name: '企业', name_en: null, open_manifests: 0 }],
      [facility('F1', 10)],
      [position('F1', 'S1', 0, '2024-01-01')],
      '2026-11-20',
    )
    expect(s.enterprises[0]).toMatchObject({ stock_t: 0, oldest_batch_day: null, storage_state: 'ok' })
    expect(s.enterprises[0]!.positions[0]).toMatchObject({
      oldest_batch_day: null,
      oldest_batch_age_days: null,
    })
  })
})
