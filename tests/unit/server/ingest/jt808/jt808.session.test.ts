import { describe, expect, it } from 'vitest'
import {
  authenticatedTag,
  hasRoomFor,
  initialSession,
  MAX_TERMINALS_PER_CONNECTION,
  reduceSession,
  type SessionEvent,
  type SessionState,
} from '../../../../../server/ingest/jt808/jt808.session'

const run = (...events: SessionEvent[]): SessionState => events.reduce(reduceSession, initialSession)
const auth = (terminal: string, tagId = `tag-${terminal}`): SessionEvent => ({
  type: 'authenticated',
  terminal,
  tagId,
})

describe('JT/T 808 session reducer', () => {
  it('starts unauthenticated', () => {
    expect(authenticatedTag(initialSession, '1')).toBeNull()
  })

  it.each<[string, SessionEvent[], string, string | null]>([
    ['authentication', [auth('1')], '1', 'tag-1'],
    ['authentication of another terminal', [auth('1')], '2', null],
    ['a failed authentication', [auth('1'), { type: 'auth_failed', terminal: '1' }], '1', null],
    ['a failure of another terminal', [auth('1'), { type: 'auth_failed', terminal: '2' }], '1', 'tag-1'],
    ['re-registration (fresh code)', [auth('1'), { type: 'registered', terminal: '1' }], '1', null],
    ['deregistration', [auth('1'), { type: 'deregistered', terminal: '1' }], '1', null],
    [
      'authentication after deregistration',
      [auth('1'), { type: 'deregistered', terminal: '1' }, auth('1')],
      '1',
      'tag-1',
    ],
    ['a second terminal on the connection', [auth('1'), auth('2')], '1', 'tag-1'],
    ['re-authentication under a new tag', [auth('1'), auth('1', 'other')], '1', 'other'],
  ])('after %s', (_name, events, terminal, tag) => {
    expect(authenticatedTag(run(...events), terminal)).toBe(tag)
  })

  it('returns the same state when nothing changes', () => {
    const s = run(auth('1'))
    expect(reduceSession(s, auth('1'))).toBe(s)
    expect(reduceSession(s, { type: 'deregistered', terminal: '9' })).toBe(s)
  })

  it('never mutates the previous state', () => {
    const s = run(auth('1'))
    reduceSession(s, { type: 'deregistered', terminal: '1' })
    expect(authenticatedTag(s, '1')).toBe('tag-1')
  })

  it(`holds at most ${MAX_TERMINALS_PER_CONNECTION} terminals per connection`, () => {
    const full = run(...Array.from({ length: MAX_TERMINALS_PER_CONNECTION }, (_, i) => auth(String(i))))
    expect(hasRoomFor(full, 'new')).toBe(false)
    expect(hasRoomFor(full, '0')).toBe(true)
    expect(authenticatedTag(reduceSession(full, auth('new')), 'new')).toBeNull()
  })
})
