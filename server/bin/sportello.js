#!/usr/bin/env node
// The command line (`npx sportello <command>`). TypeScript runs through tsx's loader, so there is no
// build step between a clone and a running server.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
