import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { App } from './http.ts';

/** Where `npm run build --workspace web` puts the web apps (the staff's and the citizen portal). */
export const WEB_DIST = fileURLToPath(new URL('../../../web/dist', import.meta.url));

/** Paths the web app never owns: an unknown one there stays a JSON 404. */
const SERVER_PATHS = /^\/(api|docs|health|metrics)(\/|$)/;

// The app loads only its own scripts; styles may be inline (Bootstrap Italia), images may be data: URIs.
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

/**
 * Serves the built web app (`web/dist`) at `/`, with every other GET path that is not the server's own
 * and has no file extension answered by `index.html`, so that the app's routes (/console, /agendas)
 * survive a reload. Routes registered by the modules always win: find-my-way prefers static routes to
 * the wildcard. Without a build the server still starts and says how to build at `/`.
 */
export async function serveWebApp(app: App, root: string): Promise<void> {
  if (!existsSync(path.join(root, 'index.html'))) {
    app.log.warn({ root }, 'the web app is not built: run `npm run build --workspace web`');
    app.get('/', { schema: { hide: true } }, async (_request, reply) =>
      reply
        .status(503)
        .type('text/plain; charset=utf-8')
        .send(
          'Sportello: the web app is not built. Run `npm run build --workspace web`; the API is at /docs.\n',
        ),
    );
    return;
  }
  await app.register(fastifyStatic, {
    root,
    wildcard: false,
    cacheControl: false,
    setHeaders(res, file) {
      res.setHeader('x-content-type-options', 'nosniff');
      // Vite puts a content hash in every file name under assets/; index.html must be revalidated.
      if (file.includes(`${path.sep}assets${path.sep}`)) {
        res.setHeader('cache-control', 'public, max-age=31536000, immutable');
      } else {
        res.setHeader('cache-control', 'no-cache');
        res.setHeader('content-security-policy', CSP);
        res.setHeader('referrer-policy', 'no-referrer');
      }
    },
  });
  const portal = existsSync(path.join(root, 'portal.html'));
  app.get('/*', { schema: { hide: true } }, async (request, reply) => {
    const pathname = request.url.split('?')[0] ?? '/';
    // A reminder's link (/l/<token>) and an offer's (/o/<token>) have dots in their token, yet are pages.
    const page = /^\/[lo]\//.test(pathname) || path.posix.extname(pathname) === '';
    if (SERVER_PATHS.test(pathname) || !page) return reply.callNotFound();
    // The citizen portal is its own app (issue 13), built beside the staff's.
    if (portal && /^\/portale(\/|$)/.test(pathname)) return reply.sendFile('portal.html');
    return reply.sendFile('index.html');
  });
}
