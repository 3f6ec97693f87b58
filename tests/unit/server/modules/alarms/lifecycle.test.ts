import { describe, expect, it } from 'vitest'
import type { AlarmState } from '../../../../../server/contracts/alarms'
import {
  isRefusal,
  reduce,
  type Actor,
  type AlarmRecord,
  type LifecycleEvent,
  type RefusalKind,
} from '../../../../../server/modules/alarms/lifecycle'

const now = 1_000_000
const H = 3_600_000
const user = (role: 'park_admin' | 'operator' | 'enterprise_user' | 'screen'): Actor => ({
  kind: 'user',
  id: `id-${role}`,
  username: role,
  role,
})
const admin = user('park_admin')
const op = user('operator')
const ent = user('enterprise_user')
const screen = user('screen')

function rec(state: AlarmState, patch: Partial<AlarmRecord> = {}): AlarmRecord {
  return {
    state,
    conditionActive: state === 'unack' || state === 'ack',
    count: 1,
    value: 30,
    peak: 30,
    lastEventTime: 500,
    annunciatedAt: 0,
    ackedAt: null,
    ackedBy: null,
    shelvedUntil: state === 'shelved' ? now + H : null,
    escalatedAt: null,
    version: 3,
    ...patch,
  }
}
const active = { conditionActive: true }
const normal = { conditionActive: false }

type Row = [string, AlarmRecord | null, LifecycleEvent, AlarmState, Partial<AlarmRecord>?]
// ISA-18.2 state transitions that are allowed: [name, before, event, state after, fields after]
const allowed: Row[] = [
  [
    'raise from normal',
    null,
    { type: 'raise', t: 600, value: 30 },
    'unack',
    { count: 1, version: 1, annunciatedAt: now },
  ],
  [
    're-trigger while unack',
    rec('unack'),
    { type: 'raise', t: 600, value: 40 },
    'unack',
    { count: 2, peak: 40, value: 40 },
  ],
  [
    're-trigger while ack stays ack',
    rec('ack'),
    { type: 'raise', t: 600, value: 20 },
    'ack',
    { count: 2, peak: 30 },
  ],
  [
    'low re-trigger keeps the lowest peak',
    rec('unack'),
    { type: 'raise', t: 600, value: 10, direction: 'low' },
    'unack',
    { peak: 10 },
  ],
  [
    're-trigger after rtn annunciates again',
    rec('rtn_unack'),
    { type: 'raise', t: 600, value: 30 },
    'unack',
    { ...active, annunciatedAt: now },
  ],
  [
    'raise while shelved stays shelved',
    rec('shelved', normal),
    { type: 'raise', t: 600, value: 30 },
    'shelved',
    active,
  ],
  [
    'raise while suppressed stays suppressed',
    rec('suppressed', normal),
    { type: 'raise', t: 600, value: 30 },
    'suppressed',
    active,
  ],
  [
    'raise while out of service stays so',
    rec('out_of_service', normal),
    { type: 'raise', t: 600, value: 30 },
    'out_of_service',
    active,
  ],
  [
    'rtn of unack',
    rec('unack'),
    { type: 'return_to_normal', t: 600 },
    'rtn_unack',
    { ...normal, lastEventTime: 600 },
  ],
  ['rtn of ack clears', rec('ack'), { type: 'return_to_normal', t: 600 }, 'cleared', normal],
  ['rtn while shelved', rec('shelved', active), { type: 'return_to_normal', t: 600 }, 'shelved', normal],
  [
    'rtn while suppressed',
    rec('suppressed', active),
    { type: 'return_to_normal', t: 600 },
    'suppressed',
    normal,
  ],
  [
    'rtn while out of service',
    rec('out_of_service', active),
    { type: 'return_to_normal', t: 600 },
    'out_of_service',
    normal,
  ],
  [
    'ack of unack',
    rec('unack'),
    { type: 'acknowledge', by: op },
    'ack',
    { ackedAt: now, ackedBy: 'operator' },
  ],
  ['ack of rtn_unack clears', rec('rtn_unack'), { type: 'acknowledge', by: admin }, 'cleared'],
  ['enterprise user acks', rec('unack'), { type: 'acknowledge', by: ent }, 'ack'],
  [
    'shelve unack',
    rec('unack'),
    { type: 'shelve', by: op, until: now + H, reason: 'sensor drift' },
    'shelved',
    { shelvedUntil: now + H },
  ],
  ['shelve ack', rec('ack'), { type: 'shelve', by: admin, until: now + 8 * H, reason: 'r' }, 'shelved'],
  ['shelve rtn_unack', rec('rtn_unack'), { type: 'shelve', by: op, until: now + 1, reason: 'r' }, 'shelved'],
  [
    'unshelve, condition active',
    rec('shelved', active),
    { type: 'unshelve', by: op },
    'unack',
    { shelvedUntil: null, annunciatedAt: now },
  ],
  ['unshelve, condition normal', rec('shelved', normal), { type: 'unshelve', by: admin }, 'cleared'],
  [
    'shelf expiry, active',
    rec('shelved', { ...active, shelvedUntil: now }),
    { type: 'shelf_expired' },
    'unack',
  ],
  [
    'shelf expiry, normal',
    rec('shelved', { ...normal, shelvedUntil: now - 1 }),
    { type: 'shelf_expired' },
    'cleared',
  ],
  [
    'remove unack from service',
    rec('unack'),
    { type: 'remove_from_service', by: admin, reason: 'broken' },
    'out_of_service',
  ],
  [
    'remove ack from service',
    rec('ack'),
    { type: 'remove_from_service', by: admin, reason: 'r' },
    'out_of_service',
  ],
  [
    'remove rtn_unack from service',
    rec('rtn_unack'),
    { type: 'remove_from_service', by: admin, reason: 'r' },
    'out_of_service',
  ],
  [
    'remove shelved from service',
    rec('shelved'),
    { type: 'remove_from_service', by: admin, reason: 'r' },
    'out_of_service',
    { shelvedUntil: null },
  ],
  [
    'remove suppressed from service',
    rec('suppressed'),
    { type: 'remove_from_service', by: admin, reason: 'r' },
    'out_of_service',
  ],
  [
    'return to service, active',
    rec('out_of_service', active),
    { type: 'return_to_service', by: admin },
    'unack',
  ],
  [
    'return to service, normal',
    rec('out_of_service', normal),
    { type: 'return_to_service', by: admin },
    'cleared',
  ],
  ['suppress unack', rec('unack'), { type: 'suppress' }, 'suppressed'],
  ['suppress ack', rec('ack'), { type: 'suppress' }, 'suppressed'],
  ['suppress rtn_unack', rec('rtn_unack'), { type: 'suppress' }, 'suppressed'],
  ['unsuppress, active', rec('suppressed', active), { type: 'unsuppress' }, 'unack', { ackedAt: null }],
  ['unsuppress, normal', rec('suppressed', normal), { type: 'unsuppress' }, 'cleared'],
  ['escalate unack', rec('unack'), { type: 'escalate' }, 'unack', { escalatedAt: now }],
  ['escalate rtn_unack', rec('rtn_unack'), { type: 'escalate' }, 'rtn_unack', { escalatedAt: now }],
]

