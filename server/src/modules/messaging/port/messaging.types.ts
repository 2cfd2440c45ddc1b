// The messaging port (issue 11 §1): what the outreach module needs from an SMS, e-mail or App IO gateway.
// The adapters behind it speak the protocols (SMPP 3.4, SMTP, IO's Services API) or simulate them
// (labelled "simulazione").

/** 'io': a message in the citizen's App IO inbox, addressed by fiscal code. */
export type MessageChannel = 'sms' | 'email' | 'io';

export interface OutgoingMessage {
  /** Our id of the message (the outreach outbox row): stored with the gateway's id. */
  id: string;
  channel: MessageChannel;
  /** E.164 number for SMS (+39…), an address for e-mail, the fiscal code for App IO. */
  to: string;
  /** The SMS text, the e-mail's plain-text part, or App IO's markdown. */
  text: string;
  /** What it is (reminder, recall, reoffer, an acknowledgement…): the simulated patients answer by it. */
  kind?: string;
  /** E-mail and App IO. */
  subject?: string;
  html?: string;
  attachments?: { filename: string; contentType: string; content: string }[];
  /** E-mail threading (the help desk, HD-3): the sender, where replies go, our Message-ID and the thread. */
  from?: string;
  replyTo?: string;
  messageId?: string;
  inReplyTo?: string;
  references?: string[];
  /** RFC 3834: set on automatic messages (an acknowledgement), so other robots do not answer them. */
  autoSubmitted?: 'auto-replied' | 'auto-generated';
}

export interface SubmitResult {
  /** The gateway's id of the message (SMPP `submit_sm_resp.message_id`, the SMTP Message-ID). */
  gatewayId: string;
  /** SMS parts billed (GSM 03.38: 160, or 153 per part; UCS-2: 70, or 67 per part); 1 for e-mail. */
  segments: number;
  /** Each part's id, the last one being gatewayId: receipts may come for any of them. */
  partIds?: string[];
}

export type { DeliveryStatus } from '../rules/delivery-receipt.ts';

import type { DeliveryStatus } from '../rules/delivery-receipt.ts';

/** A delivery receipt (SMPP `deliver_sm` with esm_class receipt; simulated after a delay). */
export interface DeliveryReceipt {
  gatewayId: string;
  status: DeliveryStatus;
  /** Whom the message was for (the receipt's source address): reconciles a submit whose id was lost. */
  recipient: string | null;
  /** When the gateway took the message, as the receipt says (SMPP: to the minute). */
  submittedAt: Date | null;
  at: Date;
  error: string | null;
}

/** A patient's reply (SMPP mobile-originated `deliver_sm`; simulated replies). */
export interface InboundMessage {
  gatewayId: string;
  /** IO carries no replies. */
  channel: Exclude<MessageChannel, 'io'>;
  from: string;
  text: string;
  at: Date;
}

export interface MessageGateway {
  /** Shown wherever its messages are: 'simulazione' for the simulated gateway, null for real ones. */
  readonly label: 'simulazione' | null;
  readonly channels: readonly MessageChannel[];
  /** Resolves once the gateway has taken the message (never twice for one call). */
  submit(message: OutgoingMessage): Promise<SubmitResult>;
  /** Connects now (SMPP: binds), so receipts and replies flow even with nothing to send. */
  open?(): Promise<void>;
  onReceipt(handler: (receipt: DeliveryReceipt) => Promise<void>): void;
  onInbound(handler: (message: InboundMessage) => Promise<void>): void;
  /**
   * For gateways whose receipts are asked for, not pushed (App IO): the message's state now, as a
   * receipt once it is final, null while it is not. The outbox asks for its submitted messages.
   */
  status?(gatewayId: string, to: string): Promise<DeliveryReceipt | null>;
  close(): Promise<void>;
}

/**
 * Why a submit failed, which decides what the sender may do: 'unavailable' — not sent (no connection,
 * bind refused): try again later; 'refused' — the gateway said no (bad number, throttled past retry):
 * final; 'uncertain' — the line dropped with the submit in flight: it may have been taken, so it must
 * not be sent again until its receipt (or the lack of one) says.
 */
export class GatewayError extends Error {
  override name = 'GatewayError';
  constructor(
    readonly kind: 'unavailable' | 'refused' | 'uncertain',
    message: string,
  ) {
    super(message);
  }
}
