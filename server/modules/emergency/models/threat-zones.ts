// Threat zones red / orange / yellow of one release as GeoJSON polygons around the source: toxic and
// flash-fire clouds from the Gaussian plume (continuous) or puff (instantaneous) footprint, oriented by the
// wind; pool-fire radiation and VCE overpressure as circles. Each zone says how far it reaches, whether the
// model limit cut it, and the model's limits. Pure: the service resolves the asset, chemical and weather.
import { dispersionZones } from './dispersion-zones'
import { poolFireZones, vceZones } from './fire-blast-zones'
import { flammableLevels, toxicLevels } from './levels-of-concern'
import { ZoneInputError, type ZoneRequest, type ZoneResult } from './zone-types'

export * from './zone-types'

export function computeZones(r: ZoneRequest): ZoneResult {
  switch (r.scenario) {
    case 'toxic': {
      if (r.rateGs == null && r.massKg == null) throw new ZoneInputError('give rate_gs or mass_kg', 'rate_gs')
      const levels = toxicLevels(r.chemical, r.locOverride)
      if (!levels.length)
        throw new ZoneInputError(
          `chemical ${r.chemical.id} has no toxic level of concern (AEGL, ERPG or IDLH): enter one or give loc_ppm`,
          'chemical_id',
        )
      return dispersionZones(r, levels, [])
    }
    case 'flash_fire': {
      if (r.rateGs == null && r.massKg == null) throw new ZoneInputError('give rate_gs or mass_kg', 'rate_gs')
      if (r.chemical.lel_pct == null)
        throw new ZoneInputError(
          `chemical ${r.chemical.id} has no LEL: it is not a flammable cloud`,
          'chemical_id',
        )
      return dispersionZones(r, flammableLevels(r.chemical.lel_pct), [
        {
          id: 'flash_fire.averaging',
          text: 'LEL compared with time-averaged concentrations; clouds are patchy, hence the 60% LEL zone',
        },
      ])
    }
    case 'pool_fire':
      return poolFireZones(r)
    case 'vce':
      return vceZones(r)
  }
}
