/**
 * One family of topics of the MQTT ingest: the safety sensors now, the positioning-card gateways
 * (`<prefix>/v1/cards/…`) next. A handler resolves once a message is settled (stored or refused), which is
 * when the ingest answers it; it rejects when the message should be delivered again.
 */
export interface MqttHandler {
  name: string
  /** subscription filters (QoS 1) */
  filters: string[]
  handle(topic: string, payload: Uint8Array): Promise<void>
}
