/**
 * Text the database cannot store or that no person types: NUL (PostgreSQL text cannot hold it) and
 * UTF-16 surrogates without their pair (not Unicode; drivers would turn them into U+FFFD silently).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is what this looks for
const BAD_TEXT = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function isBadText(s: string): boolean {
  return BAD_TEXT.test(s);
}

/**
 * The path (`items.0.serviceCode`) of the first string in a parsed request part holding bad text, keys
 * included, or null. Depth-limited: a request nested deeper than any schema here is refused by it anyway.
 */
export function findBadText(value: unknown, path: string[] = [], depth = 0): string | null {
  if (typeof value === 'string') return isBadText(value) ? path.join('.') || '(value)' : null;
  if (depth > 32 || value === null || typeof value !== 'object') return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findBadText(value[i], [...path, String(i)], depth + 1);
      if (found !== null) return found;
    }
    return null;
  }
  for (const [key, v] of Object.entries(value)) {
    if (isBadText(key)) return [...path, '(key)'].join('.');
    const found = findBadText(v, [...path, key], depth + 1);
    if (found !== null) return found;
  }
  return null;
}
