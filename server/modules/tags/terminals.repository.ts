// SQL of the JT/T 808 terminal registry (migration 0006): terminals, and the tags they report as.
import type { Queryable } from '../../platform/db/db'

export interface TerminalRow {
  terminal: string
  auth_code: string
  tag_id: string | null
  enterprise_id: string | null
}

/** What a 0x0100 register tells about the terminal (JT/T 808 终端注册). */
export interface TerminalRegistration {
  terminal: string
  phoneRaw: string
  version: number
  authCode: string
  tagId: string
  enterpriseId: string | null
  maker: string
  model: string
  terminalModelId: string
  plate: string
  plateColor: number
  province: number
  city: number
}

export interface TagRef {
  id: string
  enterprise_id: string | null
  assignment: 'assigned' | 'unassigned'
}

export async function findTerminal(q: Queryable, terminal: string): Promise<TerminalRow | null> {
  const r = await q.query<TerminalRow>(
    'SELECT terminal, auth_code, tag_id, enterprise_id FROM jt808_terminals WHERE terminal = $1',
    [terminal],
  )
  return r.rows[0] ?? null
}

export async function findTag(q: Queryable, id: string): Promise<TagRef | null> {
  const r = await q.query<TagRef>('SELECT id, enterprise_id, assignment FROM tags WHERE id = $1', [id])
  return r.rows[0] ?? null
}

/**
 * A tag provisioned ahead of its terminal, by the phone in any of its written forms (the normalised
 * key, or padded to the 12 or 20 BCD digits of a 2013 / 2019 header); the normalised form first.
 */
export async function findTagByPhone(q: Queryable, terminal: string): Promise<TagRef | null> {
  const forms = [terminal, terminal.padStart(12, '0'), terminal.padStart(20, '0')]
  const r = await q.query<TagRef>(
    `SELECT id, enterprise_id, assignment FROM tags WHERE terminal_phone = ANY($1::text[])
      ORDER BY terminal_phone = $2 DESC, id LIMIT 1`,
    [forms, terminal],
  )
  return r.rows[0] ?? null
}

/** Makes sure the tag answers to the normalised phone (GET /api/v1/tags?terminal=). */
export async function setTagTerminal(q: Queryable, tagId: string, terminal: string): Promise<void> {
  await q.query(
    'UPDATE tags SET terminal_phone = $2, updated_at = now() WHERE id = $1 AND terminal_phone IS DISTINCT FROM $2',
    [tagId, terminal],
  )
}

/** An enrolled terminal's own tag: a vehicle nobody has assigned yet. Keeps an existing row. */
export async function insertEnrolledTag(
  q: Queryable,
  tag: { id: string; label: string; terminal: string },
): Promise<void> {
  await q.query(
    `INSERT INTO tags (id, kind, label, terminal_phone, assignment)
     VALUES ($1, 'vehicle', $2, $3, 'unassigned') ON CONFLICT (id) DO NOTHING`,
    [tag.id, tag.label, tag.terminal],
  )
}

/** A label follows the plate only while nobody has assigned the tag (an operator's label stays). */
export async function relabelUnassignedTag(q: Queryable, tagId: string, label: string): Promise<void> {
  await q.query(
    `UPDATE tags SET label = $2, updated_at = now()
      WHERE id = $1 AND assignment = 'unassigned' AND label IS DISTINCT FROM $2`,
    [tagId, label],
  )
}

export async function upsertTerminal(q: Queryable, t: TerminalRegistration): Promise<void> {
  await q.query(
    `INSERT INTO jt808_terminals (terminal, phone_raw, version, auth_code, tag_id, enterprise_id, maker,
       model, terminal_model_id, plate, plate_color, province, city)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
     ON CONFLICT (terminal) DO UPDATE SET phone_raw = excluded.phone_raw, version = excluded.version,
       auth_code = excluded.auth_code, tag_id = excluded.tag_id, enterprise_id = excluded.enterprise_id,
       maker = excluded.maker, model = excluded.model, terminal_model_id = excluded.terminal_model_id,
       plate = excluded.plate, plate_color = excluded.plate_color, province = excluded.province,
       city = excluded.city, registered_at = now(), updated_at = now()`,
    [
      t.terminal,
      t.phoneRaw,
      t.version,
      t.authCode,
      t.tagId,
      t.enterpriseId,
      t.maker,
      t.model,
      t.terminalModelId,
      t.plate,
      t.plateColor,
      t.province,
      t.city,
    ],
  )
}

/** A successful 0x0102: when, and what the 2019 body adds (IMEI, software version). */
export async function recordAuthentication(
  q: Queryable,
  terminal: string,
  props: Record<string, unknown>,
): Promise<void> {
  await q.query(
    `UPDATE jt808_terminals SET last_auth_at = now(), last_seen_at = now(), props = props || $2::jsonb,
       updated_at = now() WHERE terminal = $1`,
    [terminal, JSON.stringify(props)],
  )
}

export async function touchTerminal(q: Queryable, terminal: string): Promise<void> {
  await q.query('UPDATE jt808_terminals SET last_seen_at = now() WHERE terminal = $1', [terminal])
}

/** 0x0003 deregistration: the code stops working; the terminal must register again. */
export async function clearAuthCode(q: Queryable, terminal: string): Promise<void> {
  await q.query(
    `UPDATE jt808_terminals SET auth_code = '', last_seen_at = now(), updated_at = now() WHERE terminal = $1`,
    [terminal],
  )
}
