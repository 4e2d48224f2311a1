import { describe, expect, it } from 'vitest';
import { isUuid } from '$lib/uuid';
import { match } from '../../src/params/uuid';

describe('ids from outside', () => {
	it('accept what PostgreSQL reads as a uuid, in either case', () => {
		expect(isUuid('0d9f5c2e-7b1a-4c3e-9f00-12ab34cd56ef')).toBe(true);
		expect(isUuid('0D9F5C2E-7B1A-4C3E-9F00-12AB34CD56EF')).toBe(true);
		expect(match('00000000-0000-4000-8000-000000000000')).toBe(true);
	});

	it('refuse anything else, which the database would fail on', () => {
		for (const value of [
			'',
			'pas-un-id',
			'0d9f5c2e-7b1a-4c3e-9f00-12ab34cd56e',
			'0d9f5c2e-7b1a-4c3e-9f00-12ab34cd56efa',
			'0d9f5c2e7b1a4c3e9f0012ab34cd56ef',
			'0d9f5c2e-7b1a-4c3e-9f00-12ab34cd56eg',
			' 0d9f5c2e-7b1a-4c3e-9f00-12ab34cd56ef',
			'0d9f5c2e-7b1a-4c3e-9f00-12ab34cd56ef\n'
		]) {
			expect(isUuid(value), value).toBe(false);
			expect(match(value), value).toBe(false);
		}
		expect(isUuid(null)).toBe(false);
		expect(isUuid(undefined)).toBe(false);
		expect(isUuid(42)).toBe(false);
	});
});
