import { join } from 'node:path';
import type { Config } from '../../../platform/config.ts';
import type { Logger } from '../../../platform/logger.ts';
import { AsteriskSwitch, PromptAudio } from '../../telephony/index.ts';
import { ASTERISK_SOURCE } from './live-centre.ts';

/**
 * The phones of the agents logged in to the line (issue 15): read from their profile when they log in,
 * dialled by the switch when they take a call.
 */
export class AgentPhones {
  private readonly phones = new Map<string, string>();
  set(agentId: string, endpoint: string | null): void {
    if (endpoint) this.phones.set(agentId, endpoint);
    else this.phones.delete(agentId);
  }
  get(agentId: string): string | null {
    return this.phones.get(agentId) ?? null;
  }
}

/** The prompts' audio, served at PROMPTS_URL (default: this server on the loopback). */
export function promptAudio(config: Config): PromptAudio {
  return new PromptAudio({
    baseUrl: (config.PROMPTS_URL ?? `http://127.0.0.1:${config.PORT}`).replace(/\/$/, ''),
    recordingsDir: join(config.dataDir, 'prompts'),
    cacheDir: join(config.dataDir, 'prompt-cache'),
  });
}

/**
 * TELEPHONY=asterisk: the centre's switch is Asterisk through ARI. Its prompts are played from this
 * server's audio URLs, agents' phones are their profile's endpoint, outside numbers go through ARI_TRUNK.
 */
export function asteriskSwitch(
  config: Config,
  log: Logger,
  phones: AgentPhones,
  prompts: PromptAudio,
): { port: AsteriskSwitch; source: string } {
  const port = new AsteriskSwitch({
    url: config.ARI_URL as string,
    user: config.ARI_USER as string,
    password: config.ARI_PASSWORD as string,
    app: config.ARI_APP,
    trunk: config.ARI_TRUNK,
    transferContext: config.ARI_TRANSFER_CONTEXT,
    ringSeconds: config.ARI_RING_SECONDS,
    agentEndpoint: (agentId) => phones.get(agentId),
    promptMedia: (prompt) => prompts.media(prompt),
    // What the adapter reports names channels and ARI paths, never a caller's number.
    log: (message) => log.warn({ source: ASTERISK_SOURCE }, message),
  });
  return { port, source: ASTERISK_SOURCE };
}
