import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { localStore } from '$lib/server/files/local-store';
import { useFileStore } from '$lib/server/files/storage';
import { afterAnswersSettled } from '$lib/server/jobs';
import { teardowns } from './db';

// Files a test stores (the demo's, a test's uploads) go to a folder of its own, never to the
// project's data folder.
const files = mkdtempSync(join(tmpdir(), 'maillage-test-files-'));
useFileStore(localStore(files));
teardowns.unshift(async () => rmSync(files, { recursive: true, force: true }));

// Registered at the top level of every integration test file (vitest runs setup files per
// file), so databases created from a beforeAll are closed and dropped too.
afterAll(async () => {
	// Work queued after a request was answered (a file's text, its previews) ends before its
	// database closes.
	await afterAnswersSettled();
	while (teardowns.length) await teardowns.pop()!();
});
