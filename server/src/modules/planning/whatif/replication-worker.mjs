// The what-if's worker through tsx's loader (as bin/sportello.js does): the fallback when its bundle
// could not be written (platform/worker-bundle.ts). Slower to start, same behaviour.
import { register } from 'tsx/esm/api';

register();
await import('./replication-worker.ts');
