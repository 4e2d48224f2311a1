import { describe, expect, it } from 'vitest';
import { groupSchema, statusSchema } from '$lib/server/groups';
import { decisionSchema, memberSchema } from '$lib/server/memberships';
import { objectiveSchema } from '$lib/server/progress/objectives';

const group = (overrides: Record<string, string> = {}) => ({
	name: 'Mobilités',
	theme: 'mobility',
	description: 'Les trajets domicile-travail.',
	purpose: '',
	color: '#2f6f8f',
	joinPolicy: 'open',
	...overrides
});

const issues = (result: {
	success: boolean;
	error?: { issues: { path: PropertyKey[]; message: string }[] };
}) => Object.fromEntries((result.error?.issues ?? []).map((i) => [String(i.path[0]), i.message]));

describe('groupSchema', () => {
	it('gives the service the theme chosen, by its key', () => {
		const parsed = groupSchema.parse(group());
		expect(parsed).toEqual({
			name: 'Mobilités',
			theme: 'mobility',
			description: 'Les trajets domicile-travail.',
			purpose: null,
			color: '#2f6f8f',
			joinPolicy: 'open'
		});
	});

	// Whether the key is one of the network's themes is the service's question (it reads the list).
	it('refuses a missing theme', () => {
		expect(issues(groupSchema.safeParse(group({ theme: '' })))).toEqual({
			theme: 'validation.choose'
		});
	});

	it('refuses an empty or too long name, a bad colour and an unknown join policy', () => {
		expect(
			issues(groupSchema.safeParse(group({ name: ' ', color: 'red', joinPolicy: 'secret' })))
		).toEqual({
			name: 'validation.too_short',
			color: 'group.color_invalid',
			joinPolicy: 'validation.choose'
		});
		expect(issues(groupSchema.safeParse(group({ name: 'x'.repeat(81) })))).toEqual({
			name: 'validation.too_long'
		});
		expect(issues(groupSchema.safeParse(group({ description: 'x'.repeat(281) })))).toEqual({
			description: 'validation.too_long'
		});
	});

	it('turns the purpose into rich text', () => {
		expect(groupSchema.parse(group({ purpose: 'Une ligne' })).purpose).toEqual({
			type: 'doc',
			content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Une ligne' }] }]
		});
		expect(issues(groupSchema.safeParse(group({ purpose: '{"type":"doc",' })))).toEqual({
			purpose: 'validation.invalid'
		});
	});

	it('knows the three statuses only', () => {
		expect(statusSchema.safeParse({ status: 'paused' }).success).toBe(true);
		expect(statusSchema.safeParse({ status: 'deleted' }).success).toBe(false);
	});
});

describe('objectiveSchema', () => {
	const objective = (overrides: Record<string, string> = {}) => ({
		title: 'Navette du matin',
		description: '',
		targetDate: '2026-09-15',
		status: 'in_progress',
		...overrides
	});

	it('accepts a date or no date', () => {
		expect(objectiveSchema.parse(objective()).targetDate).toBe('2026-09-15');
		expect(objectiveSchema.parse(objective({ targetDate: ' ' })).targetDate).toBeNull();
		expect(objectiveSchema.parse(objective({ targetDate: '2028-02-29' })).targetDate).toBe(
			'2028-02-29'
		);
	});

	it.each([
		'15/09/2026',
		'2026-9-15',
		'2026-13-01',
		'2026-02-30',
		'2027-02-29',
		'2026-04-31',
		'demain'
	])('refuses the date %j', (targetDate) => {
		expect(issues(objectiveSchema.safeParse(objective({ targetDate })))).toEqual({
			targetDate: 'validation.date'
		});
	});

	it('refuses a short title and an unknown status', () => {
		expect(issues(objectiveSchema.safeParse(objective({ title: 'x', status: 'late' })))).toEqual({
			title: 'validation.too_short',
			status: 'validation.choose'
		});
	});
});

describe('membership schemas', () => {
	it('accepts the three group roles only', () => {
		const userId = crypto.randomUUID();
		for (const role of ['lead', 'member', 'observer']) {
			expect(memberSchema.safeParse({ userId, role }).success, role).toBe(true);
		}
		expect(issues(memberSchema.safeParse({ userId: 'x', role: 'owner' }))).toEqual({
			userId: 'validation.choose',
			role: 'validation.choose'
		});
	});

	it('accepts a decision to accept or decline', () => {
		const requestId = crypto.randomUUID();
		expect(decisionSchema.safeParse({ requestId, decision: 'accept' }).success).toBe(true);
		expect(decisionSchema.safeParse({ requestId, decision: 'maybe' }).success).toBe(false);
	});
});
