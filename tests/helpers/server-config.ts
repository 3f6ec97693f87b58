import { loadConfig, type Config } from '../../server/platform/config'

/**
 * A server configuration for tests: HTTP and every device listener on an ephemeral loopback port
 * (so test servers never collide with each other or with a running product), quiet logs; `env`
 * adds the services and overrides any default.
 */
export function testConfig(env: Record<string, string | undefined>): Config {
  return loadConfig({
    PORT: '0',
    HJ212_PORT: '0',
    JT808_PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    ...env,
  })
}
