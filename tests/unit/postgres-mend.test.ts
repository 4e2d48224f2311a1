import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mendPostgres } from '../../vite.config';

// The production build bundles postgres.js mended (postgres-guard.js); the integration test of
// the mend itself runs on PostgreSQL. This one proves the build's part: postgres.js is bundled,
// and its connection module changed as it goes in.
describe('the production build’s postgres.js', () => {
	// The module Vite bundles: the package's ESM source, as the build resolves it.
	const connection = resolve(import.meta.dirname, '../../node_modules/postgres/src/connection.js');

	it('is bundled, not loaded from node_modules', () => {
		const config = (mendPostgres.config as () => { ssr: { noExternal: string[] } })();
		expect(config.ssr.noExternal).toContain('postgres');
		expect(mendPostgres.apply).toBe('build');
	});

	it('has its connection module mended, and nothing else', () => {
		const transform = mendPostgres.transform as (
			code: string,
			id: string
		) => { code: string } | null;
		const source = readFileSync(connection, 'utf8');
		const mended = transform(source, connection);
		expect(mended?.code).toContain("error(Errors.connection('CONNECTION_CLOSED', options))");
		expect(mended?.code).toContain('chunk = nextWriteTimer = null');
		expect(transform(source, connection.replace('connection.js', 'query.js'))).toBeNull();
	});
});
