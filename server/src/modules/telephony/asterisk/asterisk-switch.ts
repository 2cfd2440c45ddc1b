import WebSocket from 'ws';
import type {
  HangUpCause,
  OutboundFailure,
  Prompt,
  SwitchEvent,
  TelephonyCommand,
  TelephonyPort,
} from '../port/telephony.port.ts';
import { type AriChannel, AriError, type AriEvent, AriRest, type AriSettings } from './ari.ts';

export interface AsteriskOptions extends AriSettings {
  /** How an outside number is dialled, `{number}` replaced: e.g. `PJSIP/{number}@trunk`. */
  trunk: string;
  /** The agent's phone (a SIP endpoint from the agent's profile), e.g. `PJSIP/agent101`; null: none. */
  agentEndpoint: (agentId: string) => string | null;
  /** The media URI Asterisk plays for a prompt, e.g. `sound:http://sportello:3000/prompts/<id>`. */
  promptMedia: (prompt: Prompt) => string;
  /** The dialplan context a blind transfer continues in, with the number as extension. */
  transferContext?: string;
  /** Seconds an originated leg rings before it counts as not answered. */
  ringSeconds?: number;
  log?: (message: string) => void;
}

interface Call {
  id: string;
  direction: 'in' | 'out';
  callerId: string;
  /** Outbound only: Asterisk put the answered leg in our application. */
  answered: boolean;
  /** The engine hung it up: its end is not reported back (a transfer's end is, as a hang-up). */
  closing: boolean;
  holding: boolean;
  agentChannel: string | null;
  bridgeId: string | null;
  /** The prompt playing now, and whether a key press ends it (barge-in on a menu). */
  playing: { id: string; input: boolean } | null;
  /** Commands run one after the other: a bridge or a hang-up waits for the prompts queued before it. */
  chain: Promise<void>;
}

// Q.850 causes of a leg that never answered (ChannelDestroyed.cause).
const failure = (cause: number): OutboundFailure =>
  cause === 17 ? 'busy' : cause === 16 || cause === 18 || cause === 19 ? 'no-answer' : 'unreachable';

// ARI's hang-up reasons (DELETE /channels/{id}?reason=…).
const REASON: Record<HangUpCause, string> = {
  normal: 'normal',
  busy: 'busy',
  rejected: 'rejected',
  unallocated: 'unallocated',
};

/**
 * The telephony port over Asterisk's ARI (issue 15): the application owns the lines' calls in Stasis.
 * Events in (StasisStart → call offered, DTMF → digits, StasisEnd/ChannelDestroyed → hang-up or a failed
 * outbound leg), commands out (answer, play in order, music on hold, a mixing bridge with the agent's
 * phone, blind transfer, originate, hang up). The WebSocket reconnects with back-off; on reconnect the
 * channels Asterisk still has are compared with ours, and a call that ended meanwhile is reported ended.
 * Every ARI failure becomes an event of the call (its end, or a failed outbound leg), never a rejection.
 */
export class AsteriskSwitch implements TelephonyPort {
  readonly label = '';
  private readonly rest: AriRest;
  private listener: ((e: SwitchEvent) => void) | null = null;
  private socket: WebSocket | null = null;
  private readonly calls = new Map<string, Call>();
  /** Agent legs: their channel id → the caller's call id. */
  private readonly agentLegs = new Map<string, string>();
  /** Agent legs that answered (their phone picked up). */
  private readonly answeredLegs = new Set<string>();
  private readonly waiting = new Map<string, () => void>();
  private retries = 0;
  private stopped = false;
  private connectedOnce = false;
  /** Numbers the ids of our playbacks and agent legs. */
  private serial = 0;

  constructor(private readonly options: AsteriskOptions) {
    this.rest = new AriRest(options);
  }

  connect(listener: (event: SwitchEvent) => void): void {
    this.listener = listener;
    this.open();
  }

  /** Stops reconnecting and closes the WebSocket (calls in Asterisk are left as they are). */
  close(): void {
    this.stopped = true;
    this.socket?.close();
  }

