/**
 * The small part of Asterisk's REST Interface (ARI) the adapter uses: authenticated REST calls under
 * `/ari` and the events WebSocket URL. Field names follow the published ARI specification (Asterisk
 * 22/23); nothing here knows about calls or the engine.
 */

export interface AriSettings {
  /** The HTTP server of Asterisk, e.g. http://127.0.0.1:8088 (the `/ari` prefix is added here). */
  url: string;
  user: string;
  password: string;
  /** The Stasis application the dialplan sends the lines' calls to. */
  app: string;
}

/** An ARI channel as events and `GET /channels` carry it (the fields the adapter reads). */
export interface AriChannel {
  id: string;
  name: string;
  state: string;
  caller: { name: string; number: string };
  dialplan: { context: string; exten: string; priority: number };
}

/** The events the adapter subscribes to, with the fields it reads. */
export type AriEvent =
  | { type: 'StasisStart'; application: string; args: string[]; channel: AriChannel }
  | { type: 'StasisEnd'; application: string; channel: AriChannel }
  | { type: 'ChannelDestroyed'; cause: number; cause_txt: string; channel: AriChannel }
  | { type: 'ChannelDtmfReceived'; digit: string; duration_ms: number; channel: AriChannel }
  | { type: 'PlaybackFinished'; playback: { id: string; target_uri: string; state: string } }
  | { type: string; [key: string]: unknown };

/** A failed ARI request: the HTTP status (0 when Asterisk could not be reached) and what was asked. */
export class AriError extends Error {
  constructor(
    readonly status: number,
    readonly request: string,
    message: string,
  ) {
    super(`${request}: ${status} ${message}`);
    this.name = 'AriError';
  }
}

const authorization = (s: AriSettings) =>
  `Basic ${Buffer.from(`${s.user}:${s.password}`).toString('base64')}`;

export class AriRest {
  constructor(private readonly settings: AriSettings) {}

  /** The events WebSocket: this application's channels only; credentials go in the header. */
  eventsUrl(): string {
    const u = new URL(`${this.settings.url.replace(/\/$/, '')}/ari/events`);
    u.protocol = u.protocol === 'https:' ? 'wss:' : 'ws:';
    u.searchParams.set('app', this.settings.app);
    u.searchParams.set('subscribeAll', 'false');
    return u.toString();
  }

  headers(): Record<string, string> {
    return { authorization: authorization(this.settings) };
  }

  /** One REST call; the body of a 2xx answer (null when empty), or an AriError. */
  async request(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    query: Record<string, string | number | undefined> = {},
  ): Promise<unknown> {
    const u = new URL(`${this.settings.url.replace(/\/$/, '')}/ari${path}`);
    for (const [k, v] of Object.entries(query)) if (v !== undefined) u.searchParams.set(k, String(v));
    const label = `${method} ${path}`;
    let res: Response;
    try {
      res = await fetch(u, { method, headers: this.headers() });
    } catch (e) {
      throw new AriError(0, label, e instanceof Error ? e.message : 'unreachable');
    }
    const text = await res.text();
    if (!res.ok) throw new AriError(res.status, label, text.slice(0, 200));
    return text ? JSON.parse(text) : null;
  }
}
