import { z } from 'zod'
import type { Collector } from '../../contracts/environment'
import { auditIn } from '../../platform/audit'
import type { Db, Queryable } from '../../platform/db/db'
import type { AppState } from '../../platform/http/auth-middleware'
import { errors } from '../../platform/http/errors'
import { thresholdOrderError } from '../sensors/sensor-limits'
import {
  assetOwner,
  channelsOf,
  enterpriseExists,
  findCollectorRecord,
  insertCollector,
  insertDefaultChannels,
  setThresholds,
  updateCollector,
  type CollectorEdit,
} from './collectors-admin.repository'
import { listCollectors } from './collectors.repository'

// Request bodies of the collector (数采仪) administration. They belong in server/contracts/environment.ts once
// the coordinator moves them; kept here so this module does not edit a shared contract file.

/** MN: letters, digits, `_` and `-` only, so that channel ids `<MN>.<code>` are valid sensor ids in URLs. */
const mn = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'an MN of letters, digits, _ or - (at most 64)')
/** HJ 212-2017 §6.3 PW: printable ASCII without the packet's separators (; , = & |) */
const pw = z
  .string()
  .regex(/^[!-~]{1,64}$/, 'printable ASCII, 1 to 64 characters')
  .refine((s) => !/[;,=&|]/.test(s), {
    message: 'must not contain ; , = & or |',
  })
/** HJ 212 ST system code (31 waste gas, 32 wastewater); null accepts any */
const st = z.number().int().min(1).max(99).nullable()
const rtdInterval = z.number().int().min(1).max(86_400)
const name = z.string().trim().min(1).max(100)
const nameEn = z.string().trim().max(100).nullable()
const reason = z.string().trim().min(2, 'a reason is required').max(500)

export const collectorCreate = z.strictObject({
  mn,
  name,
  name_en: nameEn.optional(),
  measure: z.enum(['wastewater', 'waste_gas']),
  enterprise_id: z.string().min(1).max(100).nullable(),
  /** the monitor point asset the collector serves */
  asset_id: z.string().min(1).max(100).nullable(),
  pw,
  /** default from the measure: 32 wastewater, 31 waste gas */
  st: st.optional(),
  rtd_interval_s: rtdInterval.default(30),
  reason: reason.optional(),
})
export type CollectorCreate = z.infer<typeof collectorCreate>

export const collectorPatch = z
  .strictObject({
    pw: pw.optional(),
    active: z.boolean().optional(),
    rtd_interval_s: rtdInterval.optional(),
    st: st.optional(),
    name: name.optional(),
    name_en: nameEn.optional(),
    reason,
  })
  .refine((p) => Object.keys(p).some((k) => k !== 'reason'), {
    message: 'nothing to change: give pw, active, rtd_interval_s, st, name or name_en',
  })
export type CollectorPatch = z.infer<typeof collectorPatch>

const limit = z.number().finite()
/** HJ 212-2017 pollutant code: a letter and five digits (w01018, a21026) */
const code = /^[a-z][0-9]{5}$/
export const collectorLimits = z.strictObject({
  /** 排污许可证 number: becomes each channel's `thresholds.source` */
  permit_no: z.string().trim().min(1).max(64),
  limits: z
    .record(
      z.string().regex(code, 'an HJ 212-2017 pollutant code such as w01018'),
      z
        .strictObject({ high: limit.optional(), low: limit.optional() })
        .refine((l) => l.high !== undefined || l.low !== undefined, { message: 'give high, low or both' }),
    )
    .refine((r) => Object.keys(r).length > 0, { message: 'give at least one pollutant code' }),
  reason,
})
export type CollectorLimits = z.infer<typeof collectorLimits>

const audited = (who: AppState, ip: string | null, action: string, target: string) => ({
  userId: who.user.id,
  username: who.user.username,
  action,
  target,
  result: 'ok' as const,
  ip,
})

async function collectorView(q: Queryable, id: string): Promise<Collector> {
  // the registry is park-sized (tens of collectors): the list query keeps one definition of the view
  const c = (await listCollectors(q)).find((x) => x.mn === id)
  if (!c) throw errors.notFound('collector', id)
  return c
}

/**
 * Collector (数采仪) administration by park admins: registration with default channels, credentials and
 * state, and discharge limits from each outlet's permit (排污许可证). Every change is audited. The HJ 212
 * ingest reads the collector per packet (collectors.repository findCollector, no cache), so a new PW or
 * active flag applies to the next packet.
 */
export class CollectorsAdminService {
  constructor(private readonly db: Db) {}