  execute(command: TelephonyCommand): void {
    if (command.type === 'originate') {
      this.originate(command.callId, command.to, command.from);
      return;
    }
    const call = this.calls.get(command.callId);
    if (!call) return; // already over: a command racing the caller's hang-up
    call.chain = call.chain.then(() => this.run(call, command)).catch((e) => this.failed(call, e));
  }

  // --- events ------------------------------------------------------------------------------------------

  private open(): void {
    const ws = new WebSocket(this.rest.eventsUrl(), { headers: this.rest.headers() });
    this.socket = ws;
    ws.on('open', () => {
      this.retries = 0;
      void this.reconcile(!this.connectedOnce);
      this.connectedOnce = true;
    });
    ws.on('message', (data) => {
      try {
        this.onEvent(JSON.parse(String(data)) as AriEvent);
      } catch (e) {
        this.log(`ARI event not understood: ${e instanceof Error ? e.message : e}`);
      }
    });
    ws.on('error', (e) => this.log(`ARI WebSocket: ${e.message}`));
    ws.on('close', () => {
      if (this.stopped) return;
      // 0.5 s, 1 s, 2 s … up to 30 s between attempts.
      const delay = Math.min(30_000, 500 * 2 ** this.retries++);
      setTimeout(() => this.open(), delay).unref?.();
    });
  }

  private emit(event: SwitchEvent): void {
    this.listener?.(event);
  }

  private onEvent(e: AriEvent): void {
    switch (e.type) {
      case 'StasisStart': {
        const { args, channel } = e as Extract<AriEvent, { type: 'StasisStart' }>;
        const [role, callId] = args;
        if (role === 'agent' && callId) {
          if (this.agentLegs.has(channel.id)) this.answeredLegs.add(channel.id);
          this.wake(channel.id);
          return;
        }
        if (role === 'outbound' && callId) {
          const call = this.calls.get(callId);
          if (call && !call.answered) {
            call.answered = true;
            this.emit({ type: 'outbound-answered', callId });
          }
          return;
        }
        // Already offered when a reconnect found it ringing before its StasisStart came through.
        if (!this.calls.has(channel.id)) this.offered(channel);
        return;
      }
      case 'ChannelDtmfReceived': {
        const { digit, channel } = e as Extract<AriEvent, { type: 'ChannelDtmfReceived' }>;
        const call = this.calls.get(channel.id);
        if (!call) return;
        // Barge-in: a caller who knows the menu keys the choice without hearing it to the end.
        if (call.playing?.input) {
          void this.quietly('DELETE', `/playbacks/${encodeURIComponent(call.playing.id)}`);
          call.playing.input = false;
        }
        this.emit({ type: 'digits', callId: channel.id, digits: digit });
        return;
      }
      case 'PlaybackFinished': {
        const { playback } = e as Extract<AriEvent, { type: 'PlaybackFinished' }>;
        this.wake(playback.id);
        return;
      }
      case 'StasisEnd':
      case 'ChannelDestroyed': {
        const { channel } = e as { channel: AriChannel };
        const cause = e.type === 'ChannelDestroyed' ? (e as { cause: number }).cause : 16;
        this.ended(channel.id, cause);
        return;
      }
    }
  }

  private offered(channel: AriChannel): void {
    this.calls.set(channel.id, newCall(channel.id, 'in', channel.caller.number));
    this.emit({
      type: 'call-offered',
      callId: channel.id,
      callerId: channel.caller.number,
      dialledNumber: channel.dialplan.exten,
    });
  }

  /** A channel is gone (or left the application): the call's end, once, unless the engine ended it. */
  private ended(channelId: string, cause: number): void {
    const legOf = this.agentLegs.get(channelId);
    if (legOf) {
      const answered = this.answeredLegs.delete(channelId);
      this.agentLegs.delete(channelId);
      this.wake(channelId); // a leg that never answered
      const call = this.calls.get(legOf);
      if (call && call.agentChannel === channelId) {
        // The agent's phone hung up, or never answered: the engine decides what the caller hears.
        call.agentChannel = null;
        if (call.bridgeId) void this.quietly('DELETE', `/bridges/${call.bridgeId}`);
        call.bridgeId = null;
        if (!call.closing) this.emit({ type: 'agent-hang-up', callId: call.id, answered });
      }
      return;
    }
    const call = this.calls.get(channelId);
    if (!call) return;
    this.calls.delete(channelId);
    for (const [key, wake] of this.waiting) if (key.startsWith(`${channelId}:`)) wake();
    if (call.bridgeId) void this.quietly('DELETE', `/bridges/${call.bridgeId}`);
    if (call.agentChannel) void this.quietly('DELETE', `/channels/${call.agentChannel}`);
    if (call.closing) return;
    if (call.direction === 'out' && !call.answered)
      this.emit({ type: 'outbound-failed', callId: call.id, reason: failure(cause) });
    else this.emit({ type: 'hang-up', callId: call.id });
  }

