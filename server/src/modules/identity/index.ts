export { identityRoutes } from './identity.routes.ts';
export { createUser, type NewUser, purgeExpiredSessions, SessionCache } from './identity.service.ts';
