// The on-site workforce (驻厂作业人员): which enterprise and which unit each operator and maintenance contractor
// card belongs to, and the crew book that keeps every unit and zone within its headcount while they move.
//
// - Crews. Every exclusion circle around a toxic store (液氯/液氨储存区警戒区) gets its enterprise's operating crew
//   first (`storeCrew` operators: two operators on duty and the guardian, 监护人), who keep to the store's units;
//   the other operators and the
//   maintenance contractors are spread over the enterprises by the weight of their units (tank farms count most,
//   then process units, then control rooms, then utilities, warehouses and labs), deterministically (smooth
//   weighted round robin). Contractors never work inside an exclusion circle (only the enterprise's own staff may
//   be there, zone-rules.ts).
// - Headcount. A worker holds the unit it is at, and while it walks to another, that one too. A unit takes at most
//   `siteCap` workers, an exclusion circle `zoneCaps.restricted` and a tank-farm control area
//   `zoneCaps.tank_farm` (below the park's defaults of 6 and 15 in zone_type_limits, migration 0016, leaving room
//   for passers-by), so the on-site crews alone never raise a 区域超员 alarm.
import type { ZoneType } from '../../../geodata/types'
import type { SimZone } from './sim-zones'
import type { WorkforceRole } from './tag-identities'
import type { SiteKind, WorkSite } from './work-sites'

/** Operators posted at each toxic store's exclusion circle before anyone else is placed. */
export const storeCrew = 3

/** Workers at one unit at a time. */
export function siteCap(site: WorkSite): number {
  return site.kind === 'tank_farm' ? 3 : site.kind === 'plant' ? 8 : 4
}

/** Workers inside one zone of a type at a time; types without a cap are absent. */
export const zoneCaps: Partial<Record<ZoneType, number>> = { restricted: 4, tank_farm: 10, construction: 60 }

/** How much work a unit gives its enterprise's crews. */
export const siteWeight: Record<SiteKind, number> = {
  tank_farm: 2,
  process: 1.5,
  control: 1,
  plant: 1,
  utility: 0.5,
  warehouse: 0.5,
  lab: 0.5,
}

/** Headcount of the on-site crews per unit and per zone (see the file comment). */
export class CrewBook {
  private readonly atSite = new Map<string, number>()
  private readonly inZone = new Map<string, number>()

  private static zonesOf(held: readonly WorkSite[]): Set<SimZone> {
    return new Set(held.flatMap((s) => s.zones))
  }

  /** Whether a worker holding `held` may also take `to`. */
  room(to: WorkSite, held: readonly WorkSite[] = []): boolean {
    if (held.includes(to)) return true
    if ((this.atSite.get(to.id) ?? 0) >= siteCap(to)) return false
    const mine = CrewBook.zonesOf(held)
    return to.zones.every((z) => {
      const cap = zoneCaps[z.zoneType]
      return mine.has(z) || cap === undefined || (this.inZone.get(z.id) ?? 0) < cap
    })
  }

  /** Counts `to` for a worker holding `held` (call room() first). */
  take(to: WorkSite, held: readonly WorkSite[] = []): void {
    if (held.includes(to)) return
    const mine = CrewBook.zonesOf(held)
    this.atSite.set(to.id, (this.atSite.get(to.id) ?? 0) + 1)
    for (const z of to.zones) if (!mine.has(z)) this.inZone.set(z.id, (this.inZone.get(z.id) ?? 0) + 1)
  }

  /** Stops counting `site` for a worker that keeps holding `rest`. */
  release(site: WorkSite, rest: readonly WorkSite[] = []): void {
    if (rest.includes(site)) return
    const mine = CrewBook.zonesOf(rest)
    this.atSite.set(site.id, (this.atSite.get(site.id) ?? 1) - 1)
    for (const z of site.zones) if (!mine.has(z)) this.inZone.set(z.id, (this.inZone.get(z.id) ?? 1) - 1)
  }

