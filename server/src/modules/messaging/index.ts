// Public surface of the messaging module: the port outreach sends through; adapters come with issue 11 §1.
export type * from './messaging.types.ts';
