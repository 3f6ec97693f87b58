// Counters of one JT/T 808 listener, exposed by stats() and kept in memory (reliability-security.md:
// count every rejection). Rejections that reach the database are logged separately, rate-limited.
import type { Jt808Kind, RejectReason } from '../../../sensors/protocols/jt808'

/** Why a frame, message or connection was refused; the codec's reasons plus the session's. */
export type Jt808RejectReason =
  | RejectReason
  /** a split part the reassembler refused (range, size, inconsistent total) */
  | 'reassembly'
  /** a report, heartbeat or deregistration on a connection not authenticated for its terminal */
  | 'unauthenticated'
  /** 0x0102 with a wrong or cleared code, or for a terminal without a tag */
  | 'auth_failed'
  /** 0x0100 from a terminal nobody provisioned while auto-enrolment is off */
  | 'unknown_terminal'
  /** more terminals authenticated on one connection than the limit */
  | 'too_many_terminals'
  /** an id the platform does not handle (answered 0x8001 result 3) */
  | 'unsupported'
  /** a handler failed (database down); the terminal got no answer or result 1 */
  | 'handler_failed'
  /** connection closed for too many consecutive rejections or too much garbage */
  | 'flood'

export interface Jt808Stats {
  connections: {
    active: number
    accepted: number
    /** closed at once because maxConnections were open */
    refused: number
    closedIdle: number
    closedFlood: number
    /** closed because the peer did not read our answers */
    closedSlowReader: number
  }
  /** decoded messages by kind (split parts count as 'fragment', then once more when complete) */
  messages: Partial<Record<Jt808Kind, number>>
  answers: number
  terminals: { registered: number; enrolled: number; authenticated: number; deregistered: number }
  positions: {
    /** rows inserted */
    stored: number
    /** valid samples the natural key dropped (retransmits) */
    duplicates: number
    /** reports without a fix (status bit 1 clear): answered, nothing stored */
    noFix: number
    /** fixed reports without a usable time or position (toPositionSample → null) */
    invalidFix: number
    /** stored, but more than futureSkewMs ahead of the server clock: not sent live */
    future: number
    /** stored, but older than staleAfterMs: not sent live */
    stale: number
    published: number
    /** live publications dropped (bus slow or down); the rows are stored all the same */
    publishDropped: number
    /** terminal alarms raised or returned to normal (SOS, collision, rollover, overspeed, fatigue) */
    alarmChanges: number
  }
  rejections: Partial<Record<Jt808RejectReason, number>>
  /** group commit of location reports (jt808.locations.ts), filled in by stats() */
  groupCommit: {
    /** transactions committed or tried */
    groups: number
    /** reports in them */
    reports: number
    /** most reports in one group */
    largest: number
    failedGroups: number
    /** positions waiting for a group, and being committed, right now */
    queuedPositions: number
    committingPositions: number
    /** whether connections are holding off reading (queue past its limit) */
    full: boolean
    /** times the queue passed its limit */
    pauses: number
    /** times a connection stopped reading to wait for room */
    connectionWaits: number
  }
}

export function createStats(): Jt808Stats {
  return {
    connections: { active: 0, accepted: 0, refused: 0, closedIdle: 0, closedFlood: 0, closedSlowReader: 0 },
    messages: {},
    answers: 0,
    terminals: { registered: 0, enrolled: 0, authenticated: 0, deregistered: 0 },
    positions: {
      stored: 0,
      duplicates: 0,
      noFix: 0,
      invalidFix: 0,
      future: 0,
      stale: 0,
      published: 0,
      publishDropped: 0,
      alarmChanges: 0,
    },
    rejections: {},
    groupCommit: {
      groups: 0,
      reports: 0,
      largest: 0,
      failedGroups: 0,
      queuedPositions: 0,
      committingPositions: 0,
      full: false,
      pauses: 0,
      connectionWaits: 0,
    },
  }
}

export function bump<K extends string>(counts: Partial<Record<K, number>>, key: K, n = 1): void {
  counts[key] = (counts[key] ?? 0) + n
}

/** A deep copy, so callers can keep and compare snapshots. */
export function snapshot(stats: Jt808Stats): Jt808Stats {
  return structuredClone(stats)
}
