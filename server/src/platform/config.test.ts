import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('configuration', () => {
  it('has defaults for a demo on the embedded database', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      PORT: 3000,
      HOST: '127.0.0.1',
      DATA_DIR: './data',
      embedded: true,
      HOLD_TTL_SECONDS: 300,
      SIM_HOURS: 'lines',
    });
    expect(loadConfig({ SIM_HOURS: 'always' }).SIM_HOURS).toBe('always');
  });

  it('uses PostgreSQL when DATABASE_URL is set', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h/db' }).embedded).toBe(false);
  });

  it('stops with a message naming each bad variable', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
    expect(() => loadConfig({ SIM_HOURS: 'night' })).toThrow(/SIM_HOURS/);
  });

  it("sends the chat's words only to a model over https or on the loopback, and asks which model (CC-10)", () => {
    expect(loadConfig({}).CHAT_ASSISTANT_URL).toBeUndefined();
    expect(
      loadConfig({ CHAT_ASSISTANT_URL: 'https://llm.regione.example/v1', CHAT_ASSISTANT_MODEL: 'm' })
        .CHAT_ASSISTANT_TIMEOUT_MS,
    ).toBe(3000);
    expect(() =>
      loadConfig({ CHAT_ASSISTANT_URL: 'http://127.0.0.1:8000/v1', CHAT_ASSISTANT_MODEL: 'm' }),
    ).not.toThrow();
    expect(() =>
      loadConfig({ CHAT_ASSISTANT_URL: 'http://10.0.0.5:8000/v1', CHAT_ASSISTANT_MODEL: 'm' }),
    ).toThrow(/CHAT_ASSISTANT_URL: https, or plain http on the loopback only/);
    expect(() => loadConfig({ CHAT_ASSISTANT_URL: 'http://', CHAT_ASSISTANT_MODEL: 'm' })).toThrow(
      /CHAT_ASSISTANT_URL/,
    );
    expect(() => loadConfig({ CHAT_ASSISTANT_URL: 'https://llm.regione.example/v1' })).toThrow(
      /CHAT_ASSISTANT_MODEL: needed with CHAT_ASSISTANT_URL/,
    );
  });

  it('keeps the national feed simulated by default, and asks for its endpoint and key when it is live (MR-8)', () => {
    expect(loadConfig({})).toMatchObject({
      NATIONAL_FEED: 'simulated',
      NATIONAL_FEED_REGION: '170',
      NATIONAL_FEED_MAX_ENTRIES: 1000,
    });
    expect(() => loadConfig({ NATIONAL_FEED: 'http' })).toThrow(
      /NATIONAL_FEED_URL: needed with NATIONAL_FEED=http/,
    );
    expect(() =>
      loadConfig({ NATIONAL_FEED: 'http', NATIONAL_FEED_URL: 'https://pnla.example/fhir' }),
    ).toThrow(/NATIONAL_FEED_KEY: needed/);
    expect(() => loadConfig({ NATIONAL_FEED_KEY: 'short' })).toThrow(/NATIONAL_FEED_KEY/);
    expect(() => loadConfig({ NATIONAL_FEED_REGION: '17' })).toThrow(/NATIONAL_FEED_REGION/);
    const live = loadConfig({
      NATIONAL_FEED: 'http',
      NATIONAL_FEED_URL: 'https://pnla.example/fhir',
      NATIONAL_FEED_KEY: 'k'.repeat(32),
    });
    expect(live.NATIONAL_FEED).toBe('http');
  });
});
