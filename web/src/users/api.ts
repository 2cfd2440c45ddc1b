import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../lib/api.ts';
import type { Body, Ok, Schema } from '../lib/openapi.ts';
import type { Role } from '../lib/types.ts';

// The admin's user management (server: /api/v1/users, admin only), in the API's generated types.

export type StaffUser = Schema<'StaffUser'>;
export type NewStaffUser = Body<'/api/v1/users', 'post'>;
/** A password the server generated: shown once, never again. */
export type IssuedPassword = Ok<'/api/v1/users', 'post'>;
export type LoginProviders = Ok<'/api/v1/auth/providers', 'get'>;

export const ASSIGNABLE_ROLES: Role[] = [
  'operator',
  'backoffice',
  'second-level',
  'supervisor',
  'cup-manager',
  'trainer',
  'privacy-officer',
  'admin',
];

const KEY = ['users'] as const;

export const usersApi = {
  list: () => apiRequest<{ users: StaffUser[] }>('GET', '/api/v1/users'),
  add: (user: NewStaffUser) => apiRequest<IssuedPassword>('POST', '/api/v1/users', user),
  update: (id: string, patch: { active?: boolean; roles?: Role[]; phoneEndpoint?: string | null }) =>
    apiRequest<StaffUser>('PATCH', `/api/v1/users/${encodeURIComponent(id)}`, patch),
  resetPassword: (id: string) =>
    apiRequest<IssuedPassword>('POST', `/api/v1/users/${encodeURIComponent(id)}/password-reset`, {}),
  changePassword: (currentPassword: string, newPassword: string) =>
    apiRequest<null>('POST', '/api/v1/auth/password', { currentPassword, newPassword }),
  providers: () => apiRequest<LoginProviders>('GET', '/api/v1/auth/providers'),
};

export const useUsers = () => useQuery({ queryKey: KEY, queryFn: usersApi.list });

export const useLoginProviders = () =>
  useQuery({ queryKey: ['auth', 'providers'], queryFn: usersApi.providers, staleTime: 300_000 });

/** A change to an account; the list is read again after it. */
export function useUserMutation<A, R>(fn: (args: A) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSettled: () => qc.invalidateQueries({ queryKey: KEY }) });
}
