import { Type } from '@fastify/type-provider-typebox';
import { ROLES } from '../../../platform/context.ts';
import { PASSWORD_MAX_LENGTH } from '../rules/password-policy.ts';
import { USERNAME_PATTERN } from './users.service.ts';

export const RoleSchema = Type.Union(
  ROLES.map((r) => Type.Literal(r)),
  { description: 'a staff role' },
);

export const UserSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    username: Type.String(),
    displayName: Type.String(),
    roles: Type.Array(RoleSchema),
    operatorCode: Type.Union([Type.String(), Type.Null()]),
    phoneEndpoint: Type.Union([Type.String(), Type.Null()], {
      description: "The agent's phone on the switch (TELEPHONY=asterisk), dialled when they answer a call",
    }),
    active: Type.Boolean(),
    singleSignOn: Type.Boolean({ description: "linked to an account at the region's OpenID provider" }),
    createdAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'StaffUser' },
);

/** An Asterisk dial string of one phone: technology/resource, e.g. PJSIP/agent101. */
const PhoneEndpoint = Type.Union([
  Type.String({
    pattern: '^[A-Za-z0-9]+/[A-Za-z0-9_.@:+/;=-]+$',
    maxLength: 80,
    description:
      "The agent's phone as the switch dials it, e.g. PJSIP/agent101 (or PJSIP/endpoint/sip:uri); null: none",
  }),
  Type.Null(),
]);

export const UserIdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

export const NewUserBody = Type.Object(
  {
    username: Type.String({ pattern: USERNAME_PATTERN, maxLength: 64 }),
    displayName: Type.String({ minLength: 1, maxLength: 120 }),
    roles: Type.Array(RoleSchema, { minItems: 1, maxItems: ROLES.length }),
    operatorCode: Type.Optional(
      Type.Union([Type.String({ maxLength: 20, pattern: '^[A-Za-z0-9-]*$' }), Type.Null()]),
    ),
    phoneEndpoint: Type.Optional(PhoneEndpoint),
  },
  { additionalProperties: false },
);

export const UserPatchBody = Type.Object(
  {
    active: Type.Optional(Type.Boolean({ description: 'false disables the account and ends its sessions' })),
    roles: Type.Optional(Type.Array(RoleSchema, { minItems: 1, maxItems: ROLES.length })),
    phoneEndpoint: Type.Optional(PhoneEndpoint),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const UserWithPassword = Type.Object({
  user: Type.Ref('StaffUser'),
  password: Type.String({
    maxLength: PASSWORD_MAX_LENGTH,
    description: 'generated; shown this once and never stored in clear',
  }),
});

export const PasswordChangeBody = Type.Object(
  {
    currentPassword: Type.String({ minLength: 1, maxLength: PASSWORD_MAX_LENGTH }),
    newPassword: Type.String({ minLength: 1, maxLength: PASSWORD_MAX_LENGTH }),
  },
  { additionalProperties: false },
);
