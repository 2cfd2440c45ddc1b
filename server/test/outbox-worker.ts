// A sender process for the exactly-once test (outreach/exactly-once.test.ts), killed with SIGKILL at
// random points: the outbox sender on PostgreSQL with the SMPP gateway, as the server runs it.
import { DEFAULT_WINDOW, SmppGateway } from '../src/modules/messaging/index.ts';
import { OutboxSender } from '../src/modules/outreach/index.ts';
import { systemClock } from '../src/platform/clock.ts';
import { openPostgres } from '../src/platform/db.ts';
import { createLogger } from '../src/platform/logger.ts';

const handle = await openPostgres(process.env.DATABASE_URL!, 12);
const sms = new SmppGateway({
  url: process.env.SMPP_URL!,
  systemId: 'sportello',
  password: 'secret',
  sender: 'CUPRegione',
  window: 10,
  reconnectMs: 100,
});
const sender = new OutboxSender({
  db: handle.db,
  clock: systemClock,
  gateways: { sms, email: sms, window: DEFAULT_WINDOW },
  log: createLogger('silent'),
  senders: 10,
  idleMs: 50,
});
sender.listen();
if (process.env.EXACTLY_ONCE_DEBUG) {
  const { appendFileSync } = await import('node:fs');
  sms.onReceipt(async (r) => {
    appendFileSync(
      '/tmp/eo-receipts.log',
      `${process.pid} ${r.gatewayId} ${r.recipient} ${r.submittedAt?.toISOString()}\n`,
    );
  });
}
sender.start();
process.stdout.write('ready\n');
