import type { FastifyReply } from 'fastify';
import { SESSION_COOKIE } from '../../../platform/http.ts';

/** The one session cookie, whether the user logged in with a password or through single sign-on. */
export function setSessionCookie(reply: FastifyReply, session: { token: string; expiresAt: Date }): void {
  reply.setCookie(SESSION_COOKIE, session.token, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: 'auto',
    expires: session.expiresAt,
  });
}
