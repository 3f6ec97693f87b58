import type {
  CancelBody,
  GenerationRecord,
  HazwasteSummary,
  LedgerQuery,
  NewFacilityBody,
  NewGenerationBody,
  NewManifestBody,
  NewStreamBody,
  ReceiveBody,
  ShipBody,
  StorageFacility,
  TransferManifest,
  WasteStream,
} from '../../contracts/hazwaste'
import { auditAction } from '../../platform/audit'
import type { Db, DbScope, Queryable } from '../../platform/db/db'
import type { AppState } from '../../platform/http/auth-middleware'
import { errors } from '../../platform/http/errors'
import {
  findFacility,
  findManifest,
  findStream,
  insertFacility,
  insertGeneration,
  insertManifest,
  insertStream,
  ledgerEnterprises,
  listFacilities,
  listGenerations,
  listManifests,
  listStreams,
  stockPositions,
  updateManifest,
  type ManifestPatch,
} from './hazwaste.repository'
import { nextManifestStatus, parkDay, roundT, type ManifestAction } from './hazwaste.rules'
import { buildSummary } from './hazwaste.summary'

const pgCode = (err: unknown) => (err as { code?: string })?.code
const pgConstraint = (err: unknown) => (err as { constraint?: string })?.constraint ?? ''

/** Unique violations as 409 with a stable id; anything else is rethrown. */
function conflictOr(err: unknown): never {
  if (pgCode(err) === '23505') {
    const c = pgConstraint(err)
    if (c.includes('manifest_no'))
      throw errors.conflict('hazwaste.manifest_exists', 'this manifest number is already registered')
    if (c.includes('waste_code'))
      throw errors.conflict(
        'hazwaste.stream_exists',
        'this enterprise already has a stream with this waste code',
      )
    if (c.includes('name'))
      throw errors.conflict(
        'hazwaste.facility_exists',
        'this enterprise already has a facility with this name',
      )
  }
  throw err
}

export interface HazwasteServiceOptions {
  clock?: () => number
}

/** The hazardous-waste ledger (危废台账): writes in the caller's scope (RLS), audited in the same transaction. */
export class HazwasteService {
  private readonly now: () => number

  constructor(
    private readonly db: Db,
    opts: HazwasteServiceOptions = {},
  ) {
    this.now = opts.clock ?? Date.now
  }

  private today() {
    return parkDay(this.now())
  }

  /** The enterprise a new stream or facility belongs to: an enterprise account's own; a park account names it. */
  private async owner(q: Queryable, scope: DbScope, requested: string | undefined): Promise<string> {
    if (scope.scope === 'enterprise') {
      if (requested && requested !== scope.enterpriseId)
        throw errors.forbidden('an enterprise account keeps its own ledger only')
      return scope.enterpriseId
    }
    if (!requested) throw errors.validation('enterprise_id: is required for park accounts', 'enterprise_id')
    const r = await q.query('SELECT 1 FROM enterprises WHERE id = $1', [requested])
    if (!r.rowCount)
      throw errors.validation(`enterprise_id: unknown enterprise ${requested}`, 'enterprise_id')
    return requested
  }

  private notFuture(day: string, field: string) {
    if (day > this.today()) throw errors.validation(`${field}: ${day} is in the future`, field)
  }

  private readonly audit = auditAction

  listStreams(scope: DbScope, f: LedgerQuery): Promise<WasteStream[]> {
    return this.db.tx(scope, (q) => listStreams(q, f))
  }

  createStream(who: AppState, b: NewStreamBody, ip: string | null): Promise<WasteStream> {
    return this.db
      .tx(who.scope, async (q) => {
        const owner = await this.owner(q, who.scope, b.enterprise_id)
        const s = await insertStream(q, owner, b)
        await this.audit(q, who, ip, 'hazwaste.stream.create', `hazwaste_stream:${s.id}`, owner, {
          waste_code: s.waste_code,
        })
        return s
      })
      .catch(conflictOr)
  }

  listFacilities(scope: DbScope, f: LedgerQuery): Promise<StorageFacility[]> {
    return this.db.tx(scope, (q) => listFacilities(q, f))
  }

  createFacility(who: AppState, b: NewFacilityBody, ip: string | null): Promise<StorageFacility> {
    return this.db
      .tx(who.scope, async (q) => {
        const owner = await this.owner(q, who.scope, b.enterprise_id)
        const f = await insertFacility(q, owner, b)
        await this.audit(q, who, ip, 'hazwaste.facility.create', `hazwaste_facility:${f.id}`, owner, {
          permitted_limit_t: f.permitted_limit_t,
        })
        return f
      })
      .catch(conflictOr)
  }

  /** The stream and facility a record names, both visible to the caller and of one enterprise. */
  private async position(q: Queryable, streamId: string, facilityId: string, lock: boolean) {
    const stream = await findStream(q, streamId)
    if (!stream) throw errors.validation(`stream_id: unknown waste stream ${streamId}`, 'stream_id')
    const facility = await findFacility(q, facilityId, lock)
    if (!facility || facility.enterprise_id !== stream.enterprise_id)
      throw errors.validation(
        `facility_id: no storage facility ${facilityId} of enterprise ${stream.enterprise_id}`,
        'facility_id',
      )
    return { stream, facility }
  }

