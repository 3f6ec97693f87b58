import type {
  EnterpriseCollection,
  ParkSummary,
  RiskColor,
  RoadCollection,
  ZoneCollection,
} from '../../contracts'
import type { Db, DbScope } from '../../platform/db/db'
import { errors } from '../../platform/http/errors'
import * as repo from './park.repository'

export class ParkService {
  constructor(private readonly db: Db) {}

  summary(scope: DbScope): Promise<ParkSummary> {
    return this.db.tx(scope, async (q) => {
      const park = await repo.parkRow(q)
      if (!park) throw errors.notFound('park', 'default')
      const f = await repo.parkFigures(q)
      const byRisk: Record<RiskColor, number> = {
        red: 0,
        orange: 0,
        yellow: 0,
        blue: 0,
        ...f.enterprises_by_risk,
      }
      return {
        name: park.name,
        name_en: park.name_en,
        boundary: { type: 'Feature', id: park.id, geometry: park.geometry, properties: {} },
        center: park.center,
        area_km2: Math.round(park.area_km2 * 100) / 100,
        enterprise_count: f.enterprise_count,
        building_count: f.building_count,
        tank_count: f.tank_count,
        total_inventory_t: Math.round(f.total_inventory_t * 10) / 10,
        inventory_by_chemical: f.inventory_by_chemical,
        enterprises_by_risk: byRisk,
        tag_count: f.tag_count,
      }
    })
  }

  enterprises(scope: DbScope): Promise<EnterpriseCollection> {
    return this.db.tx(scope, repo.enterpriseCollection)
  }
  roads(scope: DbScope): Promise<RoadCollection> {
    return this.db.tx(scope, repo.roadCollection)
  }
  zones(scope: DbScope): Promise<ZoneCollection> {
    return this.db.tx(scope, repo.zoneCollection)
  }
}
