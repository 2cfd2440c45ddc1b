import { createHash } from 'node:crypto';

/** WebSockets one session may hold open (SEC-3): a console and a wallboard in a few tabs. */
export const MAX_SOCKETS_PER_SESSION = 4;

interface Closable {
  close(code?: number, reason?: string): void;
  on(event: 'close', listener: () => void): unknown;
}

/** The key of a session in this registry: a hash of its token, so the token itself is never kept. */
export const sessionKeyOf = (token: string) => createHash('sha256').update(token).digest('base64url');

/**
 * The open WebSockets of each session and user, so that logging out or losing access closes them at
 * once (a stream must not outlive its session). The platform registers every socket on upgrade; modules
 * with streams need do nothing.
 */
export class SessionSockets {
  private readonly bySession = new Map<string, Set<Closable>>();
  private readonly byUser = new Map<string, Set<string>>();
  /** Each session's token, to check it again while its sockets are open (only while they are). */
  private readonly tokens = new Map<string, string>();

  count(sessionKey: string): number {
    return this.bySession.get(sessionKey)?.size ?? 0;
  }

  add(sessionKey: string, userId: string, socket: Closable, token: string): void {
    this.tokens.set(sessionKey, token);
    const sockets = this.bySession.get(sessionKey) ?? new Set<Closable>();
    this.bySession.set(sessionKey, sockets);
    sockets.add(socket);
    const sessions = this.byUser.get(userId) ?? new Set<string>();
    this.byUser.set(userId, sessions);
    sessions.add(sessionKey);
    socket.on('close', () => {
      sockets.delete(socket);
      if (sockets.size === 0) {
        this.bySession.delete(sessionKey);
        this.tokens.delete(sessionKey);
        this.byUser.get(userId)?.delete(sessionKey);
        if (this.byUser.get(userId)?.size === 0) this.byUser.delete(userId);
      }
    });
  }

  /** Closes the sockets of a session (logout): 4401, the session is over. */
  closeSession(sessionKey: string): void {
    for (const socket of this.bySession.get(sessionKey) ?? []) socket.close(4401, 'session ended');
  }

  /**
   * Checks every session with open sockets again and closes those no longer valid: a session ended on
   * another server, or a user deactivated from the command line (the server runs this every few seconds).
   */
  async revalidate(isValid: (token: string) => Promise<boolean>): Promise<void> {
    for (const [key, token] of [...this.tokens]) {
      if (!(await isValid(token))) this.closeSession(key);
    }
  }

  /** Closes every socket of a user (deactivated, sessions revoked). */
  closeUser(userId: string): void {
    for (const key of [...(this.byUser.get(userId) ?? [])]) this.closeSession(key);
  }
}
