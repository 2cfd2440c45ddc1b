export { registerUserCommands } from './identity.cli.ts';
export { identityRoutes } from './identity.routes.ts';
export {
  createUser,
  type NewUser,
  purgeSessionsExpiredBefore,
  SessionCache,
  type SessionEnd,
  staffNames,
} from './identity.service.ts';
export { purgeForgottenLoginFailures } from './login-throttle.ts';
export { oidcRoutes } from './oidc.routes.ts';
export { OidcClient, oidcSettings } from './oidc.ts';
export { announcedCode } from './operator-code.ts';
export { usersRoutes } from './users.routes.ts';
export { phoneEndpointOf } from './users.service.ts';
