import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterEach, beforeEach, vi } from 'vitest';
import { FakeWebSocket } from './websocket.ts';

// findBy/waitFor wait longer than the default second: the machine may be shared and busy.
configure({ asyncUtilTimeout: 5000 });

beforeEach(() => {
  FakeWebSocket.instances = [];
  vi.stubGlobal('WebSocket', FakeWebSocket);
});

afterEach(() => {
  cleanup();
  globalThis.localStorage?.clear(); // absent in the node-environment tests
});
