import type { Clock } from '../../platform/clock.ts';
import type { Config } from '../../platform/config.ts';
import type { Db } from '../../platform/db.ts';
import { AppIoGateway } from './adapters/app-io.ts';
import { PooledGateway } from './adapters/pooled.ts';
import { SimulatedGateway } from './adapters/simulated.ts';
import { SmppGateway } from './adapters/smpp.ts';
import { SmtpGateway } from './adapters/smtp.ts';
import type { MessageGateway } from './port/messaging.types.ts';
import { parseWindow, type SendingWindow } from './rules/quiet-hours.ts';

export interface MessageGateways {
  sms: MessageGateway;
  email: MessageGateway;
  /** App IO (APP_IO=on), tried before SMS and e-mail for reminders and recalls; null when off. */
  io?: MessageGateway | null;
  /** When SMS may reach patients (QUIET_HOURS, no Sundays or holidays). */
  window: SendingWindow;
}

/** SMPP_BINDS transceiver binds, one gateway (an SMSC throttles each bind). */
function smppBinds(config: Config): MessageGateway {
  const binds = Array.from(
    { length: config.SMPP_BINDS },
    () =>
      new SmppGateway({
        url: config.SMPP_URL!,
        systemId: config.SMPP_SYSTEM_ID!,
        password: config.SMPP_PASSWORD!,
        sender: config.SMS_SENDER,
        window: config.SMPP_WINDOW,
      }),
  );
  return binds.length === 1 ? binds[0]! : new PooledGateway(binds);
}

/**
 * The gateways the configuration names: in demo mode and by default one simulated gateway for every
 * channel (labelled _simulazione_); with MESSAGING=live, SMPP for SMS, SMTP for e-mail and IO's Services
 * API for App IO (with APP_IO=on).
 */
export function createMessageGateways(
  config: Config,
  deps: { db: Db; clock: Clock; schedule?: (ms: number, fn: () => void) => void },
): MessageGateways {
  const window = parseWindow(config.QUIET_HOURS);
  if (config.MESSAGING === 'live') {
    return {
      sms: smppBinds(config),
      email: new SmtpGateway({ url: config.SMTP_URL!, from: config.MAIL_FROM! }),
      io:
        config.APP_IO === 'on'
          ? new AppIoGateway({ url: config.APP_IO_URL, key: config.APP_IO_KEY!, now: () => deps.clock.now() })
          : null,
      window,
    };
  }
  const simulated = new SimulatedGateway(deps.db, deps.clock, {
    receiptSeconds: config.SIM_MESSAGE_RECEIPT_SECONDS,
    replyConfirm: config.SIM_REPLY_CONFIRM,
    replyCancel: config.SIM_REPLY_CANCEL,
    replyAcceptOffer: config.SIM_REPLY_ACCEPT_OFFER,
    appIoShare: config.SIM_APP_IO_SHARE,
    schedule: deps.schedule ?? ((ms, fn) => setTimeout(fn, ms).unref()),
  });
  return { sms: simulated, email: simulated, io: config.APP_IO === 'on' ? simulated : null, window };
}
