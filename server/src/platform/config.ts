import { resolve } from 'node:path';
import { type Static, Type } from 'typebox';
import { Value } from 'typebox/value';
import { type AddressList, parseAddressList } from './request-guards.ts';

const ConfigSchema = Type.Object({
  PORT: Type.Integer({ minimum: 1, maximum: 65535, default: 3000 }),
  HOST: Type.String({ minLength: 1, default: '127.0.0.1' }),
  DATA_DIR: Type.String({ minLength: 1, default: './data' }),
  DATABASE_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
  LOG_LEVEL: Type.Union(
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)),
    { default: 'info' },
  ),
  /** How long a hold keeps a slot for an operator while the caller decides. */
  HOLD_TTL_SECONDS: Type.Integer({ minimum: 10, maximum: 3600, default: 300 }),
  /** Rolling horizon of generated slots. */
  SLOT_HORIZON_DAYS: Type.Integer({ minimum: 7, maximum: 730, default: 180 }),
  SESSION_TTL_HOURS: Type.Integer({ minimum: 1, maximum: 720, default: 12 }),
  /**
   * Staff single sign-on (SEC-2) at the region's OpenID provider: authorization code with PKCE. Unset,
   * only local passwords. The identity module checks that the settings fit together (oidc.ts).
   */
  OIDC_ISSUER: Type.Optional(Type.String({ pattern: '^https?://' })),
  OIDC_CLIENT_ID: Type.Optional(Type.String({ minLength: 1 })),
  /** Without one the client is public (PKCE only). */
  OIDC_CLIENT_SECRET: Type.Optional(Type.String({ minLength: 1 })),
  /** This server's callback as registered at the provider: https://…/api/v1/auth/oidc/callback */
  OIDC_REDIRECT_URI: Type.Optional(Type.String({ pattern: '^https?://[^/]+/api/v1/auth/oidc/callback$' })),
  OIDC_SCOPES: Type.String({ minLength: 1, default: 'openid profile email' }),
  /** The claim that names the local user (linked by this name on first login when unlinked). */
  OIDC_USERNAME_CLAIM: Type.String({ minLength: 1, default: 'preferred_username' }),
  /** The claim carrying the provider's roles or groups; unset, roles are assigned locally by an admin. */
  OIDC_ROLES_CLAIM: Type.Optional(Type.String({ minLength: 1 })),
  /** With OIDC_ROLES_CLAIM: provider value = Sportello role, comma-separated (`cup-operatori=operator,…`). */
  OIDC_ROLE_MAP: Type.Optional(Type.String({ minLength: 1 })),
  /**
   * Retention (issue 8 §13), enforced nightly by the privacy module's job. The audit trail is kept
   * longest: at least 24 months (the Garante's minimum for access logs to health records), and never
   * less than any other period below.
   */
  RETENTION_AUDIT_DAYS: Type.Integer({ minimum: 730, maximum: 7300, default: 1825 }),
  /** Contact events (calls, callbacks, surveys): the monthly reports read back over the last months. */
  RETENTION_CONTACT_EVENTS_DAYS: Type.Integer({ minimum: 31, maximum: 7300, default: 730 }),
  /** Idempotency keys: a retry with the same key after this is a new request. */
  RETENTION_IDEMPOTENCY_DAYS: Type.Integer({ minimum: 1, maximum: 365, default: 7 }),
  /** Sessions, counted from their expiry (an expired session opens nothing already). */
  RETENTION_SESSIONS_DAYS: Type.Integer({ minimum: 0, maximum: 365, default: 30 }),
  /** Holds, counted from their expiry: the minute job releases them; this is the backstop. */
  RETENTION_HOLDS_MINUTES: Type.Integer({ minimum: 0, maximum: 10080, default: 60 }),
  /** Messages to patients and their replies (outreach; the simulated gateway's record too). */
  RETENTION_MESSAGES_DAYS: Type.Integer({ minimum: 31, maximum: 7300, default: 365 }),
  /**
   * Messaging (issue 11 §1): the simulated gateway (_simulazione_, nothing leaves the machine) or the
   * real ones — SMS over SMPP 3.4 to the region's SMSC, e-mail through its SMTP relay.
   */
  MESSAGING: Type.Union([Type.Literal('simulated'), Type.Literal('live')], { default: 'simulated' }),
  SMPP_URL: Type.Optional(Type.String({ pattern: '^s?smpp://[^/]+$' })),
  SMPP_SYSTEM_ID: Type.Optional(Type.String({ minLength: 1, maxLength: 16 })),
  SMPP_PASSWORD: Type.Optional(Type.String({ minLength: 1, maxLength: 9 })),
  /** Submits outstanding at most (the SMSC's window; often 10). */
  SMPP_WINDOW: Type.Integer({ minimum: 1, maximum: 100, default: 10 }),
  /** Transceiver binds to the SMSC (it throttles each one; the contract says how many are allowed). */
  SMPP_BINDS: Type.Integer({ minimum: 1, maximum: 10, default: 1 }),
  /** The sender: an alias registered with AGCOM (≤ 11 letters or digits, not all digits) or a number. */
  SMS_SENDER: Type.String({
    pattern: '^(?=.*[A-Za-z])[A-Za-z0-9 .-]{1,11}$|^\\+?[0-9]{3,15}$',
    default: 'CUP',
  }),
  SMTP_URL: Type.Optional(Type.String({ pattern: '^smtps?://' })),
  MAIL_FROM: Type.Optional(Type.String({ minLength: 3 })),
  /**
   * App IO, the State's app (OB-1, OB-3 "SMS and app"): with APP_IO=on, reminders and recalls go first to
   * the citizen's IO inbox (by fiscal code), and by SMS or e-mail only where IO cannot take them. The
   * gateway is simulated with MESSAGING=simulated (SIM_APP_IO_SHARE of citizens have the app) and IO's
   * Services API (APP_IO_URL, APP_IO_KEY: the service's subscription key) with MESSAGING=live.
   */
  APP_IO: Type.Union([Type.Literal('off'), Type.Literal('on')], { default: 'off' }),
  APP_IO_URL: Type.String({ pattern: '^https?://', default: 'https://api.io.pagopa.it/api/v1' }),
  APP_IO_KEY: Type.Optional(Type.String({ minLength: 1 })),
  SIM_APP_IO_SHARE: Type.Number({ minimum: 0, maximum: 1, default: 0.6 }),
  /** The window SMS may reach patients in, Europe/Rome (never Sundays or holidays). */
  QUIET_HOURS: Type.String({ pattern: '^\\d{2}:\\d{2}-\\d{2}:\\d{2}$', default: '08:00-21:00' }),
  SIM_MESSAGE_RECEIPT_SECONDS: Type.Integer({ minimum: 0, maximum: 86_400, default: 20 }),
  /** The shares of simulated patients who reply CONFERMA, and ANNULLA, to an SMS. */
  SIM_REPLY_CONFIRM: Type.Number({ minimum: 0, maximum: 1, default: 0.6 }),
  SIM_REPLY_CANCEL: Type.Number({ minimum: 0, maximum: 1, default: 0.08 }),
  /** The share of simulated patients offered an earlier place who take it by replying SI (OB-2). */
  SIM_REPLY_ACCEPT_OFFER: Type.Number({ minimum: 0, maximum: 1, default: 0.5 }),
  /**
   * Reminders (OB-1): days before the appointment, a default and overrides per priority or service
   * (`5`, or `5,B=3,89.7=7`); the cancellation notice in working days (DL 73/2024: at least two).
   */
  REMINDER_LEAD_DAYS: Type.String({ minLength: 1, default: '5' }),
  CANCELLATION_NOTICE_WORKING_DAYS: Type.Integer({ minimum: 2, maximum: 10, default: 2 }),
  /**
   * The recall (OB-2, OB-3; Umbria's rule): where an agenda's wait is at least RECALL_AGENDA_WAIT_DAYS,
   * its booked patients are asked RECALL_DAYS_BEFORE days ahead to confirm or cancel — bookings that
   * waited at least RECALL_MIN_WAIT_DAYS, lab tests never. RECALL_DAYS_BEFORE 0 turns it off.
   */
  RECALL_DAYS_BEFORE: Type.Integer({ minimum: 0, maximum: 60, default: 10 }),
  RECALL_AGENDA_WAIT_DAYS: Type.Integer({ minimum: 0, maximum: 365, default: 30 }),
  RECALL_MIN_WAIT_DAYS: Type.Integer({ minimum: 0, maximum: 365, default: 7 }),
  /**
   * Who the virtual operator calls for the recall (OB-3): those no message reaches (a landline only, no
   * e-mail: 'unreachable', the default), every recalled patient with a telephone ('all', besides the
   * message), or nobody ('off').
   */
  RECALL_VOICE: Type.Union([Type.Literal('unreachable'), Type.Literal('all'), Type.Literal('off')], {
    default: 'unreachable',
  }),
  /**
   * OB-7: the reminder of a patient no message reaches (a landline only, no e-mail), or whose message
   * was not delivered, is a call by the virtual operator ('unreachable', the default: the law asks that
   * every patient be reminded), or nobody's ('off').
   */
  REMINDER_VOICE: Type.Union([Type.Literal('unreachable'), Type.Literal('off')], { default: 'unreachable' }),
  /**
   * A submitted SMS whose gateway id was lost in a crash waits this long for its delivery receipt; with
   * none, it is sent again (never before: a blind resend would double it).
   */
  REMINDER_UNCERTAIN_MINUTES: Type.Integer({ minimum: 1, maximum: 2880, default: 360 }),
  /**
   * Re-offer of freed slots (OB-2): on or off; from how many days away a booked patient is offered a
   * freed place, per kind of service (a kind left out is not re-offered); patients offered a place at
   * once; how long an offer stands; the least notice a place needs after an offer expires; and the
   * regional rule that refusing a place inside one's guarantee forfeits it.
   */
  REOFFER: Type.Union([Type.Literal('on'), Type.Literal('off')], { default: 'on' }),
  REOFFER_FROM_DAYS: Type.String({ default: 'visit=31,instrumental=61' }),
  REOFFER_BATCH: Type.Integer({ minimum: 1, maximum: 20, default: 1 }),
  REOFFER_EXPIRY_MINUTES: Type.Integer({ minimum: 5, maximum: 2880, default: 120 }),
  REOFFER_MIN_NOTICE_HOURS: Type.Integer({ minimum: 0, maximum: 168, default: 24 }),
  REOFFER_REFUSAL_FORFEITS_GUARANTEE: Type.Union([Type.Literal('on'), Type.Literal('off')], {
    default: 'off',
  }),
  /** Submits in flight at once from the outbox (match the SMSC's window times its binds). */
  OUTREACH_SENDERS: Type.Integer({ minimum: 1, maximum: 100, default: 10 }),
  /**
   * The reminders' one-click links: this server's public address (links are left out without it) and
   * the key that signs them (at least 32 characters; required with MESSAGING=live).
   */
  /**
   * MR-8: the daily booking feed to the national waiting-list platform (PNLA, AGENAS). `simulated` (the
   * default): batches are built and kept, nothing leaves the machine; `http`: posted to NATIONAL_FEED_URL
   * (the platform's FHIR endpoint) with NATIONAL_FEED_TOKEN, patients pseudonymised with NATIONAL_FEED_KEY.
   */
  NATIONAL_FEED: Type.Union([Type.Literal('simulated'), Type.Literal('http')], { default: 'simulated' }),
  NATIONAL_FEED_URL: Type.Optional(Type.String({ pattern: '^https?://' })),
  NATIONAL_FEED_TOKEN: Type.Optional(Type.String({ minLength: 1 })),
  NATIONAL_FEED_KEY: Type.Optional(Type.String({ minLength: 32 })),
  NATIONAL_FEED_REGION: Type.String({ pattern: '^\\d{3}$', default: '170' }),
  /** Entries in one FHIR transaction at most: a larger day goes as several, in order. */
  NATIONAL_FEED_MAX_ENTRIES: Type.Integer({ minimum: 1, maximum: 100_000, default: 1000 }),
  /** CC-10: chats one operator holds at once; minutes without a sign of the citizen before a chat ends. */
  CHAT_MAX_PER_AGENT: Type.Integer({ minimum: 1, maximum: 10, default: 3 }),
  CHAT_IDLE_MINUTES: Type.Integer({ minimum: 2, maximum: 120, default: 10 }),
  /** When operators answer the chat: the CUP line's hours (CC-4), or always (a region's 24/7 desk, training, e2e). */
  CHAT_HOURS: Type.Union([Type.Literal('cup'), Type.Literal('always')], { default: 'cup' }),
  /**
   * CC-10's AI-assisted reception: the region's own language model behind an OpenAI-compatible API (vLLM,
   * llama.cpp, Ollama), e.g. http://127.0.0.1:8000/v1 — plain http only on the loopback. Unset: the rules.
   */
  CHAT_ASSISTANT_URL: Type.Optional(Type.String({ pattern: '^https?://' })),
  CHAT_ASSISTANT_MODEL: Type.Optional(Type.String({ minLength: 1 })),
  CHAT_ASSISTANT_KEY: Type.Optional(Type.String({ minLength: 1 })),
  CHAT_ASSISTANT_TIMEOUT_MS: Type.Integer({ minimum: 200, maximum: 30_000, default: 3000 }),
  PUBLIC_URL: Type.Optional(Type.String({ pattern: '^https?://[^/]+$' })),
  LINK_SECRET: Type.Optional(Type.String({ minLength: 32 })),
  /**
   * The help desk's e-mail (issue 16): the mailboxes read by IMAP, each feeding a queue (a JSON list, see
   * README, "Help desk"); the address answers are sent from when no mailbox applies; the largest attachment
   * kept; the virus-scan command (the attachment on its standard input; exit 0 clean, 1 infected); how
   * often a mailbox is polled besides IDLE.
   */
  HELPDESK_MAILBOXES: Type.Optional(Type.String({ minLength: 2 })),
  /** Issue 16: the help desk's queues of competence and their clock rules, a JSON list (rules/queues.ts). */
  HELPDESK_QUEUES: Type.Optional(Type.String({ minLength: 2 })),
  HELPDESK_ADDRESS: Type.String({
    pattern: '^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$',
    default: 'assistenza@cup.regione.example',
  }),
  HELPDESK_ATTACHMENT_MAX_MB: Type.Integer({ minimum: 1, maximum: 100, default: 10 }),
  HELPDESK_SCAN_COMMAND: Type.Optional(Type.String({ minLength: 1 })),
  HELPDESK_POLL_SECONDS: Type.Integer({ minimum: 5, maximum: 3600, default: 60 }),
  /** HD-5: the contract's last day (Rome); from the day after, the help desk's e-mails are destroyed. */
  HELPDESK_CONTRACT_END: Type.Optional(
    Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$' }),
  ),
  /**
   * BK-8, pagoPA notices for the co-payment: who collects (the creditor's fiscal code, 11 digits) and the
   * segregation code (2 digits) the creditor gave this system. The embedded demo's creditor is fictitious.
   * PAYMENTS=simulated is the embedded PSP (labelled simulazione); the pagoPA debt-position adapter is
   * planned.
   */
  PAYMENTS: Type.Union([Type.Literal('simulated'), Type.Literal('pagopa'), Type.Literal('off')], {
    default: 'simulated',
  }),
  /**
   * With PAYMENTS=pagopa: the debt-position service (GPD) and Checkout base URLs, the APIM subscription
   * key, the creditor's IBAN registered on pagoPA and the transfer's taxonomy code.
   */
  PAGOPA_GPD_URL: Type.Optional(Type.String({ pattern: '^https?://' })),
  PAGOPA_CHECKOUT_URL: Type.Optional(Type.String({ pattern: '^https?://' })),
  PAGOPA_SUBSCRIPTION_KEY: Type.Optional(Type.String({ minLength: 1 })),
  PAGOPA_IBAN: Type.Optional(Type.String({ pattern: '^IT[0-9]{2}[A-Z][0-9]{10}[0-9A-Z]{12}$' })),
  PAGOPA_TAXONOMY: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
  PAGOPA_CREDITOR_FISCAL_CODE: Type.String({ pattern: '^[0-9]{11}$', default: '80000000002' }),
  PAGOPA_SEGREGATION_CODE: Type.String({ pattern: '^[0-9]{2}$', default: '01' }),
  PAGOPA_CREDITOR_NAME: Type.String({ minLength: 1, maxLength: 140, default: 'Ente creditore dimostrativo' }),
  /**
   * The citizen portal's limits per client address and per fiscal code (issue 13 §5): identification
   * attempts (fiscal code with NRE or booking code) in 10 minutes, and portal requests in a minute.
   */
  PORTAL_ACCESS_PER_10_MIN: Type.Integer({ minimum: 1, maximum: 100_000, default: 20 }),
  PORTAL_REQUESTS_PER_MIN: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 300 }),
  /**
   * Citizens' SPID/CIE login on the portal (SEC-2, issue 13 §3): the OpenID provider (CIE id, a SPID
   * provider speaking OIDC, or the region's SAML-to-OIDC proxy), this party's entity id (its client_id,
   * https), the callback, the private JWKS file (keys `sig`, `enc`, `fed` by `use`/`kid`), the lowest
   * SPID level accepted, the federation's authority hints and a JSON file of trust marks. Unset: the
   * portal offers only the no-login paths. With CITIZEN_OIDC_TRUST_ANCHOR (the federation's trust anchor,
   * e.g. SPID's registry) and the anchor's public federation keys in CITIZEN_OIDC_TRUST_ANCHOR_JWKS_FILE
   * (obtained out of band), the provider's metadata comes from its trust chain, not from discovery.
   */
  CITIZEN_OIDC_ISSUER: Type.Optional(Type.String({ pattern: '^https?://' })),
  CITIZEN_OIDC_CLIENT_ID: Type.Optional(Type.String({ pattern: '^https?://' })),
  CITIZEN_OIDC_REDIRECT_URI: Type.Optional(Type.String({ pattern: '^https?://' })),
  CITIZEN_OIDC_JWKS_FILE: Type.Optional(Type.String({ minLength: 1 })),
  CITIZEN_OIDC_ACR: Type.Union(
    [
      Type.Literal('https://www.spid.gov.it/SpidL1'),
      Type.Literal('https://www.spid.gov.it/SpidL2'),
      Type.Literal('https://www.spid.gov.it/SpidL3'),
    ],
    { default: 'https://www.spid.gov.it/SpidL2' },
  ),
  CITIZEN_OIDC_AUTHORITY_HINTS: Type.Optional(Type.String()),
  CITIZEN_OIDC_TRUST_MARKS_FILE: Type.Optional(Type.String({ minLength: 1 })),
  CITIZEN_OIDC_TRUST_ANCHOR: Type.Optional(Type.String({ pattern: '^https?://' })),
  CITIZEN_OIDC_TRUST_ANCHOR_JWKS_FILE: Type.Optional(Type.String({ minLength: 1 })),
  /** Agendas, slots and holidays are in the region's civil time. */
  TIME_ZONE: Type.Literal('Europe/Rome', { default: 'Europe/Rome' }),
  /**
   * MR-3: the contract's first day (YYYY-MM-DD, Rome). Weekly reports are made for its first four months;
   * unset: monthly reports only (weekly ones on demand).
   */
  CONTRACT_START: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })),
  /** Turn off the background job worker (tests, one-shot commands). */
  JOBS: Type.Union([Type.Literal('on'), Type.Literal('off')], { default: 'on' }),
  /** The live contact centre: the engine on the simulated switch in real time ("simulazione"), or none. */
  CONTACT_CENTRE: Type.Union([Type.Literal('simulated'), Type.Literal('off')], { default: 'simulated' }),
  /** Simulated agents logged in to the live centre, so that the wallboard is alive. */
  SIM_AGENTS: Type.Integer({ minimum: 0, maximum: 500, default: 6 }),
  /** Simulated callers at today's CUP curve; 'off' leaves only calls injected by hand (tests, e2e). */
  SIM_TRAFFIC: Type.Union([Type.Literal('on'), Type.Literal('off')], { default: 'on' }),
  /**
   * The simulated lines' opening hours: the real ones (CC-4), or 'always' so that a demo, a training
   * session or a browser test finds the line open at any hour.
   */
  SIM_HOURS: Type.Union([Type.Literal('lines'), Type.Literal('always')], { default: 'lines' }),
  /**
   * The live centre's switch (issue 15): the simulated one ("simulazione", the embedded default), or a
   * real Asterisk through its REST interface (ARI). With `asterisk` no simulated caller or agent runs.
   */
  TELEPHONY: Type.Union([Type.Literal('simulated'), Type.Literal('asterisk')], { default: 'simulated' }),
  /** Asterisk's HTTP server (http.conf), e.g. http://127.0.0.1:8088; `/ari` is added. */
  ARI_URL: Type.Optional(Type.String({ pattern: '^https?://' })),
  /** The ARI user of ari.conf. */
  ARI_USER: Type.Optional(Type.String({ minLength: 1 })),
  ARI_PASSWORD: Type.Optional(Type.String({ minLength: 1 })),
  /** The Stasis application the dialplan sends the lines' calls to. */
  ARI_APP: Type.String({ minLength: 1, pattern: '^[A-Za-z0-9_-]+$', default: 'sportello' }),
  /** How an outside number is dialled for callbacks, surveys and recall: `{number}` is replaced. */
  ARI_TRUNK: Type.String({ pattern: '\\{number\\}', default: 'PJSIP/{number}@trunk' }),
  /** The dialplan context a transfer to an outside number continues in (the number as extension). */
  ARI_TRANSFER_CONTEXT: Type.String({ minLength: 1, default: 'sportello-transfer' }),
  /** Seconds an agent's phone or a called number rings before it counts as not answered. */
  ARI_RING_SECONDS: Type.Integer({ minimum: 5, maximum: 120, default: 30 }),
  /**
   * The address at which Asterisk reaches this server for the prompts' audio (`sound:` media over
   * HTTP): e.g. http://10.0.0.5:3000. Default: http://127.0.0.1:PORT (Asterisk on the same host).
   */
  PROMPTS_URL: Type.Optional(Type.String({ pattern: '^https?://[^/]+$' })),
  /**
   * The TLS-terminating proxy in front of the server (addresses or CIDR blocks, comma-separated): only
   * from it are X-Forwarded-Proto/-For/-Host believed (Secure cookie, client address). Empty: none.
   */
  TRUST_PROXY: Type.String({ default: '' }),
  /**
   * Who reads /docs and /metrics without logging in (addresses or CIDR blocks, or `any` in demo mode
   * only). Default: anyone in demo mode (embedded database), else the loopback addresses.
   */
  OPS_NETWORKS: Type.Optional(Type.String()),
});

