import type { Role } from '../../../platform/context.ts';

/** A staff account as the admin sees it: never its password hash. */
export interface UserSummary {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  operatorCode: string | null;
  /** The agent's phone on the switch (issue 15), e.g. PJSIP/agent101; null: none. */
  phoneEndpoint: string | null;
  active: boolean;
  /** Linked to an account at the region's OpenID provider. */
  singleSignOn: boolean;
  createdAt: string;
}

export interface AddUserInput {
  username: string;
  displayName: string;
  roles: Role[];
  operatorCode?: string | null | undefined;
  phoneEndpoint?: string | null | undefined;
  /** Without one, a password is generated and returned once. */
  password?: string | undefined;
}
