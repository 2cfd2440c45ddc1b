import { describe, expect, it } from 'vitest';
import { applyParameterPolicy, PolicyError, resolveMetadata } from './metadata-policy.ts';

// OpenID Federation 1.0 §6.1: each operator on its own, then a provider's metadata under a trust anchor's
// policy as the SPID federation writes one; expected values written by hand from the specification.

const L1 = 'https://www.spid.gov.it/SpidL1';
const L2 = 'https://www.spid.gov.it/SpidL2';
const L3 = 'https://www.spid.gov.it/SpidL3';

describe('metadata policy operators', () => {
  it('value sets, replaces, and removes with null', () => {
    expect(applyParameterPolicy('subject_types_supported', { value: ['pairwise'] }, undefined)).toEqual([
      'pairwise',
    ]);
    expect(applyParameterPolicy('subject_types_supported', { value: ['pairwise'] }, ['public'])).toEqual([
      'pairwise',
    ]);
    expect(applyParameterPolicy('initiate_login_uri', { value: null }, 'https://x.example')).toBeUndefined();
  });

  it('add appends what is missing, once, and creates the array', () => {
    expect(applyParameterPolicy('contacts', { add: ['a@pec.it'] }, ['b@pec.it', 'a@pec.it'])).toEqual([
      'b@pec.it',
      'a@pec.it',
    ]);
    expect(applyParameterPolicy('contacts', { add: 'a@pec.it' }, undefined)).toEqual(['a@pec.it']);
    expect(() => applyParameterPolicy('contacts', { add: ['a'] }, 'single')).toThrow(PolicyError);
  });

  it('default fills only an absent parameter', () => {
    expect(applyParameterPolicy('response_modes_supported', { default: ['query'] }, undefined)).toEqual([
      'query',
    ]);
    expect(applyParameterPolicy('response_modes_supported', { default: ['query'] }, ['form_post'])).toEqual([
      'form_post',
    ]);
  });

  it('one_of accepts a listed value, refuses another, ignores an absent parameter', () => {
    const p = { one_of: ['private_key_jwt', 'tls_client_auth'] };
    expect(applyParameterPolicy('auth', p, 'private_key_jwt')).toBe('private_key_jwt');
    expect(() => applyParameterPolicy('auth', p, 'client_secret_basic')).toThrow(
      /auth: "client_secret_basic" is not one of/,
    );
    expect(applyParameterPolicy('auth', p, undefined)).toBeUndefined();
  });

  it('subset_of narrows to the intersection in the parameter own order, possibly to nothing', () => {
    expect(applyParameterPolicy('acr', { subset_of: [L3, L2] }, [L1, L2, L3])).toEqual([L2, L3]);
    expect(applyParameterPolicy('acr', { subset_of: [L3] }, [L1])).toEqual([]);
    expect(applyParameterPolicy('acr', { subset_of: [L3] }, undefined)).toBeUndefined();
  });

  it('superset_of refuses a parameter lacking a value', () => {
    expect(
      applyParameterPolicy('grants', { superset_of: ['authorization_code'] }, ['authorization_code', 'x']),
    ).toEqual(['authorization_code', 'x']);
    expect(() =>
      applyParameterPolicy('grants', { superset_of: ['authorization_code'] }, ['refresh_token']),
    ).toThrow('grants: lacks ["authorization_code"]');
  });

  it('essential refuses an absent parameter, also one removed by value null', () => {
    expect(() => applyParameterPolicy('jwks', { essential: true }, undefined)).toThrow(
      'jwks: is essential and absent',
    );
    expect(() => applyParameterPolicy('jwks', { value: null, essential: true }, { keys: [] })).toThrow(
      PolicyError,
    );
    expect(applyParameterPolicy('logo_uri', { essential: false }, undefined)).toBeUndefined();
  });

  it('applies shaping before checking: default then one_of; add then superset_of', () => {
    expect(applyParameterPolicy('alg', { default: 'RS256', one_of: ['RS256', 'ES256'] }, undefined)).toBe(
      'RS256',
    );
    expect(
      applyParameterPolicy(
        'grants',
        { add: ['authorization_code'], superset_of: ['authorization_code'] },
        [],
      ),
    ).toEqual(['authorization_code']);
  });

  it('an operator it does not know is ignored, unless the statement marks it critical', () => {
    expect(applyParameterPolicy('x', { regexp: '^a' } as never, 'b')).toBe('b');
    expect(() => applyParameterPolicy('x', { regexp: '^a' } as never, 'b', ['regexp'])).toThrow(
      'x: the critical operator "regexp" is not understood',
    );
  });
});

describe('a provider under the trust anchor statement', () => {
  it('takes the anchor asserted values, then its policy, leaving the rest as the provider wrote it', () => {
    const provider = {
      issuer: 'https://idp.example.it',
      acr_values_supported: [L1, L2, L3],
      token_endpoint_auth_methods_supported: ['private_key_jwt', 'client_secret_basic'],
      subject_types_supported: ['public', 'pairwise'],
      organization_name: 'IdP di prova',
      jwks: { keys: [{ kid: 'k1' }] },
    };
    const resolved = resolveMetadata(provider, {
      metadata: { organization_name: 'IdP di prova S.p.A.' },
      policy: {
        token_endpoint_auth_methods_supported: { subset_of: ['private_key_jwt'] },
        subject_types_supported: { value: ['pairwise'] },
        acr_values_supported: { superset_of: [L2] },
        jwks: { essential: true },
        op_policy_uri: { default: 'https://registry.example.it/policy' },
      },
    });
    expect(resolved).toEqual({
      issuer: 'https://idp.example.it',
      acr_values_supported: [L1, L2, L3],
      token_endpoint_auth_methods_supported: ['private_key_jwt'],
      subject_types_supported: ['pairwise'],
      organization_name: 'IdP di prova S.p.A.',
      jwks: { keys: [{ kid: 'k1' }] },
      op_policy_uri: 'https://registry.example.it/policy',
    });
    expect(provider.subject_types_supported).toEqual(['public', 'pairwise']);
  });

  it('refuses a provider the policy rejects, naming the parameter', () => {
    expect(() =>
      resolveMetadata({ token_endpoint_auth_methods_supported: 'client_secret_basic' } as never, {
        policy: { token_endpoint_auth_methods_supported: { superset_of: ['private_key_jwt'] } },
      }),
    ).toThrow(/^token_endpoint_auth_methods_supported: /);
  });
});
