// Positioning-card issue (发卡) and return (还卡). An issued card's tag takes its holder's kind and label, so the
// live map, the zone rules and the reports see a visitor, a contractor or a vehicle; the open issue's authorised
// zones feed the card zone authoriser (card-authorizer.ts).
import type { CardIssue, CardStatus, CardSummary, IssueCardBody } from '../../contracts/cards'
import { auditIn } from '../../platform/audit'
import type { DbScope, Queryable } from '../../platform/db/db'
import type { Db } from '../../platform/db/db'
import type { AppState } from '../../platform/http/auth-middleware'
import { errors } from '../../platform/http/errors'

type IssueRow = Omit<CardIssue, 'valid_from' | 'valid_to' | 'issued_at' | 'returned_at'> & {
  valid_from: Date
  valid_to: Date
  issued_at: Date
  returned_at: Date | null
}
const issueCols = `i.id::text, i.card_id, i.holder_type, i.visitor_name, i.id_last4, i.host_enterprise_id, i.plate,
  i.contractor_company, i.valid_from, i.valid_to, i.zone_ids, i.note, i.issued_by, i.issued_by_name, i.issued_at, i.returned_at`
const toIssue = (r: IssueRow): CardIssue => ({
  ...r,
  valid_from: r.valid_from.toISOString(),
  valid_to: r.valid_to.toISOString(),
  issued_at: r.issued_at.toISOString(),
  returned_at: r.returned_at?.toISOString() ?? null,
})

/** The label a card's tag shows while issued. */
export function holderLabel(b: IssueCardBody, card: string): string {
  switch (b.holder_type) {
    case 'visitor':
      return `访客·${b.visitor_name}`
    case 'contractor':
      return `${b.contractor_company}·${b.visitor_name ?? card}`
    case 'vehicle':
      return b.plate!
    case 'hazmat_vehicle':
      return `${b.plate}（危）`
  }
}

const isOpenIssueConflict = (err: unknown) =>
  (err as { constraint?: string })?.constraint === 'card_issues_one_open'

export class CardsService {
  constructor(private readonly db: Db) {}

  private async card(q: Queryable, card: string): Promise<{ tag_id: string }> {
    const r = await q.query<{ tag_id: string }>('SELECT tag_id FROM cards WHERE id = $1', [card])
    if (!r.rows[0]) throw errors.notFound('card', card)
    return r.rows[0]
  }

  async issue(who: AppState, card: string, b: IssueCardBody, ip: string | null): Promise<CardIssue> {
    try {
      return await this.db.tx(who.scope, async (q) => {
        const { tag_id } = await this.card(q, card)
        if (b.zone_ids.length) {
          const found = await q.query<{ id: string }>('SELECT id FROM zones WHERE id = ANY($1::text[])', [
            b.zone_ids,
          ])
          const missing = b.zone_ids.filter((z) => !found.rows.some((r) => r.id === z))
          if (missing.length) throw errors.validation(`no zone ${missing.join(', ')}`, 'zone_ids')
        }
        if (b.host_enterprise_id) {
          const e = await q.query('SELECT 1 FROM enterprises WHERE id = $1', [b.host_enterprise_id])
          if (!e.rowCount)
            throw errors.validation(`no enterprise ${b.host_enterprise_id}`, 'host_enterprise_id')
        }
        const r = await q.query<IssueRow>(
          `INSERT INTO card_issues AS i (card_id, holder_type, visitor_name, id_last4, host_enterprise_id, plate,
             contractor_company, valid_from, valid_to, zone_ids, note, issued_by, issued_by_name)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING ${issueCols}`,
          [
            card,
            b.holder_type,
            b.visitor_name ?? null,
            b.id_last4 ?? null,
            b.host_enterprise_id ?? null,
            b.plate ?? null,
            b.contractor_company ?? null,
            b.valid_from,
            b.valid_to,
            b.zone_ids,
            b.note ?? null,
            who.user.id,
            who.user.username,
          ],
        )
        await q.query(
          `UPDATE tags SET kind = $2, label = $3, enterprise_id = $4, updated_at = now() WHERE id = $1`,
          [tag_id, b.holder_type, holderLabel(b, card), b.host_enterprise_id ?? null],
        )
        await auditIn(q, {
          userId: who.user.id,
          username: who.user.username,
          action: 'card.issue',
          target: card,
          result: 'ok',
          ip,
          detail: { holder_type: b.holder_type, valid_to: b.valid_to, zones: b.zone_ids },
        })
        return toIssue(r.rows[0]!)
      })
    } catch (err) {
      if (isOpenIssueConflict(err))
        throw errors.conflict('card.already_issued', `card ${card} is already issued`)
      throw err
    }
  }

  async return(who: AppState, card: string, ip: string | null): Promise<CardIssue> {
    return this.db.tx(who.scope, async (q) => {
      const { tag_id } = await this.card(q, card)
      const r = await q.query<IssueRow>(
        `UPDATE card_issues i SET returned_at = now(), returned_by = $2
          WHERE card_id = $1 AND returned_at IS NULL RETURNING ${issueCols}`,
        [card, who.user.id],
      )
      if (!r.rows[0]) throw errors.conflict('card.not_issued', `card ${card} is not issued`)
      // back on the shelf: the tag is no longer anyone's
      await q.query(
        `UPDATE tags SET kind = 'visitor', label = $2, enterprise_id = NULL, updated_at = now() WHERE id = $1`,
        [tag_id, card],
      )
      await auditIn(q, {
        userId: who.user.id,
        username: who.user.username,
        action: 'card.return',
        target: card,
        result: 'ok',
        ip,
      })
      return toIssue(r.rows[0])
    })
  }

  async list(scope: DbScope, status?: CardStatus, limit = 500): Promise<CardSummary[]> {
    const filter =
      status === 'available'
        ? 'WHERE i.id IS NULL'
        : status === 'issued'
          ? 'WHERE i.id IS NOT NULL AND i.valid_to >= now()'
          : status === 'overdue'
            ? 'WHERE i.id IS NOT NULL AND i.valid_to < now()'
            : ''
    const rows = await this.db.query<IssueRow & { card: string; tag_id: string; issue_id: string | null }>(
      scope,
      `SELECT c.id AS card, c.tag_id, i.id::text AS issue_id, ${issueCols.replace('i.id::text, ', '')}
         FROM cards c LEFT JOIN card_issues i ON i.card_id = c.id AND i.returned_at IS NULL
         ${filter} ORDER BY c.id LIMIT $1`,
      [limit],
    )
    const now = Date.now()
    return rows.map((r) => {
      if (!r.issue_id) return { id: r.card, tag_id: r.tag_id, status: 'available', issue: null }
      const issue = toIssue({ ...r, id: r.issue_id, card_id: r.card })
      return {
        id: r.card,
        tag_id: r.tag_id,
        status: r.valid_to.getTime() < now ? 'overdue' : 'issued',
        issue,
      }
    })
  }
}
