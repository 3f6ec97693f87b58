import type { LiveTag, PositionSample, TagKind } from '../../server/contracts'
import { isNewer } from './frame-batcher'

export interface TagState {
  id: string
  /** null for a tag seen in the stream but not (yet) in a snapshot */
  kind: TagKind | null
  label: string
  enterprise_id: string | null
  last: PositionSample | null
}

export type ConnectionState = 'connecting' | 'connected' | 'disconnected'

/** What changed: `ids` of tags whose position changed, or `full` after a snapshot. */
export interface LiveChange {
  full: boolean
  ids: ReadonlySet<string>
}

type Listener = (change: LiveChange) => void

/** Latest state of every live tag and of the connection; fed by live.socket, read by the UI. */
export class LiveStore {
  readonly tags = new Map<string, TagState>()
  lastHeardMs: number | null = null
  framesReceived = 0
  connection: ConnectionState = 'connecting'
  private readonly listeners = new Set<Listener>()

  subscribe(fn: Listener): () => void {
    this.listeners.add(fn)
    return () => this.listeners.delete(fn)
  }

  /** The REST snapshot is authoritative for which tags exist; a streamed sample newer than it stays. */
  applySnapshot(snapshot: readonly LiveTag[]): void {
    const previous = new Map(this.tags)
    this.tags.clear()
    for (const tag of snapshot) {
      const old = previous.get(tag.id)?.last ?? null
      const last = tag.last && isNewer(tag.last, old) ? tag.last : old
      this.tags.set(tag.id, {
        id: tag.id,
        kind: tag.kind,
        label: tag.label,
        enterprise_id: tag.enterprise_id,
        last,
      })
    }
    this.emit({ full: true, ids: new Set(this.tags.keys()) })
  }

  /** Applies one coalesced batch (newest sample per tag); returns the ids that moved. */
  applyBatch(batch: ReadonlyMap<string, PositionSample>): ReadonlySet<string> {
    const ids = new Set<string>()
    for (const [id, sample] of batch) {
      const tag = this.tags.get(id)
      if (!tag) {
        this.tags.set(id, { id, kind: null, label: id, enterprise_id: null, last: sample })
      } else if (isNewer(sample, tag.last)) {
        tag.last = sample
      } else continue
      ids.add(id)
    }
    if (ids.size > 0) this.emit({ full: false, ids })
    return ids
  }

  noteFrame(nowMs: number): void {
    this.framesReceived++
    this.heard(nowMs)
  }

  heard(nowMs: number): void {
    this.lastHeardMs = nowMs
  }

  setConnection(state: ConnectionState): void {
    this.connection = state
  }

  countByKind(): Record<TagKind | 'unknown', number> {
    const counts = { vehicle: 0, hazmat_vehicle: 0, visitor: 0, contractor: 0, staff: 0, unknown: 0 }
    for (const tag of this.tags.values()) counts[tag.kind ?? 'unknown']++
    return counts
  }

  private emit(change: LiveChange): void {
    for (const fn of [...this.listeners]) fn(change)
  }
}
