// MR-8: how a day's batch reaches the national platform. The simulated sender is the embedded default
// (_simulazione_: nothing leaves the machine); the HTTP sender posts the FHIR transaction to the
// platform's endpoint.

export interface FeedDelivery {
  /** What the platform gave back to show it took the batch (its response bundle's id, or a summary). */
  receipt: string;
}

export interface FeedSender {
  readonly simulated: boolean;
  /** Delivers one day's Bundle; throws with a short reason when the platform did not take all of it. */
  send(bundle: unknown, o: { day: string; digest: string }): Promise<FeedDelivery>;
}

export class FeedRefused extends Error {
  override name = 'FeedRefused';
}
