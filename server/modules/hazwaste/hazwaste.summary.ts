import type {
  EnterpriseHazwaste,
  FacilitySummary,
  HazwasteSummary,
  StockPosition,
  StorageFacility,
  StorageState,
} from '../../contracts/hazwaste'
import type { EnterpriseRow, PositionRow } from './hazwaste.repository'
import {
  daysBetween,
  roundT,
  storageState,
  worseState,
  type FacilityStock,
  type PositionAge,
} from './hazwaste.rules'

const pct = (stock: number, limit: number) => (limit > 0 ? Math.round((stock / limit) * 1000) / 10 : 0)
const oldest = (days: (string | null)[]) => days.filter((d): d is string => d !== null).sort()[0] ?? null
const age = (day: string | null, today: string) => (day ? daysBetween(day, today) : null)

/** Stock per facility (sum over its streams), for the summary and the over-limit rule. */
export function facilityStocks(facilities: StorageFacility[], positions: PositionRow[]): FacilityStock[] {
  return facilities.map((f) => ({
    facility_id: f.id,
    enterprise_id: f.enterprise_id,
    name: f.name,
    permitted_limit_t: f.permitted_limit_t,
    stock_t: roundT(positions.filter((p) => p.facility_id === f.id).reduce((s, p) => s + p.stock_t, 0)),
  }))
}

export function positionAges(positions: PositionRow[]): PositionAge[] {
  return positions.filter((p) => roundT(p.stock_t) > 0)
}

/** GET /hazwaste/summary: per enterprise, stock against the permitted limit, oldest batch, open manifests. */
export function buildSummary(
  enterprises: EnterpriseRow[],
  facilities: StorageFacility[],
  positions: PositionRow[],
  today: string,
): HazwasteSummary {
  const stocks = new Map(facilityStocks(facilities, positions).map((f) => [f.facility_id, f.stock_t]))
  const out: EnterpriseHazwaste[] = enterprises.map((e) => {
    const own: StockPosition[] = positions
      .filter((p) => p.enterprise_id === e.enterprise_id)
      .map((p) => {
        const day = roundT(p.stock_t) > 0 ? p.oldest_batch_day : null
        return {
          stream_id: p.stream_id,
          facility_id: p.facility_id,
          hw_category: p.hw_category,
          waste_code: p.waste_code,
          name: p.name,
          name_en: p.name_en,
          generated_t: roundT(p.generated_t),
          shipped_t: roundT(p.shipped_t),
          stock_t: roundT(p.stock_t),
          reserved_t: roundT(p.reserved_t),
          oldest_batch_day: day,
          oldest_batch_age_days: age(day, today),
          storage_state: storageState(day, today),
        }
      })
    const fs: FacilitySummary[] = facilities
      .filter((f) => f.enterprise_id === e.enterprise_id)
      .map((f) => {
        const stock = stocks.get(f.id) ?? 0
        const day = oldest(own.filter((p) => p.facility_id === f.id).map((p) => p.oldest_batch_day))
        return {
          facility_id: f.id,
          name: f.name,
          name_en: f.name_en,
          permitted_limit_t: roundT(f.permitted_limit_t),
          stock_t: stock,
          fill_pct: pct(stock, f.permitted_limit_t),
          over_limit: stock > roundT(f.permitted_limit_t),
          oldest_batch_day: day,
          oldest_batch_age_days: age(day, today),
          storage_state: storageState(day, today),
        }
      })
    const stock = roundT(fs.reduce((s, f) => s + f.stock_t, 0))
    const limit = roundT(fs.reduce((s, f) => s + f.permitted_limit_t, 0))
    const day = oldest(fs.map((f) => f.oldest_batch_day))
    return {
      enterprise_id: e.enterprise_id,
      name: e.name,
      name_en: e.name_en,
      stock_t: stock,
      permitted_limit_t: limit,
      fill_pct: pct(stock, limit),
      over_limit: fs.some((f) => f.over_limit),
      oldest_batch_day: day,
      oldest_batch_age_days: age(day, today),
      storage_state: fs.reduce<StorageState>((s, f) => worseState(s, f.storage_state), 'ok'),
      open_manifests: e.open_manifests,
      facilities: fs,
      positions: own,
    }
  })
  return { day: today, enterprises: out }
}