type Refused = [string, AlarmRecord | null, LifecycleEvent, RefusalKind]
const refused: Refused[] = [
  ['rtn with no alarm', null, { type: 'return_to_normal', t: 600 }, 'invalid_transition'],
  ['ack with no alarm', null, { type: 'acknowledge', by: op }, 'invalid_transition'],
  ['replayed raise (same time)', rec('unack'), { type: 'raise', t: 500, value: 30 }, 'no_change'],
  ['raise older than the newest event', rec('ack'), { type: 'raise', t: 400, value: 30 }, 'no_change'],
  ['raise on a cleared record', rec('cleared'), { type: 'raise', t: 600, value: 30 }, 'invalid_transition'],
  ['rtn older than the newest event', rec('unack'), { type: 'return_to_normal', t: 499 }, 'no_change'],
  ['rtn when already normal', rec('rtn_unack'), { type: 'return_to_normal', t: 600 }, 'no_change'],
  ['ack twice', rec('ack'), { type: 'acknowledge', by: op }, 'invalid_transition'],
  ['ack a shelved alarm', rec('shelved'), { type: 'acknowledge', by: op }, 'invalid_transition'],
  ['ack a suppressed alarm', rec('suppressed'), { type: 'acknowledge', by: op }, 'invalid_transition'],
  ['ack out of service', rec('out_of_service'), { type: 'acknowledge', by: op }, 'invalid_transition'],
  ['ack a cleared alarm', rec('cleared'), { type: 'acknowledge', by: op }, 'invalid_transition'],
  ['screen acks', rec('unack'), { type: 'acknowledge', by: screen }, 'not_permitted'],
  [
    'enterprise user shelves',
    rec('unack'),
    { type: 'shelve', by: ent, until: now + H, reason: 'r' },
    'not_permitted',
  ],
  [
    'shelve without reason',
    rec('unack'),
    { type: 'shelve', by: op, until: now + H, reason: '  ' },
    'reason_required',
  ],
  [
    'shelve into the past',
    rec('unack'),
    { type: 'shelve', by: op, until: now, reason: 'r' },
    'invalid_until',
  ],
  [
    'shelve beyond 8 h',
    rec('unack'),
    { type: 'shelve', by: op, until: now + 8 * H + 1, reason: 'r' },
    'invalid_until',
  ],
  [
    'shelve twice',
    rec('shelved'),
    { type: 'shelve', by: op, until: now + H, reason: 'r' },
    'invalid_transition',
  ],
  [
    'shelve out of service',
    rec('out_of_service'),
    { type: 'shelve', by: op, until: now + H, reason: 'r' },
    'invalid_transition',
  ],
  ['unshelve an unshelved alarm', rec('unack'), { type: 'unshelve', by: op }, 'invalid_transition'],
  ['enterprise user unshelves', rec('shelved'), { type: 'unshelve', by: ent }, 'not_permitted'],
  [
    'shelf expiry before until',
    rec('shelved', { shelvedUntil: now + 1 }),
    { type: 'shelf_expired' },
    'no_change',
  ],
  ['shelf expiry of unshelved', rec('ack'), { type: 'shelf_expired' }, 'invalid_transition'],
  [
    'operator removes from service',
    rec('unack'),
    { type: 'remove_from_service', by: op, reason: 'r' },
    'not_permitted',
  ],
  [
    'removal without reason',
    rec('unack'),
    { type: 'remove_from_service', by: admin, reason: '' },
    'reason_required',
  ],
  [
    'remove twice',
    rec('out_of_service'),
    { type: 'remove_from_service', by: admin, reason: 'r' },
    'invalid_transition',
  ],
  ['return in service alarm', rec('unack'), { type: 'return_to_service', by: admin }, 'invalid_transition'],
  [
    'operator returns to service',
    rec('out_of_service'),
    { type: 'return_to_service', by: op },
    'not_permitted',
  ],
  ['suppress twice', rec('suppressed'), { type: 'suppress' }, 'no_change'],
  ['suppress shelved', rec('shelved'), { type: 'suppress' }, 'no_change'],
  ['unsuppress a normal alarm', rec('unack'), { type: 'unsuppress' }, 'no_change'],
  ['escalate ack', rec('ack'), { type: 'escalate' }, 'invalid_transition'],
  ['escalate twice', rec('unack', { escalatedAt: 5 }), { type: 'escalate' }, 'no_change'],
  ['escalate shelved', rec('shelved'), { type: 'escalate' }, 'invalid_transition'],
]

