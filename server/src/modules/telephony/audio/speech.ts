import { execFile } from 'node:child_process';

/** Turns an Italian text into a WAV (16-bit mono at the synthesiser's rate). */
export type Speech = (text: string) => Promise<Buffer>;

/** Raised when the synthesiser is not installed: the prompt has no audio until it is, or a recording. */
export class SpeechUnavailable extends Error {
  constructor(reason: string) {
    super(`speech synthesis (espeak-ng) unavailable: ${reason}`);
    this.name = 'SpeechUnavailable';
  }
}

/**
 * Debian's espeak-ng, Italian voice, a little slower than its default so that numbers are clear on a
 * phone line. The text is an argument, never a shell string.
 */
export const espeakSpeech: Speech = (text) =>
  new Promise((resolve, reject) => {
    execFile(
      'espeak-ng',
      ['-v', 'it', '-s', '150', '--stdout', text],
      { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024, timeout: 20_000 },
      (error, stdout) => {
        if (!error) resolve(stdout);
        else if ((error as NodeJS.ErrnoException).code === 'ENOENT')
          reject(new SpeechUnavailable('not installed'));
        else reject(new SpeechUnavailable(error.message));
      },
    );
  });
