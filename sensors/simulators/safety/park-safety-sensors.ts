import type { ParkData, TankProps } from '../../../geodata/types'
import { supervisedProcesses, type ProcessParameter } from './profiles'

export type SimSensorKind = 'gas_detector' | 'tank_level' | 'tank_temperature' | 'tank_pressure' | 'process'

export interface SimSensor {
  id: string
  kind: SimSensorKind
  measure: string
  unit: string
  enterprise_id: string
  /** the gateway that reports it: one per enterprise */
  gateway: string
  /** [lon, lat] of the detector, tank or enterprise */
  at: readonly [number, number]
  tank?: { id: string } & Pick<TankProps, 'tank_type' | 'cas' | 'capacity_m3' | 'inventory_t'>
  process?: ProcessParameter
}

export const gatewayOf = (enterpriseId: string) => `GW-${enterpriseId}`

const tankTags = [
  ['LT', 'tank_level', 'level', '%'],
  ['TT', 'tank_temperature', 'temperature', '°C'],
  ['PT', 'tank_pressure', 'pressure', 'kPa'],
] as const

/**
 * The safety sensors of the park as migration 0008 registers them: every gas detector of the park data, a
 * level, temperature and pressure transmitter per tank (`<tank>.LT/.TT/.PT`), and the key process parameters
 * of each enterprise's supervised processes (`PU-<enterprise>-<code>.<tag>`). Sorted by id.
 */
export function parkSafetySensors(park: ParkData): SimSensor[] {
  const out: SimSensor[] = []
  for (const f of park.sensors.features) {
    const s = f.properties
    if (s.kind !== 'gas_detector') continue
    const [lon, lat] = f.geometry.coordinates
    out.push({
      id: f.id,
      kind: 'gas_detector',
      measure: s.measure,
      unit: s.unit,
      enterprise_id: s.enterprise_id,
      gateway: gatewayOf(s.enterprise_id),
      at: [lon!, lat!],
    })
  }
  for (const f of park.tanks.features) {
    const { enterprise_id, tank_type, cas, capacity_m3, inventory_t } = f.properties
    const [lon, lat] = f.geometry.coordinates
    for (const [tag, kind, measure, unit] of tankTags)
      out.push({
        id: `${f.id}.${tag}`,
        kind,
        measure,
        unit,
        enterprise_id,
        gateway: gatewayOf(enterprise_id),
        at: [lon!, lat!],
        tank: { id: f.id, tank_type, cas, capacity_m3, inventory_t },
      })
  }
  for (const e of park.enterprises.features) {
    const ring = e.geometry.coordinates[0]!
    const at = [
      ring.reduce((a, c) => a + c[0]!, 0) / ring.length,
      ring.reduce((a, c) => a + c[1]!, 0) / ring.length,
    ] as const
    for (const name of e.properties.processes) {
      const sp = supervisedProcesses[name]
      if (!sp) continue
      for (const param of sp.parameters)
        out.push({
          id: `PU-${e.id}-${sp.code}.${param.tag}`,
          kind: 'process',
          measure: param.measure,
          unit: param.unit,
          enterprise_id: e.id,
          gateway: gatewayOf(e.id),
          at,
          process: param,
        })
    }
  }
  return out.sort((a, b) => a.id.localeCompare(b.id))
}
