// Ways into the generated API types (api-types.gen.ts, `npm run api:types`): a named schema, a route's
// JSON body, its successful answer, its query.
import type { components, paths } from './api-types.gen.ts';

type Method = 'get' | 'post' | 'put' | 'delete' | 'patch';
type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;
type Operation<P extends keyof paths, M extends Method> = NonNullable<paths[P][M]>;

/** A shared schema (`$id` on the server), e.g. `Schema<'Appointment'>`. */
export type Schema<N extends keyof components['schemas']> = components['schemas'][N];

/** What a route answers on success (200, 201 or 202). */
export type Ok<P extends keyof paths, M extends Method> =
  Operation<P, M> extends { responses: infer R }
    ? R extends { 200: infer S }
      ? Json<S>
      : R extends { 201: infer S }
        ? Json<S>
        : R extends { 202: infer S }
          ? Json<S>
          : never
    : never;

/** The JSON body a route takes. */
export type Body<P extends keyof paths, M extends Method> = Json<NonNullable<Operation<P, M>['requestBody']>>;

/** The query parameters a route takes. */
export type Query<P extends keyof paths, M extends Method> = NonNullable<
  Operation<P, M>['parameters']['query']
>;