  listGenerations(scope: DbScope, f: LedgerQuery): Promise<GenerationRecord[]> {
    return this.db.tx(scope, (q) => listGenerations(q, f))
  }

  createGeneration(who: AppState, b: NewGenerationBody, ip: string | null): Promise<GenerationRecord> {
    this.notFuture(b.day, 'day')
    return this.db.tx(who.scope, async (q) => {
      const { stream } = await this.position(q, b.stream_id, b.facility_id, true)
      const g = await insertGeneration(q, stream.enterprise_id, b)
      await this.audit(
        q,
        who,
        ip,
        'hazwaste.generation.create',
        `hazwaste_generation:${g.id}`,
        g.enterprise_id,
        {
          stream_id: g.stream_id,
          facility_id: g.facility_id,
          quantity_t: g.quantity_t,
        },
      )
      return g
    })
  }

  listManifests(scope: DbScope, f: LedgerQuery): Promise<TransferManifest[]> {
    return this.db.tx(scope, (q) => listManifests(q, f))
  }

  /** A new manifest reserves its quantity: it may not exceed the stock less what open manifests hold. */
  createManifest(who: AppState, b: NewManifestBody, ip: string | null): Promise<TransferManifest> {
    return this.db
      .tx(who.scope, async (q) => {
        const { stream } = await this.position(q, b.stream_id, b.facility_id, true)
        const [p] = await stockPositions(q, { streamId: b.stream_id, facilityId: b.facility_id })
        const stock = roundT(p?.stock_t ?? 0)
        const available = roundT(stock - (p?.reserved_t ?? 0))
        if (b.quantity_t > available)
          throw errors.conflict(
            'hazwaste.insufficient_stock',
            `transfer of ${b.quantity_t} t exceeds the stock available: ${available} t (stock ${stock} t, ${roundT(p?.reserved_t ?? 0)} t on open manifests)`,
          )
        const m = await insertManifest(q, stream.enterprise_id, b)
        await this.audit(
          q,
          who,
          ip,
          'hazwaste.manifest.create',
          `hazwaste_manifest:${m.id}`,
          m.enterprise_id,
          {
            manifest_no: m.manifest_no,
            quantity_t: m.quantity_t,
          },
        )
        return m
      })
      .catch(conflictOr)
  }

  ship(who: AppState, id: string, b: ShipBody, ip: string | null) {
    const day = b.actual_date ?? this.today()
    this.notFuture(day, 'actual_date')
    return this.transition(who, id, 'ship', ip, async (q, m) => {
      const [p] = await stockPositions(q, { streamId: m.stream_id, facilityId: m.facility_id })
      if (m.quantity_t > roundT(p?.stock_t ?? 0))
        throw errors.conflict(
          'hazwaste.insufficient_stock',
          `stock ${roundT(p?.stock_t ?? 0)} t is less than the manifest's ${m.quantity_t} t`,
        )
      return { actual_date: day }
    })
  }

  receive(who: AppState, id: string, b: ReceiveBody, ip: string | null) {
    const day = b.received_date ?? this.today()
    this.notFuture(day, 'received_date')
    return this.transition(who, id, 'receive', ip, async (_q, m) => {
      if (m.actual_date && day < m.actual_date)
        throw errors.validation(`received_date: before the shipping date ${m.actual_date}`, 'received_date')
      return { received_quantity_t: b.received_quantity_t, received_date: day }
    })
  }

  cancel(who: AppState, id: string, b: CancelBody, ip: string | null) {
    return this.transition(who, id, 'cancel', ip, () => Promise.resolve({ cancel_reason: b.reason }))
  }

  private transition(
    who: AppState,
    id: string,
    action: ManifestAction,
    ip: string | null,
    check: (q: Queryable, m: TransferManifest) => Promise<Omit<ManifestPatch, 'status'>>,
  ): Promise<TransferManifest> {
    return this.db.tx(who.scope, async (q) => {
      const m = await findManifest(q, id, true)
      if (!m) throw errors.notFound('hazwaste_manifest', id)
      const next = nextManifestStatus(m.status, action)
      if ('refused' in next) throw errors.conflict('hazwaste.manifest_transition', next.refused)
      await findFacility(q, m.facility_id, true)
      const patch = await check(q, m)
      const updated = await updateManifest(q, id, { status: next.to, ...patch })
      await this.audit(
        q,
        who,
        ip,
        `hazwaste.manifest.${action}`,
        `hazwaste_manifest:${id}`,
        m.enterprise_id,
        {
          from: m.status,
          to: next.to,
          ...patch,
        },
      )
      return updated
    })
  }

  summary(scope: DbScope): Promise<HazwasteSummary> {
    const today = this.today()
    return this.db.tx(scope, async (q) => {
      // one connection: one query at a time
      const enterprises = await ledgerEnterprises(q)
      const facilities = await listFacilities(q, {})
      return buildSummary(enterprises, facilities, await stockPositions(q), today)
    })
  }
}
