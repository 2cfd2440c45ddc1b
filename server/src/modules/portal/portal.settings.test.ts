import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { relyingPartyKeys } from '../../../test/spid-provider.ts';
import { loadConfig } from '../../platform/config.ts';
import { citizenOidcSettings } from './portal.service.ts';

// The SPID/CIE settings from the environment: the trust anchor comes with its public keys, or start-up
// stops naming the variable at fault.

describe('citizen login settings: the federation trust anchor', () => {
  let dir: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'spid-settings-'));
    const keys = await relyingPartyKeys();
    writeFileSync(join(dir, 'rp.json'), JSON.stringify({ keys: [keys.sig, keys.enc, keys.fed] }));
    const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...pub } = keys.fed;
    writeFileSync(join(dir, 'ta.json'), JSON.stringify({ keys: [{ ...pub, kid: 'ta' }] }));
    writeFileSync(join(dir, 'ta-private.json'), JSON.stringify({ keys: [keys.fed] }));
    env = {
      CITIZEN_OIDC_ISSUER: 'https://idp.example.it',
      CITIZEN_OIDC_CLIENT_ID: 'https://portale.example.it',
      CITIZEN_OIDC_REDIRECT_URI: 'https://portale.example.it/api/v1/portal/spid/callback',
      CITIZEN_OIDC_JWKS_FILE: join(dir, 'rp.json'),
    };
  });
  const settings = (extra: Record<string, string>) => citizenOidcSettings(loadConfig({ ...env, ...extra }));

  it('without an anchor the provider is discovered; with one, its keys are read from the file', () => {
    expect(settings({})?.trustAnchor).toBeNull();
    const s = settings({
      CITIZEN_OIDC_TRUST_ANCHOR: 'https://registry.spid.gov.it',
      CITIZEN_OIDC_TRUST_ANCHOR_JWKS_FILE: join(dir, 'ta.json'),
    });
    expect(s?.trustAnchor?.entityId).toBe('https://registry.spid.gov.it');
    expect(s?.trustAnchor?.jwks.keys.map((k) => k.kid)).toEqual(['ta']);
  });

  it('refuses half a configuration, a private key for the anchor, an unreadable file and plain http', () => {
    expect(() => settings({ CITIZEN_OIDC_TRUST_ANCHOR: 'https://registry.spid.gov.it' })).toThrow(
      /CITIZEN_OIDC_TRUST_ANCHOR_JWKS_FILE: needed with CITIZEN_OIDC_TRUST_ANCHOR/,
    );
    expect(() => settings({ CITIZEN_OIDC_TRUST_ANCHOR_JWKS_FILE: join(dir, 'ta.json') })).toThrow(
      /CITIZEN_OIDC_TRUST_ANCHOR: needed with CITIZEN_OIDC_TRUST_ANCHOR_JWKS_FILE/,
    );
    const anchor = { CITIZEN_OIDC_TRUST_ANCHOR: 'https://registry.spid.gov.it' };
    expect(() =>
      settings({ ...anchor, CITIZEN_OIDC_TRUST_ANCHOR_JWKS_FILE: join(dir, 'ta-private.json') }),
    ).toThrow(/CITIZEN_OIDC_TRUST_ANCHOR_JWKS_FILE: holds a private key/);
    expect(() =>
      settings({ ...anchor, CITIZEN_OIDC_TRUST_ANCHOR_JWKS_FILE: join(dir, 'missing.json') }),
    ).toThrow(/CITIZEN_OIDC_TRUST_ANCHOR_JWKS_FILE: cannot read a JWKS from it/);
    expect(() =>
      settings({
        CITIZEN_OIDC_TRUST_ANCHOR: 'http://registry.example.it',
        CITIZEN_OIDC_TRUST_ANCHOR_JWKS_FILE: join(dir, 'ta.json'),
      }),
    ).toThrow(/CITIZEN_OIDC_TRUST_ANCHOR: must be https/);
  });
});