export type Config = Static<typeof ConfigSchema> & {
  dataDir: string;
  embedded: boolean;
  trustProxy: string[];
  opsNetworks: AddressList;
};

/**
 * Reads the configuration from the environment once, at start-up. Bad values stop the process with a
 * message naming the variable, rather than failing later in a request.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(ConfigSchema.properties)) {
    const value = env[key];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const withDefaults = Value.Default(ConfigSchema, Value.Convert(ConfigSchema, raw));
  const errors = [...Value.Errors(ConfigSchema, withDefaults)];
  if (errors.length > 0) {
    const lines = errors.map(
      (e) =>
        `  ${e.instancePath.slice(1) || '(root)'}: ${e.message} (got ${JSON.stringify(raw[e.instancePath.slice(1)])})`,
    );
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const config = withDefaults as Static<typeof ConfigSchema>;
  const embedded = !config.DATABASE_URL;
  const addresses = (name: 'TRUST_PROXY' | 'OPS_NETWORKS', text: string) => {
    try {
      return parseAddressList(text);
    } catch (e) {
      throw new ConfigError(`Invalid configuration:\n  ${name}: ${(e as Error).message}`);
    }
  };
  if (addresses('TRUST_PROXY', config.TRUST_PROXY) === 'any') {
    throw new ConfigError('Invalid configuration:\n  TRUST_PROXY: name the proxy, not any');
  }
  const longest = Math.max(
    config.RETENTION_CONTACT_EVENTS_DAYS,
    config.RETENTION_IDEMPOTENCY_DAYS,
    config.RETENTION_SESSIONS_DAYS,
    config.RETENTION_MESSAGES_DAYS,
  );
  if (config.RETENTION_AUDIT_DAYS < longest) {
    throw new ConfigError(
      `Invalid configuration:\n  RETENTION_AUDIT_DAYS: the audit trail is kept longest (at least ${longest} days here)`,
    );
  }
  if (config.TELEPHONY === 'asterisk') {
    const missing = (['ARI_URL', 'ARI_USER', 'ARI_PASSWORD'] as const).filter((k) => !config[k]);
    if (missing.length > 0) {
      throw new ConfigError(
        `Invalid configuration:\n${missing.map((k) => `  ${k}: required with TELEPHONY=asterisk`).join('\n')}`,
      );
    }
  }
  if (config.SIM_REPLY_CONFIRM + config.SIM_REPLY_CANCEL > 1) {
    throw new ConfigError(
      'Invalid configuration:\n  SIM_REPLY_CANCEL: with SIM_REPLY_CONFIRM it is more than all the patients',
    );
  }
  if (config.NATIONAL_FEED === 'http') {
    const missing = (['NATIONAL_FEED_URL', 'NATIONAL_FEED_KEY'] as const).filter((k) => !config[k]);
    if (missing.length > 0) {
      throw new ConfigError(
        `Invalid configuration:\n${missing.map((k) => `  ${k}: needed with NATIONAL_FEED=http`).join('\n')}`,
      );
    }
  }
  if (config.MESSAGING === 'live') {
    const missing = (
      ['SMPP_URL', 'SMPP_SYSTEM_ID', 'SMPP_PASSWORD', 'SMTP_URL', 'MAIL_FROM', 'LINK_SECRET'] as const
    ).filter((k) => !config[k]);
    if (missing.length > 0) {
      throw new ConfigError(
        `Invalid configuration:\n${missing.map((k) => `  ${k}: needed with MESSAGING=live`).join('\n')}`,
      );
    }
  }
  if (config.APP_IO === 'on') {
    const url = URL.parse(config.APP_IO_URL);
    if (!url || !httpsOrLoopback(url))
      throw new ConfigError(
        'Invalid configuration:\n  APP_IO_URL: https, or plain http on the loopback only (fiscal codes go there)',
      );
    if (config.MESSAGING === 'live' && !config.APP_IO_KEY)
      throw new ConfigError('Invalid configuration:\n  APP_IO_KEY: needed with APP_IO=on and MESSAGING=live');
  }
  if (config.CHAT_ASSISTANT_URL) {
    const url = URL.parse(config.CHAT_ASSISTANT_URL);
    if (!url || !httpsOrLoopback(url))
      throw new ConfigError(
        "Invalid configuration:\n  CHAT_ASSISTANT_URL: https, or plain http on the loopback only (the citizens' words go there)",
      );
    if (!config.CHAT_ASSISTANT_MODEL)
      throw new ConfigError('Invalid configuration:\n  CHAT_ASSISTANT_MODEL: needed with CHAT_ASSISTANT_URL');
  }
  const opsNetworks = addresses('OPS_NETWORKS', config.OPS_NETWORKS ?? (embedded ? 'any' : '127.0.0.1,::1'));
  if (opsNetworks === 'any' && !embedded) {
    throw new ConfigError(
      'Invalid configuration:\n  OPS_NETWORKS: `any` (public /docs and /metrics) is for demo mode only',
    );
  }
  return {
    ...config,
    dataDir: resolve(config.DATA_DIR),
    embedded,
    trustProxy: config.TRUST_PROXY.split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    opsNetworks,
  };
}

/**
 * Whether a configured endpoint may carry secrets or personal data: https, or plain http to this machine
 * (tests, a peer beside the server). One rule for every issuer, anchor and model address.
 */
export function httpsOrLoopback(url: URL): boolean {
  return url.protocol === 'https:' || ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}
