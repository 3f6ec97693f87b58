// Positioning-card (定位卡) gateway feeds and gate (卡口) events over MQTT and HTTP: topics, one JSON schema
// each, pure decoding with a reason code for every refusal.
export * from './reasons'
export * from './topics'
export * from './schema'
export * from './decode'