  /**
   * On every connection, Asterisk's channels against ours. After a reconnect, a call whose channel is gone
   * ended while nobody listened. A channel in our application that we do not know either rang while the
   * socket was down (still ringing: offered now, its StasisStart was lost) or is left from before a
   * restart of Sportello (answered: nobody can tell where it was, so it is hung up cleanly and logged).
   */
  private async reconcile(first: boolean): Promise<void> {
    try {
      const [channels, application] = (await Promise.all([
        this.rest.request('GET', '/channels'),
        this.rest.request('GET', `/applications/${encodeURIComponent(this.options.app)}`),
      ])) as [AriChannel[], { channel_ids: string[] }];
      const alive = new Set(channels.map((c) => c.id));
      if (!first) for (const id of [...this.calls.keys()]) if (!alive.has(id)) this.ended(id, 16);
      const ours = new Set(application.channel_ids);
      for (const c of channels) {
        if (!ours.has(c.id) || this.calls.has(c.id) || this.agentLegs.has(c.id)) continue;
        if (c.state === 'Ring' || c.state === 'Ringing') {
          this.offered(c);
        } else {
          this.log(
            `ARI: channel ${c.id} (${c.state}) was in the application before this connection: hung up`,
          );
          void this.quietly('DELETE', `/channels/${encodeURIComponent(c.id)}`, { reason: 'normal' });
        }
      }
    } catch (e) {
      this.log(`ARI reconcile: ${e instanceof Error ? e.message : e}`);
    }
  }

  // --- commands ----------------------------------------------------------------------------------------

  private async run(call: Call, command: TelephonyCommand): Promise<void> {
    const ch = `/channels/${call.id}`;
    switch (command.type) {
      case 'answer':
        await this.rest.request('POST', `${ch}/answer`);
        return;
      case 'play': {
        await this.unbridge(call);
        if (call.holding) await this.quietly('DELETE', `${ch}/moh`);
        const playbackId = `${call.id}:p${++this.serial}`;
        const done = this.until(playbackId);
        call.playing = { id: playbackId, input: command.prompt.input !== undefined };
        await this.rest.request('POST', `${ch}/play/${encodeURIComponent(playbackId)}`, {
          media: this.options.promptMedia(command.prompt),
          lang: 'it',
        });
        await done;
        call.playing = null;
        if (call.holding && this.calls.has(call.id)) await this.quietly('POST', `${ch}/moh`);
        return;
      }
      case 'hold':
        await this.unbridge(call);
        call.holding = true;
        await this.rest.request('POST', `${ch}/moh`);
        return;
      case 'bridge':
        await this.bridge(call, command.agentId);
        return;
      case 'transfer':
        await this.unbridge(call);
        call.holding = false;
        await this.quietly('DELETE', `${ch}/moh`);
        await this.rest.request('POST', `${ch}/continue`, {
          context: this.options.transferContext ?? 'sportello-transfer',
          extension: command.to,
          priority: 1,
        });
        return;
      case 'hang-up':
        call.closing = true;
        await this.quietly('DELETE', ch, { reason: REASON[command.cause] });
        this.ended(call.id, 16);
        return;
    }
  }

