import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

/**
 * A fake Asterisk for the ARI adapter's tests: the REST routes the adapter uses and the events WebSocket,
 * with the field names of the published ARI specification (Asterisk 22/23). The test plays the callers
 * and the phones (a call arrives, a key is pressed, a phone answers or is busy, someone hangs up); every
 * REST request is recorded. Basic authentication as Asterisk's http.conf/ari.conf would ask.
 */
export interface FakeChannel {
  id: string;
  name: string;
  state: string;
  caller: { name: string; number: string };
  connected: { name: string; number: string };
  dialplan: { context: string; exten: string; priority: number; app_name: string; app_data: string };
  creationtime: string;
  language: string;
  /** Originated legs: what the adapter asked for. */
  endpoint?: string;
  appArgs?: string[];
}

export interface Recorded {
  method: string;
  path: string;
  query: Record<string, string>;
}

export class FakeAri {
  readonly requests: Recorded[] = [];
  readonly channels = new Map<string, FakeChannel>();
  readonly bridges = new Map<string, string[]>();
  /** Plays finish on their own unless held (then `finishPlayback`). */
  holdPlaybacks = false;
  /** Originate answers with this status instead (e.g. 500), once. */
  failNextOriginate: number | null = null;
  private readonly playing = new Map<string, string>();
  private server!: Server;
  private wss!: WebSocketServer;
  private sockets = new Set<WebSocket>();
  private connections = 0;
  private serial = 0;
  private waiters: (() => void)[] = [];

