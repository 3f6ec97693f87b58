// The open card issues in memory, for the zone rules (zone-rules.ts cardZoneRules): which holder a tag is
// and which zones its card authorises, reloaded on the geofence worker's tag-rule timer (it is a TagRule that
// raises nothing itself).
import { systemScope, type Db } from '../../platform/db/db'
import type { AlarmAction, CardGrants, TagRule } from '../zones/zone-rules'

type HolderType = 'visitor' | 'vehicle' | 'contractor' | 'hazmat_vehicle'
interface Grant {
  holder: HolderType
  zones: Set<string>
  from: number
  to: number
}

export class CardAuthorizations implements TagRule, CardGrants {
  readonly name = 'card-authorisations'
  private grants = new Map<string, Grant>()
  private version = ''

  constructor(private readonly db: Db) {}

  async start(): Promise<void> {
    await this.reload()
  }

  /** Reloads the open issues; true when they changed. */
  async reload(): Promise<boolean> {
    const rows = await this.db.query<{
      tag_id: string
      holder_type: HolderType
      zone_ids: string[]
      valid_from: Date
      valid_to: Date
      v: string
    }>(
      systemScope,
      `SELECT c.tag_id, i.holder_type, i.zone_ids, i.valid_from, i.valid_to, i.id::text AS v
         FROM card_issues i JOIN cards c ON c.id = i.card_id WHERE i.returned_at IS NULL ORDER BY i.id`,
    )
    const version = rows.map((r) => r.v).join(',')
    if (version === this.version) return false
    this.version = version
    this.grants = new Map(
      rows.map((r) => [
        r.tag_id,
        {
          holder: r.holder_type,
          zones: new Set(r.zone_ids),
          from: r.valid_from.getTime(),
          to: r.valid_to.getTime(),
        },
      ]),
    )
    return true
  }

  holderOf(tagId: string): HolderType | undefined {
    return this.grants.get(tagId)?.holder
  }

  allows(tagId: string, zoneId: string, t: number): boolean {
    const g = this.grants.get(tagId)
    return !!g && g.zones.has(zoneId) && t >= g.from && t <= g.to
  }

  process(): AlarmAction[] {
    return []
  }

  snapshot(): () => void {
    return () => undefined
  }
}
