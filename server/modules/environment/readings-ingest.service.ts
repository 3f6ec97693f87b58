import type { Hj212Packet } from '../../../sensors/protocols/hj212'
import type { ReadingsRecorded, ReadingValue } from '../../contracts'
import { streams, type Bus } from '../../platform/bus/bus'
import { systemScope, type Db, type Queryable } from '../../platform/db/db'
import type { Logger } from '../../platform/logger'
import { newChannelFor } from './channel-policy'
import {
  addChannels,
  findCollector,
  syncRegistry,
  updateStatus,
  type CollectorAuth,
} from './collectors.repository'
import { liveKeys } from './live-keys'
import { within, withRetry } from './ingest-retry'
import { insertPacketKeys, insertReadings, packetStored } from './readings.repository'
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
    // the live value is real-time or minute data, and never older than what the cache already shows
    const latest: Record<string, ReadingValue> = {}
    for (const r of readings) {
      if (r.kind !== 'rtd' && r.kind !== 'min') continue
      const shown = this.cachedT.get(r.sensor_id)
      if (shown && shown > r.t) continue
      latest[r.sensor_id] = r
      this.cachedT.set(r.sensor_id, r.t)
    }
    try {
      await within(this.bus.publish(streams.readingsRecorded, event), this.busTimeoutMs)
      if (Object.keys(latest).length)
        await within(this.bus.setLatest(liveKeys.readings, latest), this.busTimeoutMs)
    } catch (err) {
      this.log.error({ err, mn: event.mn, cn: event.cn }, 'readings stored but not announced on the bus')
    }
  }
}
