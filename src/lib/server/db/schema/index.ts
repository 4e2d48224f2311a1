export * from './organisations';
export * from './users';
export * from './auth';
export * from './groups';
export * from './outbox';
export * from './settings';
export * from './activity';
export * from './documents';
