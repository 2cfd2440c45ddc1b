/**
 * A phone number as people read it aloud (issue 14 §9): +39 347 111 2223, 800 29 20 20, 0971 471 300,
 * 06 1234 5678. Numbers not Italian, or not recognised, are returned as given.
 */
export function formatPhone(raw: string): string {
  const compact = raw.replace(/[\s./-]/g, '');
  const m = /^(\+39|0039)?(\d{6,11})$/.exec(compact);
  if (!m) return raw;
  const prefix = m[1] ? '+39 ' : '';
  const n = m[2]!;
  return prefix + national(n);
}

const group = (digits: string, sizes: number[]) => {
  const out: string[] = [];
  let i = 0;
  for (const size of sizes) {
    if (i >= digits.length) break;
    out.push(digits.slice(i, i + size));
    i += size;
  }
  if (i < digits.length) out.push(digits.slice(i));
  return out.join(' ');
};

function national(n: string): string {
  // Mobile numbers: three, three and four digits (347 111 2223).
  if (n.startsWith('3') && n.length === 10) return group(n, [3, 3, 4]);
  // Freephone 800 and 803: 800 xx xx xx; shared-cost 84x and premium 89x: 848 821 821.
  if (/^80[03]/.test(n) && n.length === 9) return group(n, [3, 2, 2, 2]);
  if (/^8[49]/.test(n) && n.length === 9) return group(n, [3, 3, 3]);
  // Landlines: Milan and Rome have two-digit area codes; the others three or four (0971, 081).
  if (n.startsWith('0')) {
    if (/^0[26]/.test(n)) return group(n, [2, 4, 4]);
    const area = n.length >= 10 ? 4 : 3;
    return group(n, [area, 3, 4]);
  }
  return n;
}