  /** Workers counted at a unit, or inside a zone. */
  siteCount(siteId: string): number {
    return this.atSite.get(siteId) ?? 0
  }
  zoneCount(zoneId: string): number {
    return this.inZone.get(zoneId) ?? 0
  }
}

export interface CrewPost {
  enterpriseId: string
  /** the unit the worker starts at and comes back to */
  home: WorkSite
  /** a toxic store's crew keeps to the store's units (inside its exclusion circle); others: null, any unit */
  within: WorkSite[] | null
}

/**
 * The enterprise and home unit of each on-site card, in card order; null when no unit of the park may take it.
 * `mayWork(role, site)`: whether that role may work at the site (presence rules, a way there); each post is
 * taken in `book`.
 */
export function planCrews(
  roles: readonly WorkforceRole[],
  sites: readonly WorkSite[],
  mayWork: (role: WorkforceRole, site: WorkSite) => boolean,
  book: CrewBook,
): (CrewPost | null)[] {
  const homes = new Map<string, number>()
  const post = (site: WorkSite, within: WorkSite[] | null = null): CrewPost => {
    book.take(site)
    homes.set(site.id, (homes.get(site.id) ?? 0) + 1)
    return { enterpriseId: site.enterpriseId, home: site, within }
  }
  /** the unit of `enterprise` with room and the fewest posts for its weight */
  const bestSite = (role: WorkforceRole, enterprise: string | null): WorkSite | null => {
    let best: WorkSite | null = null
    let bestLoad = Infinity
    for (const s of sites) {
      if ((enterprise !== null && s.enterpriseId !== enterprise) || !mayWork(role, s) || !book.room(s))
        continue
      const load = (homes.get(s.id) ?? 0) / siteWeight[s.kind]
      if (load < bestLoad) [best, bestLoad] = [s, load]
    }
    return best
  }
  const out: (CrewPost | null)[] = roles.map(() => null)
  const operators = roles.map((r, i) => [r, i] as const).filter(([r]) => r === 'operator')
  const others = roles.map((r, i) => [r, i] as const).filter(([r]) => r !== 'operator')

  // toxic stores first: their enterprise's operators inside each exclusion circle
  const stores = [...new Set(sites.flatMap((s) => s.zones))]
    .filter((z) => z.zoneType === 'restricted' && z.enterpriseId !== null)
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((z) => sites.filter((s) => s.enterpriseId === z.enterpriseId && s.zones.includes(z)))
    .filter((inside) => inside.length > 0)
  let next = 0
  for (let round = 0; round < storeCrew; round++)
    for (const inside of stores) {
      if (next >= operators.length) break
      const site = inside
        .map((_, k) => inside[(round + k) % inside.length]!)
        .find((s) => mayWork('operator', s) && book.room(s))
      if (site) out[operators[next++]![1]] = post(site, inside)
    }

  // everyone else by the weight of each enterprise's units (smooth weighted round robin)
  const enterprises = [...new Set(sites.map((s) => s.enterpriseId))].sort()
  const credit = new Map(enterprises.map((e) => [e, 0]))
  for (const [role, i] of [...operators.slice(next), ...others]) {
    const weights = enterprises.map((e) =>
      sites
        .filter((s) => s.enterpriseId === e && mayWork(role, s) && book.room(s))
        .reduce((w, s) => w + siteWeight[s.kind], 0),
    )
    const total = weights.reduce((a, b) => a + b, 0)
    if (total === 0) continue
    let pick = -1
    enterprises.forEach((e, k) => {
      if (weights[k]! === 0) return
      credit.set(e, credit.get(e)! + weights[k]!)
      if (pick < 0 || credit.get(e)! > credit.get(enterprises[pick]!)!) pick = k
    })
    const e = enterprises[pick]!
    credit.set(e, credit.get(e)! - total)
    const site = bestSite(role, e) ?? bestSite(role, null)
    if (site) out[i] = post(site)
  }
  return out
}
