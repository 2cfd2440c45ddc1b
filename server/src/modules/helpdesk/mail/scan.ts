/**
 * The virus-scan hook (HD-1): HELPDESK_SCAN_COMMAND is run with the attachment on its standard input
 * (e.g. `clamdscan --no-summary -`); exit 0 is clean, 1 infected (clamscan's convention), anything else
 * — or no command — leaves the attachment "not scanned", said beside it.
 */
import { spawn } from 'node:child_process';

export type ScanResult = 'clean' | 'infected' | 'not-scanned';
export type Scanner = (content: Buffer) => Promise<ScanResult>;

export function commandScanner(command: string | undefined, timeoutMs = 60_000): Scanner {
  if (!command?.trim()) return async () => 'not-scanned';
  return (content) =>
    new Promise((resolve) => {
      const child = spawn('/bin/sh', ['-c', command], { stdio: ['pipe', 'ignore', 'ignore'] });
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      child.on('error', () => resolve('not-scanned'));
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve(code === 0 ? 'clean' : code === 1 ? 'infected' : 'not-scanned');
      });
      child.stdin.on('error', () => {});
      child.stdin.end(content);
    });
}
