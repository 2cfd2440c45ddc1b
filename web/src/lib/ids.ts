/**
 * A random UUID (v4) for the Idempotency-Key of one confirmation attempt. crypto.randomUUID exists only
 * in secure contexts (https, localhost); a station on plain http inside the region's network still has
 * getRandomValues.
 */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * One Idempotency-Key per intent (here: booking this held slot for this prescription item, i.e. the
 * request's body). A retry after a lost answer carries the same key, so the server replays the first
 * result instead of refusing a hold it already used; a success (`settle`) or another intent gets a new
 * key. Kept for the page's life, so a panel shown again for the same intent still finds its key.
 */
export class IntentKeys {
  private readonly keys = new Map<string, string>();

  keyFor(intent: string): string {
    let key = this.keys.get(intent);
    if (!key) {
      key = newIdempotencyKey();
      this.keys.set(intent, key);
    }
    return key;
  }

  settle(intent: string): void {
    this.keys.delete(intent);
  }
}

export const bookingKeys = new IntentKeys();
