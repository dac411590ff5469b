import { z } from 'zod'

const configSchema = z.object({
  CSP_DATABASE_URL: z.string().min(1).default('./data/csp.sqlite'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  CSP_BASE_URL: z.string().url().optional(),
  CSP_COOKIE_SECRET: z.string().min(16).optional(),
  CSP_LOAD_DEMO: z.enum(['0', '1', 'true', 'false']).default('1'),
  CSP_CRIME_SCANNER: z.enum(['wasm', 'js']).default('wasm'),
  CSP_IMPORT_WORKERS: z.union([z.literal('auto'), z.coerce.number().int().min(0).max(64)]).default('auto'),
  CSP_UPLOAD_LIMIT_MB: z.coerce.number().int().min(1).max(100000).default(1024),
  CSP_MAX_RECORD_KB: z.coerce
    .number()
    .int()
    .min(1)
    .max(1024 * 1024)
    .default(1024),
  CSP_MAX_UNPACKED_MB: z.coerce.number().int().min(1).max(10_000_000).default(20480),
  CSP_MAX_BOUNDARY_VERTICES: z.coerce.number().int().min(1000).max(1_000_000_000).default(5_000_000),
  CSP_TRUSTED_PROXIES: z.string().optional(),
  CSP_RATE_LIMIT: z.coerce.number().int().min(1).max(1_000_000).default(600),
  CSP_CONTACT_EMAIL: z.string().email().optional(),
  CSP_MAP_TILES: z.string().url().optional(),
  CHROMIUM_PATH: z.string().min(1).default('/usr/bin/chromium'),
  CSP_SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'an smtp:// or smtps:// address, such as smtp://user:pass@mail.example.org:587')
    .optional(),
  CSP_MAIL_FROM: z.string().min(3).optional(),
  CSP_MAP_ATTRIBUTION: z.string().max(300).optional(),
  CSP_OIDC_ISSUER: z.string().url().optional(),
  CSP_OIDC_CLIENT_ID: z.string().min(1).optional(),
  CSP_OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  CSP_OIDC_LABEL: z.string().min(1).max(80).default('your organisation account'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NODE_ENV: z.string().default('development'),
})

export interface Config {
  readonly databaseUrl: string
  readonly port: number
  readonly host: string
  /** Absolute URL the app is reached at: used in calendar feeds and documents. */
  readonly baseUrl: string
  /** Outgoing mail (CSP_SMTP_URL, CSP_MAIL_FROM); without it the service runs and says mail is off. */
  readonly mail: { smtpUrl: string; from: string } | undefined
  readonly cookieSecret: string | undefined
  readonly loadDemo: boolean
  /** Worker threads for crime imports: 'auto' uses up to two for imports over 32 MB. */
  readonly importWorkers: number | 'auto'
  /** The crime import's record scanner: WebAssembly where it can run, or JavaScript (same results, slower). */
  readonly crimeScanner: 'wasm' | 'js'
  /** The Chromium (or Chrome) that prints reports, minutes and agendas to PDF. */
  readonly chromiumPath: string
  /** Largest file the web upload accepts, in MB; bigger imports go through the CLI. */
  readonly uploadLimitMb: number
  /**
   * What an import may read: the longest row, the most one file may unpack to, the most vertices
   * in a boundary file.
   */
  readonly limits: { maxRecordBytes: number; maxUnpackedBytes: number; maxBoundaryVertices: number }
  /**
   * Proxies whose X-Forwarded-For is believed (addresses or CIDR ranges, comma-separated; "loopback"
   * for a proxy on the same machine): behind one, each person's own address counts for rate limits.
   */
  readonly trustedProxies: string[]
  /**
   * A tile layer under the maps, for a deployment with internet access ({z}/{x}/{y} URL template),
   * and its attribution.
   */
  readonly mapTiles: { url: string; attribution: string } | undefined
  /** Who to contact about accessibility and the service (the accessibility statement names it). */
  readonly contactEmail: string | undefined
  /** Requests a minute for each signed-in person, or for each address before signing in. */
  readonly rateLimit: number
  /** Single sign-on through OpenID Connect, when an issuer is configured. */
  readonly oidc: { issuer: string; clientId: string; clientSecret: string | undefined; label: string } | undefined
  readonly logLevel: string
  readonly production: boolean
}

/** Reads the environment once; a bad value stops start-up with a sentence naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // A variable set to nothing (CSP_SMTP_URL= in a .env file) is read as not set.
  const parsed = configSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')))
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')
    throw new Error(`Configuration is not valid. Fix these environment variables: ${problems}`)
  }
  const e = parsed.data
  if (e.CSP_OIDC_ISSUER && !e.CSP_OIDC_CLIENT_ID)
    throw new Error(
      'Configuration is not valid. Fix these environment variables: CSP_OIDC_CLIENT_ID: ' +
        'needed with CSP_OIDC_ISSUER (the application id the provider gave csp-hub)',
    )
  return Object.freeze({
    databaseUrl: e.CSP_DATABASE_URL,
    port: e.PORT,
    host: e.HOST,
    baseUrl: (e.CSP_BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    cookieSecret: e.CSP_COOKIE_SECRET,
    loadDemo: e.CSP_LOAD_DEMO === '1' || e.CSP_LOAD_DEMO === 'true',
    uploadLimitMb: e.CSP_UPLOAD_LIMIT_MB,
    importWorkers: e.CSP_IMPORT_WORKERS,
    crimeScanner: e.CSP_CRIME_SCANNER,
    chromiumPath: e.CHROMIUM_PATH,
    mail: e.CSP_SMTP_URL
      ? { smtpUrl: e.CSP_SMTP_URL, from: e.CSP_MAIL_FROM ?? `csp-hub <no-reply@${new URL(e.CSP_SMTP_URL).hostname}>` }
      : undefined,
    limits: {
      maxRecordBytes: e.CSP_MAX_RECORD_KB * 1024,
      maxUnpackedBytes: e.CSP_MAX_UNPACKED_MB * 1024 * 1024,
      maxBoundaryVertices: e.CSP_MAX_BOUNDARY_VERTICES,
    },
    rateLimit: e.CSP_RATE_LIMIT,
    contactEmail: e.CSP_CONTACT_EMAIL,
    mapTiles: e.CSP_MAP_TILES ? { url: e.CSP_MAP_TILES, attribution: e.CSP_MAP_ATTRIBUTION ?? '' } : undefined,
    trustedProxies: (e.CSP_TRUSTED_PROXIES ?? '')
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
    oidc: e.CSP_OIDC_ISSUER
      ? {
          issuer: e.CSP_OIDC_ISSUER,
          clientId: e.CSP_OIDC_CLIENT_ID!,
          clientSecret: e.CSP_OIDC_CLIENT_SECRET,
          label: e.CSP_OIDC_LABEL,
        }
      : undefined,
    logLevel: e.LOG_LEVEL,
    production: e.NODE_ENV === 'production',
  })
}
