import { simulateScenario } from './src/modules/planning/index.ts';
const days = Number(process.argv[2] ?? 60);
const t0 = performance.now();
const r = await simulateScenario({ scenario: 'cup-2013', days, seed: 1, startDate: '2013-01-01' });
console.log(days, 'days', ((performance.now() - t0) / 1000).toFixed(2), 's; wall', r.wallSeconds.toFixed(2), 'calls', r.stats.total.arrived, 'events', r.simulatedEvents, r.contactEvents, 'heap MB', (process.memoryUsage().rss / 1e6).toFixed(0));
