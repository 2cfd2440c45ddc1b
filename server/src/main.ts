import { Command, InvalidArgumentError } from 'commander';
import { buildApp } from './app.ts';
import { CampaignWorker } from './modules/campaigns/index.ts';
import { registerChatCommands } from './modules/chat/index.ts';
import {
  registerPromptCommands,
  SIMULATION_LABEL,
  startLiveContactCentre,
  storingSink,
} from './modules/contact-centre/index.ts';
import { helpdeskMailSettings, startHelpdeskMail } from './modules/helpdesk/index.ts';
import { oidcSettings, registerUserCommands } from './modules/identity/index.ts';
import { parseWindow } from './modules/messaging/index.ts';
import { outreachSettings, startOutreach } from './modules/outreach/index.ts';
import { paymentSettings } from './modules/payments/index.ts';
import { registerPlanningCommands, simulateInStretches, simulateScenario } from './modules/planning/index.ts';
import { answerOfferBySms, ReofferWorker, reofferSettings } from './modules/reoffer/index.ts';
import { simulateCommand } from './modules/reporting/index.ts';
import { systemClock } from './platform/clock.ts';
import { ConfigError, loadConfig } from './platform/config.ts';
import { systemContext } from './platform/context.ts';
import { AppError } from './platform/errors.ts';
import { keepYoungObjectsYoung } from './platform/garbage-collector.ts';
import { createLogger } from './platform/logger.ts';
import { createJobRunner, openDatabase } from './runtime.ts';
import { isEmpty, seedDemo } from './seed/demo.ts';

const program = new Command('sportello').description('Sportello: regional CUP and contact centre');