describe('alarm lifecycle reducer (ISA-18.2)', () => {
  it.each(allowed)('%s', (_name, before, event, state, fields = {}) => {
    const out = reduce(before, event, now)
    if (isRefusal(out)) throw new Error(`refused: ${out.message}`)
    expect(out.record.state).toBe(state)
    expect(out.record).toMatchObject(fields)
    expect(out.event).toBe(event.type)
    if (before) expect(out.record.version).toBe(before.version + 1)
  })

  it.each(refused)('refuses: %s', (_name, before, event, kind) => {
    const out = reduce(before, event, now)
    expect(isRefusal(out) && out.refused).toBe(kind)
    if (isRefusal(out)) expect(out.message.length).toBeGreaterThan(5)
  })

  it('every accepted transition bumps the version once and never touches the input', () => {
    const before = rec('unack')
    const frozen = structuredClone(before)
    const a = reduce(before, { type: 'acknowledge', by: op }, now)
    expect(before).toEqual(frozen)
    expect(!isRefusal(a) && a.record.version).toBe(4)
  })

  it('runs a full cycle: raise, ack, rtn clears; a later raise needs a new record', () => {
    let r = reduce(null, { type: 'raise', t: 1, value: 30 }, now)
    for (const e of [
      { type: 'acknowledge', by: op },
      { type: 'return_to_normal', t: 2 },
    ] as LifecycleEvent[]) {
      if (isRefusal(r)) throw new Error(r.message)
      r = reduce(r.record, e, now)
    }
    expect(!isRefusal(r) && r.record).toMatchObject({ state: 'cleared', conditionActive: false, version: 3 })
  })
})
