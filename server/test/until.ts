/**
 * Waits for `check` to hold, polling (for what arrives over a socket: no timing is asserted, the deadline
 * only turns a hang into a failure that says what was awaited).
 */
export async function until(
  check: () => boolean | Promise<boolean>,
  what: string,
  seconds = 5,
  everyMs = 5,
): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out waiting for ${what}`);
}
