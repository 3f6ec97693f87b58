import type { Hj212Packet } from '../../../sensors/protocols/hj212'
import type { ReadingsRecorded, ReadingValue } from '../../contracts'
import { streams, type Bus } from '../../platform/bus/bus'
import { systemScope, type Db, type Queryable } from '../../platform/db/db'
import type { Logger } from '../../platform/logger'
import { newChannelFor } from './channel-policy'
import {
  addChannels,
  findCollector,
  findCollectors,
  syncRegistry,
  updateStatus,
  type CollectorAuth,
  type NewChannel,
} from './collectors.repository'
import { liveKeys } from './live-keys'
import { within, withRetry } from './ingest-retry'
import {
  emptyReadingColumns,
  insertPacketKeyRows,
  insertPacketKeys,
  insertReadingColumns,
  insertReadings,
  isReadingConflict,
  packetKeyId,
  packetStored,
  pushReading,
  type PacketKeyRow,
} from './readings.repository'
import { admit, isRefusal, type Refusal, type StoreResult, type Upload } from './upload'

/**
 * Stores HJ 212 uploads (reliability-security.md promise 3): the packet's natural key and its readings commit in
 * one transaction; a key already present means a retransmit, stored nothing more. Only after the commit are the
 * readings announced on `readings.recorded` and in the live cache; the caller answers the device after that.
 */
export class ReadingsIngestService {
  /** newest DataTime put in the live cache per sensor (one entry per channel: bounded by the registry) */
  private readonly cachedT = new Map<string, string>()

  constructor(
    private readonly db: Db,
    private readonly bus: Bus,
    private readonly log: Logger,
    private readonly busTimeoutMs = 2_000,
  ) {}

  syncRegistry(): Promise<number> {
    return this.db.tx(systemScope, syncRegistry)
  }

  /** For a split part: refused, already stored under its own key (a retransmit of a stored set), or new. */
  partStatus(packet: Hj212Packet, t: string, pno: number): Promise<Refusal | 'stored' | 'new'> {
    return this.db.tx(systemScope, async (q) => {
      const c = admit(await findCollector(q, packet.mn), packet)
      if (isRefusal(c)) return c
      return (await packetStored(q, { mn: packet.mn, cn: packet.cn, t, pno })) ? 'stored' : 'new'
    })
  }

  async store(upload: Upload): Promise<StoreResult> {
    let owner: string | null = null
    const result = await withRetry(() =>
      this.db.tx(systemScope, async (q): Promise<StoreResult> => {
        const c = admit(await findCollector(q, upload.packet.mn), upload.packet)
        if (isRefusal(c)) return c
        owner = c.enterprise_id
        return this.write(q, c, upload)
      }),
    )
    if (result.status === 'stored' && result.readings.length)
      await this.announce(upload, owner, result.readings)
    return result
  }

  /**
   * Stores a group of uploads in one transaction (group commit), retried whole on a transient error.
   * Idempotency stays per upload: each one's natural keys are inserted, and an upload none of whose keys is new
   * — already stored, or an earlier upload of the same group — is a duplicate. Refusals are per upload too.
   * Results are in upload order; stored ones carry `owner` for announceMany. Nothing is announced here.
   *
   * The readings of uploads whose keys are new are inserted with a plain INSERT (cheaper than ON CONFLICT); in
   * the rare case one of them is stored already (the same values under another natural key, e.g. a set sent
   * both split and whole), the transaction is redone keeping the stored values, as `store` does.
   */
  async storeMany(uploads: Upload[]): Promise<StoreResult[]> {
    try {
      return await withRetry(() => this.db.tx(systemScope, (q) => this.writeMany(q, uploads, 'new_only')))
    } catch (err) {
      if (!isReadingConflict(err)) throw err
      return withRetry(() => this.db.tx(systemScope, (q) => this.writeMany(q, uploads, 'skip_existing')))
    }
  }

