import { afterAll } from 'vitest';
import { teardowns } from './db';

// Registered at the top level of every integration test file (vitest runs setup files per
// file), so databases created from a beforeAll are closed and dropped too.
afterAll(async () => {
	while (teardowns.length) await teardowns.pop()!();
});