function setup() {
  try {
    const config = loadConfig();
    oidcSettings(config); // single sign-on settings that do not fit together stop here, with a message
    outreachSettings(config, { demoSecret: false }); // so do reminder settings
    return { config, log: createLogger(config.LOG_LEVEL) };
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
}

program
  .command('start')
  .description('migrate, seed the demo region on an empty embedded database, and serve the API and web app')
  .action(async () => {
    const { config, log } = setup();
    const handle = await openDatabase(config, log);
    const clock = systemClock;
    if (handle.kind === 'pglite' && (await isEmpty(handle.db))) {
      console.log('Empty embedded database: seeding the demo region (first start only)…');
      await seedDemo(handle.db, clock, {
        scale: 'demo',
        horizonDays: config.SLOT_HORIZON_DAYS,
        demoUsers: true,
        log,
      });
    }
    const outreachConfig = outreachSettings(config);
    const payments = paymentSettings(config);
    const jobs = createJobRunner(handle, config, clock, log, outreachConfig, payments);
    await jobs.start({ work: config.JOBS === 'on' });
    // OB-2: freed places offered to patients booked further out, as soon as they are freed.
    const reoffer = reofferSettings(config, outreachConfig, parseWindow(config.QUIET_HOURS));
    const reofferWorker = new ReofferWorker({ db: handle.db, clock, log, settings: reoffer });
    if (config.JOBS === 'on' && config.REOFFER === 'on') reofferWorker.start();
    // Reminders through the configured gateways (simulazione by default): replies, receipts, the sender.
    const outreach = await startOutreach({
      db: handle.db,
      clock,
      config,
      log,
      settings: outreachConfig,
      send: config.JOBS === 'on',
      // A yes or no by SMS after an offer answers the offer (OB-2).
      offerAnswer: (from, intent) =>
        answerOfferBySms(handle.db, systemContext(clock, 'reoffer.sms'), reoffer, from, intent),
    });
    // Issue 16: the help desk's mailboxes (none by default) and its answers, through outreach's e-mail gateway.
    const helpdesk = helpdeskMailSettings(config, outreachConfig.linkSecret);
    const helpdeskMail = startHelpdeskMail({
      db: handle.db,
      clock,
      log,
      mail: helpdesk,
      email: outreach.gateways.email,
      pollMs: config.HELPDESK_POLL_SECONDS * 1000,
      run: config.JOBS === 'on',
    });
    // After migrations and seed: the live contact centre (simulazione), unless CONTACT_CENTRE=off.
    const contactCentre = await startLiveContactCentre({ db: handle.db, clock, config, log });
    // OB-3, OB-5, OB-6, BK-12: campaigns' messages and calls, and the standing campaigns.
    const campaigns = new CampaignWorker({
      db: handle.db,
      clock,
      log,
      centre: contactCentre,
      window: parseWindow(config.QUIET_HOURS),
      outreach: outreachConfig,
      reoffer: config.REOFFER === 'on' ? reoffer : null,
    });
    if (config.JOBS === 'on') {
      await campaigns.attach();
      campaigns.start();
    }
    const app = await buildApp({
      db: handle.db,
      dbKind: handle.kind,
      clock,
      config,
      log,
      contactCentre,
      outreach: { settings: outreachConfig, label: outreach.gateways.sms.label },
      reoffer,
      payments,
      helpdesk,
    });
    await app.listen({ port: config.PORT, host: config.HOST });
    console.log(`Sportello is running at http://localhost:${config.PORT} (API docs at /docs)`);
    if (handle.kind === 'pglite') {
      console.log(
        'Demo mode (embedded database): users operatore, backoffice, secondolivello, supervisore, responsabile, formatore, privacy, admin — password "demo".',
      );
    }
    let stopping = false;
    const stop = async () => {
      if (stopping) return;
      stopping = true;
      await app.close();
      // Stops calls and timers and writes every contact event still buffered.
      await campaigns.stop();
      await contactCentre?.stop();
      await reofferWorker.stop();
      await helpdeskMail.stop();
      await outreach.stop();
      await jobs.stop();
      await handle.close();
      process.exit(0);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });

program
  .command('migrate')
  .description('apply pending database migrations and exit')
  .action(async () => {
    const { config, log } = setup();
    const handle = await openDatabase(config, log);
    await handle.close();
  });

const scale = (value: string) => {
  if (value !== 'demo' && value !== 'region') throw new InvalidArgumentError('scale is demo or region');
  return value;
};

program
  .command('seed')
  .description('load the demo region (demo users only with --demo or on the embedded database)')
  .option(
    '--scale <scale>',
    'demo (about 300 agendas, 6 months) or region (5 million future slots, for benchmarks)',
    scale,
    'demo',
  )
  .option('--demo', 'also create the demo users with password "demo"')
  .action(async (opts: { scale: 'demo' | 'region'; demo?: boolean }) => {
    const { config, log } = setup();
    const handle = await openDatabase(config, log);
    if (!(await isEmpty(handle.db))) {
      console.error('The database already holds a region; seed only an empty database.');
      await handle.close();
      process.exit(1);
    }
    const demoUsers = handle.kind === 'pglite' || opts.demo === true;
    const summary = await seedDemo(handle.db, systemClock, {
      scale: opts.scale,
      horizonDays: opts.scale === 'region' ? 365 : config.SLOT_HORIZON_DAYS,
      demoUsers,
      log,
    });
    console.log(JSON.stringify(summary));
    if (demoUsers)
      console.log(
        'Demo users created: operatore, backoffice, supervisore, responsabile, admin — password "demo".',
      );
    await handle.close();
  });

program
  .command('simulate')
  .description('run the contact-centre engine on a traffic scenario in virtual time (simulazione)')
  .requiredOption('--scenario <name|file>', 'built-in scenario (cup-2013, …) or a scenario JSON file')
  .option('--days <n>', 'days to simulate', '1')
  .option('--agents <n>', 'simulated agents all day')
  .option('--staffing <file>', 'agents per interval (JSON)')
  .option('--seed <n>', 'random seed (same seed, same outcome)', '1')
  .option('--start <date>', 'first day (YYYY-MM-DD)')
  .option('--json', 'print the report as JSON')
  .option(
    '--parallel',
    'simulate each calendar month on its own, on every core (statistics only; another random stream)',
  )
  .option(
    '--store',
    "store the simulated contact events in the database, labelled 'simulazione' (history for the reports)",
  )
  .action(async (opts) => {
    if (!opts.store) return simulateCommand(opts, opts.parallel ? simulateInStretches : simulateScenario);
    const { config, log } = setup();
    const handle = await openDatabase(config, log);
    const sink = storingSink(handle.db, SIMULATION_LABEL);
    try {
      await simulateCommand(opts, simulateScenario, [sink], sink.backpressure);
      await sink.done();
    } finally {
      await handle.close();
    }
  });

registerPlanningCommands(program);
registerPromptCommands(program, () => setup().config);
registerChatCommands(program, () => setup().config);
registerUserCommands(program, async () => {
  const { config, log } = setup();
  return { handle: await openDatabase(config, log), clock: systemClock };
});

// Before any work: simulations (the CLI's, the what-if's workers) must not be pretenured into slowness.
keepYoungObjectsYoung();
try {
  await program.parseAsync(process.argv);
} catch (err) {
  // Bad arguments are the user's to fix: say what and where, without a stack trace.
  if (err instanceof AppError) {
    console.error(`${err.field ? `${err.field}: ` : ''}${err.message}`);
    process.exit(2);
  }
  throw err;
}
