import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../platform/config.ts';
import { mapRoles, oidcSettings, parseRoleMap } from './oidc.ts';

const base = {
  OIDC_ISSUER: 'https://idp.regione.example',
  OIDC_CLIENT_ID: 'sportello',
  OIDC_REDIRECT_URI: 'https://cup.regione.example/api/v1/auth/oidc/callback',
};
const settings = (env: Record<string, string>) => oidcSettings(loadConfig(env));

describe('single sign-on settings', () => {
  it('are off without an issuer, and complete with issuer, client and redirect', () => {
    expect(settings({})).toBeNull();
    const s = settings({
      ...base,
      OIDC_ROLES_CLAIM: 'groups',
      OIDC_ROLE_MAP: 'cup-op=operator, cup-adm=admin',
    });
    expect(s).toMatchObject({
      clientId: 'sportello',
      scopes: 'openid profile email',
      usernameClaim: 'preferred_username',
    });
    expect([...s!.roleMap]).toEqual([
      ['cup-op', 'operator'],
      ['cup-adm', 'admin'],
    ]);
    // LDAP names hold commas: then semicolons separate the entries.
    expect([...parseRoleMap('CN=Operatori,O=Regione=operator; CN=Admin,O=Regione=admin')]).toEqual([
      ['CN=Operatori,O=Regione', 'operator'],
      ['CN=Admin,O=Regione', 'admin'],
    ]);
  });

  it('stop start-up, naming the variable, when they do not fit together', () => {
    const fails = (env: Record<string, string>, name: string) => {
      expect(() => settings(env)).toThrow(ConfigError);
      expect(() => settings(env)).toThrow(name);
    };
    fails({ OIDC_CLIENT_ID: 'x' }, 'OIDC_ISSUER');
    fails({ OIDC_ISSUER: base.OIDC_ISSUER, OIDC_REDIRECT_URI: base.OIDC_REDIRECT_URI }, 'OIDC_CLIENT_ID');
    fails({ OIDC_ISSUER: base.OIDC_ISSUER, OIDC_CLIENT_ID: 'x' }, 'OIDC_REDIRECT_URI');
    fails({ ...base, OIDC_ISSUER: 'http://idp.regione.example' }, 'OIDC_ISSUER: must be https');
    fails({ ...base, OIDC_ROLES_CLAIM: 'groups' }, 'OIDC_ROLE_MAP');
    fails({ ...base, OIDC_ROLE_MAP: 'a=operator' }, 'OIDC_ROLES_CLAIM');
    fails({ ...base, OIDC_ROLES_CLAIM: 'groups', OIDC_ROLE_MAP: 'a=wizard' }, 'unknown role "wizard"');
    fails({ ...base, OIDC_ROLES_CLAIM: 'groups', OIDC_ROLE_MAP: 'operator' }, 'is not value=role');
    fails({ ...base, OIDC_SCOPES: 'profile email' }, 'OIDC_SCOPES');
    expect(() => loadConfig({ ...base, OIDC_REDIRECT_URI: 'https://cup.example/elsewhere' })).toThrow(
      'OIDC_REDIRECT_URI',
    );
  });

  it('allow plain http only for a provider on the loopback (tests)', () => {
    expect(settings({ ...base, OIDC_ISSUER: 'http://127.0.0.1:4000' })?.issuer.href).toBe(
      'http://127.0.0.1:4000/',
    );
  });
});

describe('role mapping', () => {
  const map = parseRoleMap('cup-operatori=operator,cup-backoffice=backoffice,cup-admin=admin');
  it('maps known values from an array or a space- or comma-separated string, ignoring the rest', () => {
    expect(mapRoles(['cup-backoffice', 'altro', 'cup-operatori'], map)).toEqual(['operator', 'backoffice']);
    expect(mapRoles('cup-admin cup-operatori', map)).toEqual(['operator', 'admin']);
    expect(mapRoles('cup-admin,altro', map)).toEqual(['admin']);
  });
  it('grants nothing for unknown values, a missing claim or another type', () => {
    expect(mapRoles(['visitatori'], map)).toEqual([]);
    expect(mapRoles(undefined, map)).toEqual([]);
    expect(mapRoles({ 'cup-admin': true }, map)).toEqual([]);
    expect(mapRoles([42, 'CUP-ADMIN'], map)).toEqual([]);
  });
});
