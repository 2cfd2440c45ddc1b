import nodemailer, { type Transporter } from 'nodemailer';
import {
  type DeliveryReceipt,
  GatewayError,
  type InboundMessage,
  type MessageGateway,
  type OutgoingMessage,
  type SubmitResult,
} from '../port/messaging.types.ts';

export interface SmtpSettings {
  /** `smtp://user:pass@relay:587` or `smtps://…:465`. */
  url: string;
  /** The sender, e.g. `"CUP Regione" <cup@regione.example>`. */
  from: string;
}

/**
 * E-mail through an SMTP relay (nodemailer): a plain-text and an HTML part and the attachments (the
 * booking's .ics). The gateway's id is the Message-ID. SMTP gives no delivery receipts and this adapter
 * reads no replies: patients answer an e-mail through its signed links.
 */
export class SmtpGateway implements MessageGateway {
  readonly label = null;
  readonly channels = ['email'] as const;
  private readonly transport: Transporter;

  constructor(private readonly settings: SmtpSettings) {
    this.transport = nodemailer.createTransport(settings.url);
  }

  async submit(m: OutgoingMessage): Promise<SubmitResult> {
    if (m.channel !== 'email') throw new Error(`the SMTP gateway sends e-mail, not ${m.channel}`);
    const info = await this.transport.sendMail(this.mail(m)).catch((e: Error & { responseCode?: number }) => {
      // 5xx: the relay refused this message for good; anything else (4xx, no connection): try later.
      throw new GatewayError((e.responseCode ?? 0) >= 500 ? 'refused' : 'unavailable', e.message);
    });
    return { gatewayId: info.messageId, segments: 1 };
  }

  private mail(m: OutgoingMessage) {
    return {
      from: m.from ?? this.settings.from,
      to: m.to,
      ...(m.replyTo ? { replyTo: m.replyTo } : {}),
      ...(m.messageId ? { messageId: m.messageId } : {}),
      ...(m.inReplyTo ? { inReplyTo: m.inReplyTo } : {}),
      ...(m.references?.length ? { references: m.references } : {}),
      subject: m.subject ?? '',
      text: m.text,
      ...(m.html ? { html: m.html } : {}),
      attachments: (m.attachments ?? []).map((a) => ({
        filename: a.filename,
        content: a.content,
        contentType: a.contentType,
      })),
      // Our id travels with the message, so a bounce or a reply can be traced to it.
      headers: {
        'X-Sportello-Message': m.id,
        ...(m.autoSubmitted ? { 'Auto-Submitted': m.autoSubmitted } : {}),
      },
    };
  }

  onReceipt(_handler: (receipt: DeliveryReceipt) => Promise<void>): void {}

  onInbound(_handler: (message: InboundMessage) => Promise<void>): void {}

  async close(): Promise<void> {
    this.transport.close();
  }
}
