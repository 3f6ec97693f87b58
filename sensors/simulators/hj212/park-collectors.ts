import type { ParkData } from '../../../geodata/types'
import type { SimCollector } from './collector-agent'
import { collectorPassword } from './password'

/** One simulated collector per distinct MN of the park's monitor points, as migration 0005 registers them. */
export function parkCollectors(park: ParkData): SimCollector[] {
  const byMn = new Map<string, SimCollector>()
  for (const f of park.sensors.features) {
    const { kind, mn, measure } = f.properties
    if (kind !== 'monitor_point' || !mn || byMn.has(mn)) continue
    if (measure !== 'wastewater' && measure !== 'waste_gas') continue
    byMn.set(mn, { mn, pw: collectorPassword(mn), measure })
  }
  return [...byMn.values()].sort((a, b) => a.mn.localeCompare(b.mn))
}
