import { FeedRefused, type FeedSender } from './port.ts';

export interface HttpFeedSettings {
  /** The platform's FHIR base URL: the transaction is posted to it (FHIR RESTful API, "transaction"). */
  url: string;
  /** A bearer token issued to the region, if the endpoint asks for one. */
  token?: string | undefined;
  timeoutMs?: number;
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
  return {
    simulated: false,
    async send(bundle, o) {
      const body = JSON.stringify(bundle);
      let res: Response;
      try {
        res = await fetch(endpoint, {
          method: 'POST',
          headers: {
            'content-type': 'application/fhir+json',
            accept: 'application/fhir+json',
            ...(s.token ? { authorization: `Bearer ${s.token}` } : {}),
          },
          body,
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
      const sent = (bundle as { entry?: unknown[] }).entry?.length ?? 0;
      if (answer.resourceType !== 'Bundle' || answer.type !== 'transaction-response')
        throw new FeedRefused('platform did not answer with a transaction-response');
      const entries = answer.entry ?? [];
      if (entries.length !== sent)
        throw new FeedRefused(`platform answered ${entries.length} of ${sent} entries`);
      const bad = entries.findIndex((e) => !/^2\d\d/.test(e.response?.status ?? ''));
      if (bad >= 0)
        throw new FeedRefused(`entry ${bad + 1} refused: ${entries[bad]!.response?.status ?? 'no status'}`);
      return { receipt: answer.id ? `${answer.id} (${sent})` : `${o.day}: ${sent} accepted` };
    },
  };
}
