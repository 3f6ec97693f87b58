// Terminal registration and authentication against the registry (JT/T 808 终端注册 0x0100,
// 终端鉴权 0x0102). Each function runs inside the caller's transaction.
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { RegisterResult, type Jt808Message, type RegisterResultCode } from '../../../sensors/protocols/jt808'
import type { Queryable } from '../../platform/db/db'
import * as terminals from '../../modules/tags/terminals.repository'

type RegisterMessage = Extract<Jt808Message, { kind: 'register' }>

export type RegisterOutcome =
  { ok: true; tagId: string; enrolled: boolean } | { ok: false; result: RegisterResultCode }

/** 80 random bits as 20 hex digits: ASCII, so identical in GBK, and short enough for any terminal. */
export function newAuthCode(): string {
  return randomBytes(10).toString('hex')
}

/** Constant-time comparison; a cleared ('') code never matches. */
export function authCodesMatch(stored: string, offered: string): boolean {
  const a = Buffer.from(stored)
  const b = Buffer.from(offered)
  return a.length > 0 && a.length === b.length && timingSafeEqual(a, b)
}

export const enrolledTagId = (terminal: string): string => `jt808-${terminal}`

/** Device text as PostgreSQL takes it: text and jsonb refuse U+0000, which GBK fields may carry. */
export const cleanText = (s: string, max = 64): string => s.replaceAll('\u0000', '').trim().slice(0, max)

const labelOf = (plate: string, terminal: string): string => cleanText(plate) || `JT808 ${terminal}`

/**
 * Creates or updates the terminal with a fresh auth code. A terminal is known when it has a row, or
 * when a tag was provisioned with its phone; an unknown one is enrolled as an unassigned vehicle
 * tag, or refused with result 4 when auto-enrolment is off. A known terminal whose tag was deleted
 * gets result 2 (no such vehicle) in that case.
 */
export async function registerTerminal(
  q: Queryable,
  m: RegisterMessage,
  authCode: string,
  autoEnrol: boolean,
): Promise<RegisterOutcome> {
  const { terminal, phone, version } = m.header
  const reg = m.body
  const existing = await terminals.findTerminal(q, terminal)
  let tag = existing?.tag_id ? await terminals.findTag(q, existing.tag_id) : null
  tag ??= await terminals.findTagByPhone(q, terminal)
  let enrolled = false
  if (!tag) {
    if (!autoEnrol)
      return { ok: false, result: existing ? RegisterResult.noSuchVehicle : RegisterResult.noSuchTerminal }
    const id = enrolledTagId(terminal)
    await terminals.insertEnrolledTag(q, { id, label: labelOf(reg.plate, terminal), terminal })
    tag = await terminals.findTag(q, id)
    if (!tag) throw new Error(`tag ${id} not readable after insert`)
    enrolled = true
  }
  await terminals.setTagTerminal(q, tag.id, terminal)
  await terminals.relabelUnassignedTag(q, tag.id, labelOf(reg.plate, terminal))
  await terminals.upsertTerminal(q, {
    terminal,
    phoneRaw: phone,
    version,
    authCode,
    tagId: tag.id,
    enterpriseId: tag.enterprise_id,
    maker: cleanText(reg.maker),
    model: cleanText(reg.model),
    terminalModelId: cleanText(reg.deviceId),
    plate: cleanText(reg.plate),
    plateColor: reg.plateColor,
    province: reg.province,
    city: reg.city,
  })
  return { ok: true, tagId: tag.id, enrolled }
}

/** The terminal's tag when `code` is its current auth code; null otherwise. */
export async function authenticateTerminal(
  q: Queryable,
  terminal: string,
  code: string,
  props: Record<string, unknown>,
): Promise<string | null> {
  const row = await terminals.findTerminal(q, terminal)
  if (!row?.tag_id || !authCodesMatch(row.auth_code, code)) return null
  await terminals.recordAuthentication(q, terminal, props)
  return row.tag_id
}
