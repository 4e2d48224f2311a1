import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import { i18nContext } from '$lib/i18n/context';
import SlotFields from '../../src/routes/(app)/groupes/[slug]/sondages/dates/SlotFields.svelte';

// The date poll form's rows as the server renders them after a refusal: each message is shown
// under its row and named by the field it is about, for screen readers.

describe('SlotFields', () => {
	it('ties each refused field to its message', () => {
		const { body } = render(SlotFields, {
			props: {
				values: {
					'slots.0.day': '2099-03-02',
					'slots.0.start': '18:00',
					'slots.0.end': '07:00',
					'slots.0.place': '',
					'slots.1.day': '2099-03-03',
					'slots.1.start': '18:00',
					'slots.1.end': '20:00',
					'slots.1.place': ''
				},
				errors: { 'slots.0.end': 'meeting.end_before_start' },
				max: 30
			},
			context: i18nContext('fr')
		});
		const described = body.match(/name="slots\.0\.end"[^>]*aria-describedby="([^"]+)"/);
		expect(described).not.toBeNull();
		const message = new RegExp(`id="${described![1]}"[^>]*>([^<]+)<`).exec(body);
		expect(message?.[1]).toContain('fin');
		// The other fields, and the other row, are not marked.
		expect(body.match(/aria-invalid="true"/g)).toHaveLength(1);
		// Two rows sent, then blank ones up to four: the form works without a script.
		expect(body.match(/name="slots\.\d\.day"/g)).toHaveLength(4);
	});
});