  create(who: AppState, c: CollectorCreate, ip: string | null): Promise<Collector> {
    return this.db.tx(who.scope, async (q) => {
      if (c.enterprise_id !== null && !(await enterpriseExists(q, c.enterprise_id)))
        throw errors.validation(`enterprise ${c.enterprise_id} not found`, 'enterprise_id')
      if (c.asset_id !== null) {
        const owner = await assetOwner(q, c.asset_id)
        if (!owner) throw errors.validation(`asset ${c.asset_id} not found`, 'asset_id')
        if (owner.enterprise_id !== null && owner.enterprise_id !== c.enterprise_id)
          throw errors.validation(
            `asset ${c.asset_id} belongs to enterprise ${owner.enterprise_id}, not ${c.enterprise_id ?? 'the park'}`,
            'asset_id',
          )
      }
      const record = {
        mn: c.mn,
        pw: c.pw,
        st: c.st === undefined ? (c.measure === 'wastewater' ? 32 : 31) : c.st,
        measure: c.measure,
        enterprise_id: c.enterprise_id,
        asset_id: c.asset_id,
        name: c.name,
        name_en: c.name_en ?? null,
        rtd_interval_s: c.rtd_interval_s,
      }
      if (!(await insertCollector(q, record)))
        throw errors.conflict('collector.exists', `collector ${c.mn} is already registered`)
      const channels = await insertDefaultChannels(q, c.mn)
      const { pw: _pw, ...shown } = record
      await auditIn(q, {
        ...audited(who, ip, 'collector.create', `collector:${c.mn}`),
        detail: { ...shown, channels, reason: c.reason ?? null },
        enterpriseId: c.enterprise_id,
      })
      return collectorView(q, c.mn)
    })
  }

  update(who: AppState, id: string, p: CollectorPatch, ip: string | null): Promise<Collector> {
    return this.db.tx(who.scope, async (q) => {
      const before = await findCollectorRecord(q, id, true)
      if (!before) throw errors.notFound('collector', id)
      const after: CollectorEdit = {
        pw: p.pw ?? before.pw,
        st: p.st === undefined ? before.st : p.st,
        name: p.name ?? before.name,
        name_en: p.name_en === undefined ? before.name_en : p.name_en,
        rtd_interval_s: p.rtd_interval_s ?? before.rtd_interval_s,
        active: p.active ?? before.active,
      }
      const changed = (Object.keys(after) as (keyof CollectorEdit)[]).filter((k) => after[k] !== before[k])
      await updateCollector(q, id, after)
      // the PW is a credential: the audit says that it changed, never what it is
      const show = (e: CollectorEdit) =>
        Object.fromEntries(changed.map((k) => [k, k === 'pw' ? '***' : e[k]]))
      await auditIn(q, {
        ...audited(who, ip, 'collector.update', `collector:${id}`),
        detail: { reason: p.reason, changed, old: show(before), new: show(after) },
        enterpriseId: before.enterprise_id,
      })
      return collectorView(q, id)
    })
  }

  /**
   * Sets the discharge limits of the collector's channels from the outlet's permit: per 2017 code, `high`
   * and `low` replace the channel's (a side the permit does not limit is removed), other threshold keys
   * (deadband, delays, high_cold, …) stay, and `source` becomes the permit number. All or nothing.
   */
  setLimits(who: AppState, id: string, body: CollectorLimits, ip: string | null): Promise<Collector> {
    return this.db.tx(who.scope, async (q) => {
      const collector = await findCollectorRecord(q, id, true)
      if (!collector) throw errors.notFound('collector', id)
      const channels = new Map((await channelsOf(q, id)).map((c) => [c.code, c]))
      const old: Record<string, unknown> = {}
      const next: Record<string, unknown> = {}
      for (const [code, l] of Object.entries(body.limits)) {
        const ch = channels.get(code)
        if (!ch) throw errors.validation(`collector ${id} has no channel ${code}`, `limits.${code}`)
        const { high: _h, low: _l, ...rest } = ch.thresholds
        const t: Record<string, unknown> = { ...rest, source: body.permit_no }
        if (l.low !== undefined) t.low = l.low
        if (l.high !== undefined) t.high = l.high
        const bad = thresholdOrderError(t)
        if (bad) throw errors.validation(`${code}: ${bad.message}`, `limits.${code}`)
        await setThresholds(q, ch.id, t)
        old[code] = ch.thresholds
        next[code] = t
      }
      await auditIn(q, {
        ...audited(who, ip, 'collector.limits', `collector:${id}`),
        detail: { reason: body.reason, permit_no: body.permit_no, old, new: next },
        enterpriseId: collector.enterprise_id,
      })
      return collectorView(q, id)
    })
  }
}
