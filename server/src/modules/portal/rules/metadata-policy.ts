// OpenID Federation 1.0 metadata policy (§6.1), as the SPID/CIE federation uses it: the trust anchor's
// entity statement about a provider may assert metadata of its own and a policy that shapes and checks the
// provider's; the relying party uses the result, never the provider's raw metadata. In SPID no
// intermediary stands between a provider and the trust anchor, so one policy applies (no merging).
// Pure: JSON in, JSON out or a PolicyError naming the parameter.

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type Metadata = Record<string, Json>;
export type ParameterPolicy = Partial<
  Record<'value' | 'add' | 'default' | 'one_of' | 'subset_of' | 'superset_of' | 'essential', Json>
>;
export type MetadataPolicy = Record<string, ParameterPolicy>;

export class PolicyError extends Error {
  constructor(
    readonly parameter: string,
    message: string,
  ) {
    super(`${parameter}: ${message}`);
  }
}

const KNOWN = new Set(['value', 'add', 'default', 'one_of', 'subset_of', 'superset_of', 'essential']);

const same = (a: Json, b: Json): boolean => JSON.stringify(a) === JSON.stringify(b);
const asArray = (v: Json): Json[] => (Array.isArray(v) ? v : [v]);

function arrayOperand(name: string, op: string, v: Json | undefined): Json[] {
  if (!Array.isArray(v)) throw new PolicyError(name, `"${op}" needs an array`);
  return v;
}

/**
 * Applies one parameter's policy, operators in the specification's order: value, add, default (which
 * shape it), then one_of, subset_of, superset_of and essential (which check it; subset_of also narrows).
 * Returns the new value, or undefined when the parameter is absent afterwards.
 */
export function applyParameterPolicy(
  name: string,
  policy: ParameterPolicy,
  current: Json | undefined,
  critical: readonly string[] = [],
): Json | undefined {
  for (const op of Object.keys(policy))
    if (!KNOWN.has(op) && critical.includes(op))
      throw new PolicyError(name, `the critical operator "${op}" is not understood`);
  let v = current;
  if ('value' in policy) v = policy.value === null ? undefined : policy.value;
  if ('add' in policy && policy.add !== undefined) {
    if (v !== undefined && !Array.isArray(v))
      throw new PolicyError(name, '"add" applies to an array parameter');
    const out = [...(v ?? [])];
    for (const x of asArray(policy.add)) if (!out.some((y) => same(x, y))) out.push(x);
    v = out;
  }
  if ('default' in policy && v === undefined && policy.default !== null) v = policy.default;
  if ('one_of' in policy && v !== undefined) {
    const allowed = arrayOperand(name, 'one_of', policy.one_of);
    if (!allowed.some((x) => same(x, v as Json)))
      throw new PolicyError(name, `${JSON.stringify(v)} is not one of ${JSON.stringify(allowed)}`);
  }
  if ('subset_of' in policy && v !== undefined) {
    const allowed = arrayOperand(name, 'subset_of', policy.subset_of);
    if (!Array.isArray(v)) throw new PolicyError(name, '"subset_of" applies to an array parameter');
    v = v.filter((x) => allowed.some((y) => same(x, y)));
  }
  if ('superset_of' in policy && v !== undefined) {
    const needed = arrayOperand(name, 'superset_of', policy.superset_of);
    if (!Array.isArray(v)) throw new PolicyError(name, '"superset_of" applies to an array parameter');
    const have = v;
    const missing = needed.filter((x) => !have.some((y) => same(x, y)));
    if (missing.length > 0) throw new PolicyError(name, `lacks ${JSON.stringify(missing)}`);
  }
  if (policy.essential === true && v === undefined) throw new PolicyError(name, 'is essential and absent');
  return v;
}

/**
 * The entity's metadata of one type after its superior's statement: the superior's own metadata values
 * replace the entity's, then the policy applies to every parameter it names.
 */
export function resolveMetadata(
  metadata: Metadata,
  superior: { metadata?: Metadata | undefined; policy?: MetadataPolicy | undefined; critical?: string[] },
): Metadata {
  const out: Metadata = { ...metadata, ...(superior.metadata ?? {}) };
  for (const [name, policy] of Object.entries(superior.policy ?? {})) {
    const v = applyParameterPolicy(name, policy, out[name], superior.critical);
    if (v === undefined) delete out[name];
    else out[name] = v;
  }
  return out;
}
