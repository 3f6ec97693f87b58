// 0x0200 location reports and 0x0704 batches (JT/T 808 位置信息汇报 / 定位数据批量上传): store first, in one
// transaction, then answer, then publish live (reliability-security.md §3: a device is answered
// only after its data is durable, so a retransmit is a dropped duplicate, never a gap).
import { toPositionSample, type Jt808Location } from '../../../sensors/protocols/jt808'
import type { PositionSample } from '../../contracts'
import { systemScope } from '../../platform/db/db'
import { insertPositions } from '../../modules/tags/tags.repository'
import { touchTerminal } from '../../modules/tags/terminals.repository'
import { positionProps } from './jt808.alarms'
import { classifyDeviceTime } from './jt808.device-time'
import type { HandlerContext } from './jt808.handlers'

/** Stores what is usable of `locations` and returns the samples fit for the live pipeline. */
export async function storeLocations(
  ctx: HandlerContext,
  terminal: string,
  tagId: string,
  locations: readonly Jt808Location[],
): Promise<PositionSample[]> {
  const { stats } = ctx
  const samples: PositionSample[] = []
  const props: (Record<string, unknown> | null)[] = []
  for (const loc of locations) {
    const tp = toPositionSample(terminal, loc)
    // an unfixed report is valid data (the terminal is alive), just not a position
    if (!tp) {
      if (loc.flags.fixed) stats.positions.invalidFix++
      else stats.positions.noFix++
      continue
    }
    samples.push({ ...tp.sample, tag_id: tagId })
    props.push(positionProps(loc))
  }
  const stored = await ctx.db.tx(systemScope, async (q) => {
    const n = await insertPositions(q, samples, props)
    await touchTerminal(q, terminal)
    return n
  })
  stats.positions.stored += stored
  stats.positions.duplicates += samples.length - stored
  const now = ctx.now()
  return samples.filter((s) => {
    const c = classifyDeviceTime(s.t, now, ctx.timePolicy)
    if (c !== 'ok') stats.positions[c]++
    return c === 'ok'
  })
}
