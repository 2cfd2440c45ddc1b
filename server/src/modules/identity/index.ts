export { identityRoutes } from './identity.routes.ts';
export { announcedCode } from './rules/operator-code.ts';
export {
  createUser,
  type NewUser,
  purgeSessionsExpiredBefore,
  SessionCache,
  type SessionEnd,
  staffNames,
} from './sessions/sessions.service.ts';
export { oidcRoutes } from './sso/oidc.routes.ts';
export { OidcClient, oidcSettings } from './sso/oidc.ts';
export { purgeForgottenLoginFailures } from './throttle/login-throttle.service.ts';
export { registerUserCommands } from './users/users.cli.ts';
export { usersRoutes } from './users/users.routes.ts';
export { phoneEndpointOf } from './users/users.service.ts';