  constructor(
    readonly app = 'sportello',
    private readonly credentials = { user: 'sportello', password: 'secret' },
  ) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => this.handle(req, res));
    this.wss = new WebSocketServer({ noServer: true });
    this.server.on('upgrade', (req, socket, head) => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (
        url.pathname !== '/ari/events' ||
        url.searchParams.get('app') !== this.app ||
        !this.authorised(req)
      ) {
        socket.end('HTTP/1.1 401 Unauthorized\r\n\r\n');
        return;
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => {
        this.sockets.add(ws);
        this.connections++;
        ws.on('close', () => this.sockets.delete(ws));
        this.notify();
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    for (const ws of this.sockets) ws.terminate();
    this.wss.close();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Resolves when the adapter has made `n` WebSocket connections in all. */
  async connected(n = 1): Promise<void> {
    while (this.connections < n) await new Promise<void>((r) => this.waiters.push(r));
  }

  /** Cuts the events WebSocket, as a restart of Asterisk's HTTP server or a network fault would. */
  dropSockets(): void {
    for (const ws of this.sockets) ws.terminate();
  }

  /**
   * A caller dials one of the lines: the dialplan's Stasis(app) puts the channel in the application.
   * `silently`: its StasisStart is lost (it rang while the socket was down).
   */
  call(from: string, exten: string, silently = false): FakeChannel {
    const id = `${Date.now()}.${++this.serial}`;
    const channel = this.channel(id, `PJSIP/trunk-${id}`, from, exten);
    channel.state = 'Ring';
    this.channels.set(id, channel);
    if (!silently) this.send({ type: 'StasisStart', args: [], channel });
    return channel;
  }

  dtmf(channelId: string, digit: string): void {
    this.send({
      type: 'ChannelDtmfReceived',
      digit,
      duration_ms: 120,
      channel: this.channels.get(channelId),
    });
  }

  /** The far end hangs up (cause 16, normal clearing). `silently`: while nobody listens. */
  hangUp(channelId: string, cause = 16, silently = false): void {
    const channel = this.channels.get(channelId);
    if (!channel) return;
    this.channels.delete(channelId);
    for (const [id, members] of this.bridges)
      this.bridges.set(
        id,
        members.filter((m) => m !== channelId),
      );
    if (silently) return;
    this.send({ type: 'StasisEnd', channel });
    this.send({
      type: 'ChannelDestroyed',
      cause,
      cause_txt: cause === 17 ? 'User busy' : 'Normal Clearing',
      channel,
    });
  }

  /** An originated leg (agent phone or outside number) answers: it enters the application. */
  answer(channelId: string): void {
    const channel = this.channels.get(channelId);
    if (!channel) throw new Error(`no channel ${channelId}`);
    channel.state = 'Up';
    this.send({ type: 'StasisStart', args: channel.appArgs ?? [], channel });
  }

  /** An originated leg never answers: busy (17), no answer (19), unreachable (e.g. 3). */
  refuse(channelId: string, cause: number): void {
    const channel = this.channels.get(channelId);
    if (!channel) throw new Error(`no channel ${channelId}`);
    this.channels.delete(channelId);
    this.send({ type: 'ChannelDestroyed', cause, cause_txt: 'refused', channel });
  }

  finishPlayback(playbackId: string): void {
    const target = this.playing.get(playbackId);
    if (target === undefined) throw new Error(`no playback ${playbackId}`);
    this.playing.delete(playbackId);
    this.send({
      type: 'PlaybackFinished',
      playback: { id: playbackId, media_uri: '', target_uri: `channel:${target}`, state: 'done' },
    });
  }

  playbacks(): string[] {
    return [...this.playing.keys()];
  }

  /** The requests recorded so far, as "METHOD /path". */
  log(): string[] {
    return this.requests.map((r) => `${r.method} ${r.path}`);
  }

  // ---------------------------------------------------------------------------------------------------

  private notify() {
    for (const w of this.waiters.splice(0)) w();
  }

  private send(event: Record<string, unknown>): void {
    const message = JSON.stringify({
      ...event,
      timestamp: new Date().toISOString(),
      application: this.app,
      asterisk_id: '00:00:00:00:00:01',
    });
    for (const ws of this.sockets) ws.send(message);
  }

  private authorised(req: IncomingMessage): boolean {
    const expected = `Basic ${Buffer.from(`${this.credentials.user}:${this.credentials.password}`).toString('base64')}`;
    return req.headers.authorization === expected;
  }

  private channel(id: string, name: string, number: string, exten: string): FakeChannel {
    return {
      id,
      name,
      state: 'Down',
      caller: { name: '', number },
      connected: { name: '', number: '' },
      dialplan: { context: 'sportello-lines', exten, priority: 1, app_name: 'Stasis', app_data: this.app },
      creationtime: new Date().toISOString(),
      language: 'it',
    };
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://x');
    const query = Object.fromEntries(url.searchParams);
    const path = decodeURIComponent(url.pathname.replace(/^\/ari/, ''));
    this.requests.push({ method: req.method ?? '', path, query });
    const [status, body] = this.authorised(req)
      ? this.route(req.method ?? '', path, query)
      : [401, { message: 'Authentication required' }];
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(body === undefined ? '' : JSON.stringify(body));
  }

  private route(method: string, path: string, query: Record<string, string>): [number, unknown?] {
    const match = (re: RegExp) => re.exec(`${method} ${path}`);
    if (method === 'GET' && path === '/channels') return [200, [...this.channels.values()]];
    if (method === 'GET' && path === `/applications/${this.app}`) {
      return [
        200,
        {
          name: this.app,
          channel_ids: [...this.channels.keys()],
          bridge_ids: [...this.bridges.keys()],
          endpoint_ids: [],
          device_names: [],
        },
      ];
    }
    if (method === 'POST' && path === '/channels') {
      if (this.failNextOriginate !== null) {
        const status = this.failNextOriginate;
        this.failNextOriginate = null;
        return [status, { message: 'Allocation failed' }];
      }
      const id = query.channelId ?? randomUUID();
      const channel = this.channel(id, `${query.endpoint}-${id}`, query.callerId ?? '', '');
      channel.endpoint = query.endpoint ?? '';
      channel.appArgs = (query.appArgs ?? '').split(',').filter(Boolean);
      this.channels.set(id, channel);
      return [200, channel];
    }
    if (method === 'POST' && path === '/bridges') {
      this.bridges.set(query.bridgeId ?? randomUUID(), []);
      return [200, { id: query.bridgeId, bridge_type: 'mixing', channels: [] }];
    }
    const add = match(/^POST \/bridges\/([^/]+)\/addChannel$/);
    if (add) {
      const members = this.bridges.get(add[1]!);
      if (!members) return [404, { message: 'Bridge not found' }];
      const ids = (query.channel ?? '').split(',');
      if (ids.some((c) => !this.channels.has(c))) return [400, { message: 'Channel not found' }];
      members.push(...ids);
      return [204];
    }
    const playback = match(/^DELETE \/playbacks\/([^/]+)$/);
    if (playback) {
      if (!this.playing.has(playback[1]!)) return [404, { message: 'Playback not found' }];
      this.finishPlayback(playback[1]!);
      return [204];
    }
    const bridge = match(/^DELETE \/bridges\/([^/]+)$/);
    if (bridge) return this.bridges.delete(bridge[1]!) ? [204] : [404, { message: 'Bridge not found' }];
    const op = match(/^(POST|DELETE) \/channels\/([^/]+)(?:\/(answer|moh|continue|play)(?:\/([^/]+))?)?$/);
    if (!op) return [404, { message: 'Resource not found' }];
    const [, verb, id, action, playbackId] = op;
    const channel = this.channels.get(id!);
    if (!channel) return [404, { message: 'Channel not found' }];
    if (verb === 'DELETE' && !action) {
      this.hangUp(id!, query.reason === 'busy' ? 17 : 16);
      return [204];
    }
    if (action === 'answer') channel.state = 'Up';
    if (action === 'continue') {
      this.channels.delete(id!);
      this.send({ type: 'StasisEnd', channel });
    }
    if (action === 'play') {
      const pid = playbackId ?? randomUUID();
      this.playing.set(pid, id!);
      if (!this.holdPlaybacks) setImmediate(() => this.playing.has(pid) && this.finishPlayback(pid));
      return [201, { id: pid, media_uri: query.media, target_uri: `channel:${id}`, state: 'queued' }];
    }
    return [204];
  }
}
