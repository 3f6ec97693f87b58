import { z } from 'zod'

// One validated environment object (outline habit): a bad value stops start-up with a readable message.
const port = (def: number) => z.coerce.number().int().min(0).max(65535).default(def)
const url = (protocols: string[]) =>
  z
    .string()
    .url()
    .refine((u) => protocols.some((p) => u.startsWith(`${p}://`)), {
      message: `must start with ${protocols.map((p) => `${p}://`).join(' or ')}`,
    })
const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v)

export const envSchema = z.object({
  /** HTTP + Socket.IO port of the command center */
  PORT: port(8080),
  /** Interface to bind (0.0.0.0 for all) */
  HOST: z.string().min(1).default('0.0.0.0'),
  /** PostgreSQL 15 + PostGIS 3. Unset: embedded PGlite with PostGIS, data in DATA_DIR */
  DATABASE_URL: z.preprocess(blankToUndefined, url(['postgres', 'postgresql']).optional()),
  /** Redis for streams, live cache and the Socket.IO adapter. Unset: in-process bus */
  REDIS_URL: z.preprocess(blankToUndefined, url(['redis', 'rediss']).optional()),
  /** Namespace of every Redis stream and key (several parks or test servers sharing one Redis) */
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'letters, digits and _ . : - only')
    .optional(),
  /** MQTT broker (positioning gateways, safety sensors). Unset: MQTT ingest off */
  MQTT_URL: z.preprocess(blankToUndefined, url(['mqtt', 'mqtts', 'ws', 'wss', 'tcp']).optional()),
  /** Prefix of every MQTT topic this platform subscribes to (several parks on one broker) */
  MQTT_TOPIC_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/, 'topic levels of letters, digits, _ and - separated by /')
    .default('cpt'),
  /**
   * Bearer token devices and gateways present on POST /api/v1/ingest/*. Unset: those endpoints accept
   * park staff sessions only, and the in-process simulators get a random token generated at start.
   */
  INGEST_TOKEN: z.preprocess(
    blankToUndefined,
    z.string().min(16, 'must be at least 16 characters').max(200).optional(),
  ),
  /** Days of sensor readings kept (day partitions older than this are dropped); 0 keeps everything */
  READINGS_RETENTION_DAYS: z.coerce.number().int().min(0).max(36500).default(1830),
  /** Days of positions kept; 0 keeps everything */
  POSITIONS_RETENTION_DAYS: z.coerce.number().int().min(0).max(36500).default(365),
  /** JT/T 808 terminals TCP port */
  JT808_PORT: port(7808),
  /** HJ 212-2017 data collectors TCP port */
  HJ212_PORT: port(7212),
  /** Password of the seeded `admin` user when it is first created; unset: generated and printed once */
  ADMIN_PASSWORD: z.preprocess(
    blankToUndefined,
    z.string().min(8, 'must be at least 8 characters').optional(),
  ),
  /** Device simulators: on|off */
  SIM: z.enum(['on', 'off']).default('on'),
  /** Number of simulated positioning cards */
  SIM_TAGS: z.coerce.number().int().min(0).max(500).default(60),
  /** Number of simulated on-site workers (operators and contractors at their units, on top of SIM_TAGS) */
  SIM_WORKERS: z.coerce.number().int().min(0).max(500).default(60),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Where the embedded database and uploaded files live */
  DATA_DIR: z.string().min(1).default('./data'),
  /** Process roles of this node */
  SERVICES: z
    .string()
    .default('web,realtime,ingest,worker,sim')
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(['web', 'realtime', 'ingest', 'worker', 'sim'])).min(1)),
  /** Session idle and absolute timeouts, minutes */
  SESSION_IDLE_MIN: z.coerce.number().int().min(1).default(720),
  SESSION_MAX_MIN: z.coerce.number().int().min(1).default(10080),
  /** Set `Secure` on the session cookie (behind HTTPS) */
  COOKIE_SECURE: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  /** Comma-separated extra origins allowed for Socket.IO and CORS */
  ALLOWED_ORIGINS: z
    .string()
    .default('')
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    ),
})
export type Config = z.infer<typeof envSchema>

export class ConfigError extends Error {}

/** Parses the environment; throws ConfigError with one line per bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // A blank variable (`PORT=` in a .env file) means "use the default", never 0 or "".
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v === undefined || v.trim() !== ''),
  )
  const parsed = envSchema.safeParse(cleaned)
  if (parsed.success) return parsed.data
  const lines = parsed.error.issues.map((i) => {
    const key = String(i.path[0] ?? '?')
    const raw = env[key]
    return `  ${key}=${raw === undefined ? '(unset)' : JSON.stringify(raw)}: ${i.message}`
  })
  throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`)
}
