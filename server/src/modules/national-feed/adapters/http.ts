import { FeedRefused, type FeedSender } from './port.ts';

export interface HttpFeedSettings {
  /** The platform's FHIR base URL: the transaction is posted to it (FHIR RESTful API, "transaction"). */
  url: string;
  /** A bearer token issued to the region, if the endpoint asks for one. */
  token?: string | undefined;
  timeoutMs?: number;
  /**
   * Entries in one transaction at most: a large region's day (tens of thousands of bookings) goes as
   * several transactions, in order. Each entry is a PUT, so a day sent again from its start is harmless.
   */
  maxEntries?: number;
}

interface TransactionResponse {
  resourceType?: string;
  type?: string;
  id?: string;
  entry?: { response?: { status?: string } }[];
}

/**
 * Posts a day's transaction Bundle to the platform. FHIR processes a transaction as one: the answer is a
 * `transaction-response` with one entry per request, each with its HTTP status; anything else (an
 * OperationOutcome, a 4xx/5xx, fewer entries, an entry not 2xx) is a refusal, retried on the next run.
 */
export function httpFeedSender(s: HttpFeedSettings): FeedSender {
  const endpoint = s.url.replace(/\/+$/, '');
  const size = Math.max(1, s.maxEntries ?? 1000);
  const post = async (bundle: { entry: unknown[] }) => {
    let res: Response;
    try {
      res = await fetch(endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/fhir+json',
          accept: 'application/fhir+json',
          ...(s.token ? { authorization: `Bearer ${s.token}` } : {}),
        },
        body: JSON.stringify(bundle),
        signal: AbortSignal.timeout(s.timeoutMs ?? 60_000),
      });
    } catch (e) {
      throw new FeedRefused(`platform unreachable: ${(e as Error).message}`);
    }
    const text = await res.text();
    if (!res.ok) throw new FeedRefused(`platform answered ${res.status}`);
    let answer: TransactionResponse;
    try {
      answer = JSON.parse(text) as TransactionResponse;
    } catch {
      throw new FeedRefused('platform answered with something other than JSON');
    }
    const sent = bundle.entry.length;
    if (answer.resourceType !== 'Bundle' || answer.type !== 'transaction-response')
      throw new FeedRefused('platform did not answer with a transaction-response');
    const entries = answer.entry ?? [];
    if (entries.length !== sent)
      throw new FeedRefused(`platform answered ${entries.length} of ${sent} entries`);
    const bad = entries.findIndex((e) => !/^2\d\d/.test(e.response?.status ?? ''));
    if (bad >= 0)
      throw new FeedRefused(`entry ${bad + 1} refused: ${entries[bad]!.response?.status ?? 'no status'}`);
    return answer.id ?? null;
  };
  return {
    simulated: false,
    async send(bundle, o) {
      const whole = bundle as { entry?: unknown[] };
      const all = whole.entry ?? [];
      const ids: string[] = [];
      // An empty day is still sent: the platform learns the day was sent and had nothing.
      for (let from = 0; from === 0 || from < all.length; from += size) {
        const part = { ...whole, entry: all.slice(from, from + size) };
        try {
          const id = await post(part);
          if (id) ids.push(id);
        } catch (e) {
          const where =
            all.length > size ? ` (part ${from / size + 1} of ${Math.ceil(all.length / size)})` : '';
          throw new FeedRefused(`${(e as Error).message}${where}`);
        }
      }
      return {
        receipt: ids.length ? `${ids.join(', ')} (${all.length})` : `${o.day}: ${all.length} accepted`,
      };
    },
  };
}
