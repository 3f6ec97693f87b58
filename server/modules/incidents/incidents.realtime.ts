// Incident updates pushed to the command center: the incidents service publishes each declaration, weather change
// and closing on the `incidents.updated` stream after its commit; the realtime role tails it and emits
// `incident.updated` to every signed-in socket (an incident concerns the whole park; the message names the
// incident, its kind, status and weather, and a client fetches GET /api/v1/incidents/:id for zones and people).
import type { IncidentUpdated } from '../../contracts/incidents'
import type { Bus, Subscription } from '../../platform/bus/bus'
import type { Logger } from '../../platform/logger'
import type { IoServer } from '../../platform/realtime/socket-server'

/** Broadcast stream (tail, no consumer group): the incidents table and its log are the record. */
export const incidentsStream = 'incidents.updated'

/** Sockets are admitted only after sign-in (socket-server.ts), so a namespace-wide emit reaches signed-in clients. */
export function startIncidentRealtime(io: IoServer, bus: Bus, log: Logger): Subscription {
  const sub = bus.tail<IncidentUpdated>(incidentsStream, (entries) => {
    for (const entry of entries) io.emit('incident.updated', entry.payload)
  })
  log.debug('incident realtime ready')
  return { stop: () => sub.stop() }
}
