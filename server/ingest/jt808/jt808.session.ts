// Connection state of a JT/T 808 session as a pure reducer (JT/T 808 终端注册 / 终端鉴权: a terminal
// registers once, then authenticates on every connection before it may report). A connection
// starts unauthenticated and becomes authenticated per terminal: a relay may carry several
// terminals on one TCP connection, each with its own 0x0102.

/** Terminals a connection may authenticate at once; bounds memory per connection. */
export const MAX_TERMINALS_PER_CONNECTION = 64

export interface SessionState {
  /** terminal key (phone without leading zeros) → its tag */
  readonly terminals: ReadonlyMap<string, string>
}

export type SessionEvent =
  /** 0x0102 with the stored code: 0x8001 result 0 */
  | { type: 'authenticated'; terminal: string; tagId: string }
  /** 0x0102 refused: a terminal that was authenticated here loses it too */
  | { type: 'auth_failed'; terminal: string }
  /** 0x0100: a fresh code replaces the old one, so the terminal authenticates again */
  | { type: 'registered'; terminal: string }
  /** 0x0003 */
  | { type: 'deregistered'; terminal: string }

export const initialSession: SessionState = { terminals: new Map() }

export function reduceSession(state: SessionState, event: SessionEvent): SessionState {
  const has = state.terminals.has(event.terminal)
  if (event.type === 'authenticated') {
    if (state.terminals.get(event.terminal) === event.tagId) return state
    if (!has && state.terminals.size >= MAX_TERMINALS_PER_CONNECTION) return state
    return { terminals: new Map(state.terminals).set(event.terminal, event.tagId) }
  }
  if (!has) return state
  const terminals = new Map(state.terminals)
  terminals.delete(event.terminal)
  return { terminals }
}

/** The tag a terminal reports as on this connection, or null while it is not authenticated. */
export function authenticatedTag(state: SessionState, terminal: string): string | null {
  return state.terminals.get(terminal) ?? null
}

/** Whether one more terminal may authenticate on this connection. */
export function hasRoomFor(state: SessionState, terminal: string): boolean {
  return state.terminals.has(terminal) || state.terminals.size < MAX_TERMINALS_PER_CONNECTION
}
