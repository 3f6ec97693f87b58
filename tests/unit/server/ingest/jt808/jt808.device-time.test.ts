import { describe, expect, it } from 'vitest'
import {
  classifyDeviceTime,
  defaultDeviceTimePolicy,
} from '../../../../../server/ingest/jt808/jt808.device-time'

const now = Date.parse('2026-06-01T00:00:00Z')
const at = (offsetMs: number) => new Date(now + offsetMs).toISOString()
const MIN = 60_000
const DAY = 86_400_000

describe('device time plausibility', () => {
  it.each([
    ['now', at(0), 'ok'],
    ['9 minutes ahead (clock skew)', at(9 * MIN), 'ok'],
    ['11 minutes ahead', at(11 * MIN), 'future'],
    ['6 days old (blind-area re-send)', at(-6 * DAY), 'ok'],
    ['8 days old', at(-8 * DAY), 'stale'],
  ])('%s is %s', (_name, t, want) => {
    expect(classifyDeviceTime(t, now)).toBe(want)
  })

  it('takes its limits from the policy', () => {
    const strict = { ...defaultDeviceTimePolicy, futureSkewMs: 0, staleAfterMs: MIN }
    expect(classifyDeviceTime(at(1000), now, strict)).toBe('future')
    expect(classifyDeviceTime(at(-2 * MIN), now, strict)).toBe('stale')
  })
})