  /**
   * The caller leaves the agent (a transfer to a queue: the caller hears a prompt and waits again): the
   * bridge goes and the agent's phone is hung up, which is not reported as the agent hanging up.
   */
  private async unbridge(call: Call): Promise<void> {
    const leg = call.agentChannel;
    const bridge = call.bridgeId;
    call.agentChannel = null;
    call.bridgeId = null;
    if (leg) {
      this.agentLegs.delete(leg);
      this.answeredLegs.delete(leg);
      await this.quietly('DELETE', `/channels/${leg}`);
    }
    if (bridge) await this.quietly('DELETE', `/bridges/${bridge}`);
  }

  /** The agent's phone rings (originate); once it answers, caller and agent share a mixing bridge. */
  private async bridge(call: Call, agentId: string): Promise<void> {
    const endpoint = this.options.agentEndpoint(agentId);
    if (!endpoint) {
      // Reported as a phone that did not answer: the engine gives the caller to another agent.
      this.log(`agent ${agentId} has no phone: the caller goes back to the queue`);
      this.emit({ type: 'agent-hang-up', callId: call.id, answered: false });
      return;
    }
    const leg = `${call.id}:a${++this.serial}`;
    this.agentLegs.set(leg, call.id);
    call.agentChannel = leg;
    const answered = this.until(leg);
    try {
      await this.rest.request('POST', '/channels', {
        endpoint,
        app: this.options.app,
        appArgs: `agent,${call.id}`,
        channelId: leg,
        callerId: call.callerId,
        timeout: this.options.ringSeconds ?? 30,
      });
    } catch (e) {
      // The agent's phone cannot be dialled (unknown endpoint, not registered): not the caller's end.
      this.log(`agent ${agentId}'s phone ${endpoint}: ${e instanceof Error ? e.message : e}`);
      this.ended(leg, 0);
      return;
    }
    await answered;
    if (!this.agentLegs.has(leg) || !this.calls.has(call.id)) return; // the phone did not answer, or the caller left
    call.holding = false;
    await this.quietly('DELETE', `/channels/${call.id}/moh`);
    const bridgeId = `${call.id}:b`;
    await this.rest.request('POST', '/bridges', { type: 'mixing', bridgeId });
    call.bridgeId = bridgeId;
    await this.rest.request('POST', `/bridges/${bridgeId}/addChannel`, { channel: `${call.id},${leg}` });
  }

  private originate(callId: string, to: string, from: string): void {
    const call = newCall(callId, 'out', to);
    this.calls.set(callId, call);
    call.chain = this.rest
      .request('POST', '/channels', {
        endpoint: this.options.trunk.replace('{number}', to),
        app: this.options.app,
        appArgs: `outbound,${callId}`,
        channelId: callId,
        callerId: from,
        timeout: this.options.ringSeconds ?? 30,
      })
      .then(() => undefined)
      .catch((e) => this.failed(call, e));
  }

  /** An ARI request failed for this call: it is over, and the engine hears so as an event. */
  private failed(call: Call, e: unknown): void {
    this.log(`ARI: ${e instanceof AriError ? e.message : String(e)}`);
    if (!this.calls.has(call.id)) return;
    void this.quietly('DELETE', `/channels/${call.id}`);
    this.ended(call.id, call.direction === 'out' && !call.answered ? 0 : 16);
  }

  // --- helpers -----------------------------------------------------------------------------------------

  /** Resolves when `key` is woken: a playback finished, a leg answered or ended, or its call ended. */
  private until(key: string): Promise<void> {
    return new Promise((resolve) => this.waiting.set(key, resolve));
  }

  private wake(key: string): void {
    const resolve = this.waiting.get(key);
    this.waiting.delete(key);
    resolve?.();
  }

  /** A request whose failure changes nothing (stopping music that already stopped, a gone channel). */
  private async quietly(method: 'POST' | 'DELETE', path: string, query?: Record<string, string>) {
    try {
      await this.rest.request(method, path, query);
    } catch {
      // nothing to do: the state it would undo is gone already
    }
  }

  private log(message: string): void {
    this.options.log?.(message);
  }
}

const newCall = (id: string, direction: 'in' | 'out', callerId: string): Call => ({
  id,
  direction,
  callerId,
  answered: false,
  closing: false,
  holding: false,
  agentChannel: null,
  bridgeId: null,
  playing: null,
  chain: Promise.resolve(),
});
