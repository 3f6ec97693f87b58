import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig, type Config } from '../../../../server/platform/config'

const defaults: Config = {
  PORT: 8080,
  HOST: '0.0.0.0',
  DATABASE_URL: undefined,
  REDIS_URL: undefined,
  MQTT_URL: undefined,
  MQTT_TOPIC_PREFIX: 'cpt',
  INGEST_TOKEN: undefined,
  READINGS_RETENTION_DAYS: 1830,
  POSITIONS_RETENTION_DAYS: 365,
  JT808_PORT: 7808,
  HJ212_PORT: 7212,
  ADMIN_PASSWORD: undefined,
  SIM: 'on',
  SIM_TAGS: 60,
  SIM_WORKERS: 60,
  LOG_LEVEL: 'info',
  DATA_DIR: './data',
  SERVICES: ['web', 'realtime', 'ingest', 'worker', 'sim'],
  SESSION_IDLE_MIN: 720,
  SESSION_MAX_MIN: 10080,
  COOKIE_SECURE: false,
  ALLOWED_ORIGINS: [],
}

/** The ConfigError thrown for env, or a failure when none is thrown. */
function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env)
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError)
    return err as ConfigError
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`)
}

describe('loadConfig', () => {
  it('gives the documented defaults for an empty environment', () => {
    expect(loadConfig({})).toEqual(defaults)
  })

  it('parses good values, coercing numbers and splitting lists', () => {
    const c = loadConfig({
      PORT: '9000',
      DATABASE_URL: 'postgresql://u:p@db:5432/park',
      REDIS_URL: 'rediss://cache:6380/2',
      MQTT_URL: 'mqtts://broker:8883',
      SIM: 'off',
      SIM_TAGS: '12',
      LOG_LEVEL: 'debug',
      ADMIN_PASSWORD: 'Str0ng!pass',
      SERVICES: ' web , ingest ',
      COOKIE_SECURE: 'true',
      ALLOWED_ORIGINS: 'https://a.example, https://b.example,',
    })
    expect(c).toMatchObject({
      PORT: 9000,
      DATABASE_URL: 'postgresql://u:p@db:5432/park',
      REDIS_URL: 'rediss://cache:6380/2',
      MQTT_URL: 'mqtts://broker:8883',
      SIM: 'off',
      SIM_TAGS: 12,
      LOG_LEVEL: 'debug',
      ADMIN_PASSWORD: 'Str0ng!pass',
      SERVICES: ['web', 'ingest'],
      COOKIE_SECURE: true,
      ALLOWED_ORIGINS: ['https://a.example', 'https://b.example'],
    })
  })

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['JT808_PORT', '-1'],
    ['DATABASE_URL', 'mysql://x'],
    ['REDIS_URL', 'not-a-url'],
    ['REDIS_URL', 'http://cache:6379'],
    ['MQTT_URL', 'ftp://broker'],
    ['MQTT_TOPIC_PREFIX', 'cpt/#'],
    ['INGEST_TOKEN', 'short'],
    ['READINGS_RETENTION_DAYS', '-1'],
    ['SIM', 'maybe'],
    ['SIM_TAGS', '501'],
    ['LOG_LEVEL', 'loud'],
    ['ADMIN_PASSWORD', 'short'],
    ['SERVICES', 'web,bogus'],
    ['SESSION_IDLE_MIN', '0'],
    ['COOKIE_SECURE', 'yes'],
  ])('rejects %s=%s with a ConfigError naming the variable and value', (key, value) => {
    const err = configError({ [key]: value })
    expect(err.message).toContain(`${key}=${JSON.stringify(value)}`)
  })

  it('reports every bad variable, one line each', () => {
    const lines = configError({ PORT: 'abc', SIM: 'maybe' }).message.split('\n')
    expect(lines.some((l) => l.includes('PORT="abc"'))).toBe(true)
    expect(lines.some((l) => l.includes('SIM="maybe"'))).toBe(true)
  })

  it('does not accept an empty SERVICES list', () => {
    expect(configError({ SERVICES: ' , ' }).message).toContain('SERVICES=')
  })

  // Compose files pass `VAR=` for an empty .env entry: that must mean "unset", never 0 or an error.
  it.each(Object.keys(defaults) as (keyof Config)[])('treats a blank %s as unset', (key) => {
    expect(loadConfig({ [key]: '  ' })[key]).toEqual(defaults[key])
    expect(loadConfig({ [key]: '' })[key]).toEqual(defaults[key])
  })
})
