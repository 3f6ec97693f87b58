// Safety sensors (gas detectors, tank level/temperature/pressure, key process parameters) over MQTT and
// HTTP: topic layout, one JSON schema, pure decoding with a reason code for every refusal. See README.md.
export * from './reasons'
export * from './topics'
export * from './flags'
export * from './schema'
export * from './decode'
export * from './encode'
