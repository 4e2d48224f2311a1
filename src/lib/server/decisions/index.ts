// The service's one namespace (`import * as decisions from '$lib/server/decisions'`): the form
// schemas, who may do what with a proposal, proposals and their answers, quick and date polls,
// and the register.
export * from './schema';
export * from './access';
export * from './proposals';
export * from './register';
export * from './notifications';
export * from './quick-polls';
export * from './date-polls';
