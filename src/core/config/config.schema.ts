import { z } from 'zod';

/**
 * Every environment variable the hub reads, with its description and a default that works on a
 * machine with local PostgreSQL and Redis. `docs/configuration.md` and the README table are
 * generated from the same descriptions (`npm run cli -- config`), so they cannot drift.
 */
export const CONFIG_FIELDS = {
  HUB_ROLE: {
    schema: z.enum(['api', 'worker', 'all']).default('all'),
    description:
      'Which role this process plays: api (HTTP, GraphQL, websockets), worker (queues, sessions, sweepers) or all. Also settable with --role=.',
  },
  HOST: {
    schema: z.string().min(1).default('127.0.0.1'),
    description: 'Interface the HTTP server binds to.',
  },
  TRUST_PROXY: {
    schema: z
      .enum(['true', 'false'])
      .default('false')
      .transform((v) => v === 'true'),
    description:
      'Set to true behind a reverse proxy: the client address (rate limits per IP) is then read from X-Forwarded-For, which anyone can forge when the hub is reached directly.',
  },
  PORT: {
    schema: z.coerce.number().int().min(0).max(65535).default(3000),
    description: 'HTTP port (0 picks a free one).',
  },
  PUBLIC_BASE_URL: {
    schema: z.string().url().optional(),
    description:
      'URL the outside world reaches this hub at; used in webhook URLs. Default http://localhost:PORT.',
  },
  DATABASE_URL: {
    schema: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must start with postgres://')
      .default('postgres://postgres@127.0.0.1:5432/switchboard'),
    description: 'PostgreSQL connection URL. The database is created on first start if it does not exist.',
  },
  DATABASE_POOL_SIZE: {
    schema: z.coerce.number().int().min(1).max(200).default(10),
    description: 'PostgreSQL connections per process.',
  },
  DATABASE_TIMEOUT_MS: {
    schema: z.coerce.number().int().min(100).default(1500),
    description: 'How long a request waits for a PostgreSQL connection or query before answering 503.',
  },
  REDIS_URL: {
    schema: z
      .string()
      .regex(/^rediss?:\/\//, 'must start with redis://')
      .default('redis://127.0.0.1:6379'),
    description: 'Redis connection URL (queues and real-time fan-out).',
  },
  REDIS_PREFIX: {
    schema: z
      .string()
      .regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, _ . - only')
      .default('sb'),
    description: 'Prefix of every Redis key and channel, so several hubs (or test runs) can share one Redis.',
  },
  ENCRYPTION_KEY: {
    schema: z
      .string()
      .regex(/^[A-Za-z0-9+/]{43}=$/, 'must be 32 random bytes in base64 (openssl rand -base64 32)')
      .optional(),
    description:
      'Master key (32 bytes, base64) for integration secrets and login tokens. Required when NODE_ENV=production; otherwise a key is created in .data/master.key on first start.',
  },
  DATA_DIR: {
    schema: z.string().min(1).default('.data'),
    description: 'Directory for local state (the development master key).',
  },
  NODE_ENV: {
    schema: z.enum(['development', 'production', 'test']).default('development'),
    description: 'production makes ENCRYPTION_KEY mandatory and disables the demo seed.',
  },
  LOG_LEVEL: {
    schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    description: 'pino log level.',
  },
  SEED_DEMO: {
    schema: z
      .enum(['true', 'false'])
      .default('true')
      .transform((v) => v === 'true'),
    description:
      'On an empty database, create a demo workspace, admin and api integration and print how to use them.',
  },
  AUTH_TOKEN_TTL_SECONDS: {
    schema: z.coerce.number().int().min(60).default(43200),
    description: 'Lifetime of a login token.',
  },
  WEBHOOK_BODY_LIMIT_BYTES: {
    schema: z.coerce
      .number()
      .int()
      .min(3 * 1024 * 1024)
      .default(4 * 1024 * 1024),
    description: 'Largest accepted webhook body (at least 3 MB; WhatsApp payloads reach that).',
  },
  INGEST_LINGER_MS: {
    schema: z.coerce.number().int().min(0).max(50).default(10),
    description:
      'How long a webhook may wait for others to share its ingest transaction, only while webhooks arrive more often than that (a lone one never waits). At medium load: fewer, bigger transactions, routing jobs and relays, 10-25 % less CPU per message (docs/benchmarks.md), for a few milliseconds more. 0 turns it off.',
  },
  REALTIME_MAX_BUFFERED_EVENTS: {
    schema: z.coerce.number().int().min(100).max(1_000_000).default(10_000),
    description:
      'Events a live subscription may have waiting for a slow client; one more ends that subscription with an error (the client subscribes again and catches up with messagesSince), so a stuck client cannot grow the process without bound.',
  },
  GRAPHQL_MAX_DEPTH: {
    schema: z.coerce.number().int().min(2).default(8),
    description: 'Deepest GraphQL selection accepted.',
  },
  GRAPHQL_MAX_COST: {
    schema: z.coerce.number().int().min(10).default(5000),
    description:
      'Highest estimated GraphQL query cost accepted (each field 1, lists multiplied by first/limit).',
  },
  INTEGRATION_CACHE_TTL_MS: {
    schema: z.coerce.number().int().min(0).max(60000).default(5000),
    description:
      'How long a process reuses an integration loaded for webhooks (decrypted settings, HTTP client); a change or disabling takes effect within this time. 0 turns the cache off.',
  },
  OUTBOX_SWEEP_INTERVAL_MS: {
    schema: z.coerce.number().int().min(100).default(2000),
    description: 'How often a worker re-relays outbox rows left behind by a crash.',
  },
  OUTBOX_SWEEP_AGE_MS: {
    schema: z.coerce.number().int().min(0).default(5000),
    description: 'Age after which an unrelayed outbox row is considered left behind.',
  },
  RECOVERY_SWEEP_INTERVAL_MS: {
    schema: z.coerce.number().int().min(100).default(30000),
    description:
      'How often a worker looks for work whose job was lost (Redis restarted without persistence, retries exhausted): pending replies and queued conversations.',
  },
  RECOVERY_AGE_MS: {
    schema: z.coerce.number().int().min(0).default(60000),
    description:
      'How long a reply may stay pending, or a conversation queued, before the recovery sweep enqueues it again.',
  },
  PRESENCE_GRACE_SECONDS: {
    schema: z.coerce.number().int().min(10).default(60),
    description:
      'How long an agent whose console stopped sending heartbeats (one every 20 s) stays ACCEPTING or NOT_ACCEPTING before a worker sets them OFFLINE. Keep it well above 20 s (60 tolerates two lost heartbeats); agents that never sent one are left alone.',
  },
  PRESENCE_SWEEP_INTERVAL_MS: {
    schema: z.coerce.number().int().min(100).default(10000),
    description:
      'How often a worker looks for agents whose heartbeats stopped; an agent goes OFFLINE at most this long after PRESENCE_GRACE_SECONDS.',
  },
  ROUTING_TIMER_INTERVAL_MS: {
    schema: z.coerce.number().int().min(100).default(5000),
    description:
      'How often a worker runs routing timers: inactivity reassignment, queue overflow and business-hours closing (docs/routing.md). A timer fires at most this long late.',
  },
  ROUTING_CLAIM_BATCH: {
    schema: z.coerce.number().int().min(1).max(50).default(1),
    description:
      "Assignments a router claims per statement (one commit). 1 gives each chat its agent soonest (decision p99 about 3 ms, docs/benchmarks.md); 4 to 8 roughly doubles or triples one queue's assignments per second under a long backlog, at a few milliseconds more per decision.",
  },
  WORKER_CONCURRENCY: {
    schema: z.coerce.number().int().min(1).max(500).default(20),
    description: 'Jobs each worker process runs at once per queue.',
  },
  DELIVERY_MAX_ATTEMPTS: {
    schema: z.coerce.number().int().min(1).max(50).default(8),
    description: 'Attempts for a transient delivery failure before the message is marked failed.',
  },
  FILE_STORAGE_DIR: {
    schema: z.string().min(1).default('.data/files'),
    description:
      'Where uploaded attachments are kept (local disk storage). Served only through signed, expiring URLs.',
  },
  FILE_URL_TTL_SECONDS: {
    schema: z.coerce.number().int().min(60).default(86400),
    description: 'How long a signed attachment URL handed to an agent or visitor stays valid.',
  },
  AGENT_UPLOAD_MAX_BYTES: {
    schema: z.coerce
      .number()
      .int()
      .min(1024)
      .default(25 * 1024 * 1024),
    description: 'Largest file an agent may upload.',
  },
  WIDGET_ASSETS_DIR: {
    schema: z.string().min(1).default('dist/web/widget'),
    description: 'Built widget files (loader.js, panel.js, panel.css), made by npm run build.',
  },
  CONSOLE_ASSETS_DIR: {
    schema: z.string().min(1).default('dist/web/console'),
    description: 'Built agent console (index.html and assets/), made by npm run build; served at /console.',
  },
  WIDGET_VISITOR_TOKEN_TTL_DAYS: {
    schema: z.coerce.number().int().min(1).default(365),
    description: 'Lifetime of a widget visitor token kept in the browser.',
  },
  WIDGET_MESSAGES_PER_MINUTE: {
    schema: z.coerce.number().int().min(1).default(30),
    description: 'Messages one widget visitor may send per minute (and 10x that per IP address).',
  },
  WIDGET_CONNECTIONS_PER_IP: {
    schema: z.coerce.number().int().min(1).default(200),
    description: 'Open widget websockets allowed from one IP address on one api process.',
  },
  SHUTDOWN_GRACE_MS: {
    schema: z.coerce.number().int().min(0).default(10000),
    description: 'How long shutdown waits for in-flight requests and jobs.',
  },
} as const;

type Fields = typeof CONFIG_FIELDS;
type Parsed = { [K in keyof Fields]: z.output<Fields[K]['schema']> };
/** The validated configuration; PUBLIC_BASE_URL is always filled in by loadConfig. */
export type HubConfig = Omit<Parsed, 'PUBLIC_BASE_URL'> & { PUBLIC_BASE_URL: string };
export type HubRole = HubConfig['HUB_ROLE'];
