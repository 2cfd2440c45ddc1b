export { identityRoutes } from './identity.routes.ts';
export {
  createUser,
  type NewUser,
  purgeExpiredSessions,
  SessionCache,
  type SessionEnd,
} from './identity.service.ts';