  private async writeMany(
    q: Queryable,
    uploads: Upload[],
    mode: 'new_only' | 'skip_existing',
  ): Promise<StoreResult[]> {
    const collectors = await findCollectors(q, [...new Set(uploads.map((u) => u.packet.mn))])
    const results: (StoreResult | null)[] = uploads.map(() => null)
    const admitted: { i: number; c: CollectorAuth; keys: string[] }[] = []
    const keyRows: PacketKeyRow[] = []
    for (const [i, u] of uploads.entries()) {
      const c = admit(collectors.get(u.packet.mn) ?? null, u.packet)
      if (isRefusal(c)) {
        results[i] = c
        continue
      }
      const keys = u.pnos.map((pno) => {
        const row = {
          mn: c.mn,
          cn: u.packet.cn,
          t: u.rows.t,
          pno,
          pnum: u.pnum,
          qn: u.packet.qn ?? null,
          enterprise_id: c.enterprise_id,
        }
        keyRows.push(row)
        return packetKeyId(row)
      })
      admitted.push({ i, c, keys })
    }
    const fresh = await insertPacketKeyRows(q, keyRows)
    // (sort key, reading, owner): sorted into primary-key order below
    const readings: { k: string; r: ReadingValue; e: string | null }[] = []
    for (const { i, c, keys } of admitted) {
      // a key is claimed by the first upload that has it: a repeat later in the group is a duplicate
      const mine = keys.filter((k) => fresh.delete(k))
      if (!mine.length) {
        results[i] = { status: 'duplicate' }
        continue
      }
      const u = uploads[i]!
      if (u.rows.kind === 'status') {
        await updateStatus(q, c.mn, u.rows.status, u.rows.t)
        results[i] = { status: 'stored', readings: [], unknownCodes: [], owner: c.enterprise_id }
        continue
      }
      let wanted: NewChannel[] | null = null
      for (const r of u.rows.rows) {
        if (c.channels[r.code]) continue
        const n = newChannelFor(r.code, c.measure)
        if (n) (wanted ??= []).push(n)
      }
      // the collector object is shared by the group's uploads: channels added now serve the later ones
      if (wanted) Object.assign(c.channels, await addChannels(q, c.mn, wanted))
      const stored: ReadingValue[] = []
      const unknownCodes: string[] = []
      const { kind, t } = u.rows
      for (const r of u.rows.rows) {
        const sensorId = c.channels[r.code]
        if (!sensorId) {
          unknownCodes.push(r.code)
          continue
        }
        const v: ReadingValue = { sensor_id: sensorId, kind, t, ...r }
        stored.push(v)
        readings.push({ k: `${sensorId}\u0000${kind}\u0000${t}`, r: v, e: c.enterprise_id })
      }
      results[i] = { status: 'stored', readings: stored, unknownCodes, owner: c.enterprise_id }
    }
    // primary-key order, so concurrent groups take row locks in the same order; a key twice in the group
    // (stable sort: the earlier upload first) keeps its first value, as ON CONFLICT DO NOTHING would
    readings.sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0))
    const columns = emptyReadingColumns()
    for (let j = 0; j < readings.length; j++) {
      const x = readings[j]!
      if (j > 0 && readings[j - 1]!.k === x.k) continue
      pushReading(columns, x.r, x.e)
    }
    await insertReadingColumns(q, columns, mode)
    return results.map((r) => r!)
  }

  /**
   * After a group's commit: one readings.recorded entry per stored upload (pipelined to Redis together) and one
   * live-cache write for the whole group. Logged, never thrown: the data is durable, the devices get answered.
   */
  async announceMany(uploads: Upload[], results: StoreResult[]): Promise<void> {
    const events: ReadingsRecorded[] = []
    const latest: Record<string, ReadingValue> = {}
    results.forEach((r, i) => {
      if (r.status !== 'stored' || !r.readings.length) return
      const packet = uploads[i]!.packet
      events.push({
        source: 'hj212',
        mn: packet.mn,
        cn: packet.cn,
        enterprise_id: r.owner ?? null,
        readings: r.readings,
      })
      Object.assign(latest, this.newerForCache(r.readings))
    })
    if (!events.length) return
    try {
      await within(
        Promise.all(events.map((e) => this.bus.publish(streams.readingsRecorded, e))),
        this.busTimeoutMs,
      )
      if (Object.keys(latest).length)
        await within(this.bus.setLatest(liveKeys.readings, latest), this.busTimeoutMs)
    } catch (err) {
      this.log.error({ err, entries: events.length }, 'readings stored but not announced on the bus')
    }
  }

  /** The live value is real-time or minute data, and never older than what the cache already shows. */
  private newerForCache(readings: ReadingValue[]): Record<string, ReadingValue> {
    const latest: Record<string, ReadingValue> = {}
    for (const r of readings) {
      if (r.kind !== 'rtd' && r.kind !== 'min') continue
      const shown = this.cachedT.get(r.sensor_id)
      if (shown && shown > r.t) continue
      latest[r.sensor_id] = r
      this.cachedT.set(r.sensor_id, r.t)
    }
    return latest
  }

  private async write(
    q: Queryable,
    c: CollectorAuth,
    { packet, rows, pnos, pnum }: Upload,
  ): Promise<StoreResult> {
    const { mn, enterprise_id } = c
    const key = { mn, cn: packet.cn, t: rows.t, pnos, pnum, qn: packet.qn ?? null, enterprise_id }
    if ((await insertPacketKeys(q, key)) === 0) return { status: 'duplicate' }
    if (rows.kind === 'status') {
      await updateStatus(q, mn, rows.status, rows.t)
      return { status: 'stored', readings: [], unknownCodes: [] }
    }
    const wanted = rows.rows
      .filter((r) => !c.channels[r.code])
      .map((r) => newChannelFor(r.code, c.measure))
      .filter((n) => n !== null)
    const channels = { ...c.channels, ...(await addChannels(q, mn, wanted)) }
    const readings: ReadingValue[] = []
    const unknownCodes: string[] = []
    for (const r of rows.rows) {
      const sensorId = channels[r.code]
      if (sensorId) readings.push({ sensor_id: sensorId, kind: rows.kind, t: rows.t, ...r })
      else unknownCodes.push(r.code)
    }
    await insertReadings(
      q,
      readings.map((r) => ({ ...r, enterprise_id })),
    )
    return { status: 'stored', readings, unknownCodes }
  }

  /** After the commit; a bus failure is logged, never thrown: the data is durable and the device is answered. */
  private async announce(upload: Upload, owner: string | null, readings: ReadingValue[]): Promise<void> {
    const event: ReadingsRecorded = {
      source: 'hj212',
      mn: upload.packet.mn,
      cn: upload.packet.cn,
      enterprise_id: owner,
      readings,
    }
    const latest = this.newerForCache(readings)
    try {
      await within(this.bus.publish(streams.readingsRecorded, event), this.busTimeoutMs)
      if (Object.keys(latest).length)
        await within(this.bus.setLatest(liveKeys.readings, latest), this.busTimeoutMs)
    } catch (err) {
      this.log.error({ err, mn: event.mn, cn: event.cn }, 'readings stored but not announced on the bus')
    }
  }
}
