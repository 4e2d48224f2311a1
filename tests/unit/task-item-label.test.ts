import { getSchema } from '@tiptap/core';
import { describe, expect, it } from 'vitest';
import { documentExtensions } from '$lib/editor/extensions';
import { taskItemLabel } from '$lib/editor/task-item';

const schema = getSchema(
	documentExtensions({ taskLabel: (text) => text, dateChip: { format: () => '15 mars' } })
);

const item = (content: object[], nested: object[] = []) =>
	schema.nodeFromJSON({
		type: 'taskItem',
		attrs: { checked: false, taskId: 'abc' },
		content: [
			{ type: 'paragraph', content },
			...(nested.length ? [{ type: 'taskList', content: nested }] : [])
		]
	});

describe('the accessible name of a task item', () => {
	it('says whom the task is for and when it is due', () => {
		const node = item([
			{ type: 'text', text: 'Envoyer le devis ' },
			{ type: 'mention', attrs: { id: 'u1', label: 'Nicolas Haas' } },
			{ type: 'text', text: ' avant le ' },
			{ type: 'dateChip', attrs: { date: '2027-03-15' } }
		]);
		expect(taskItemLabel(node)).toBe('Envoyer le devis @Nicolas Haas avant le 15 mars');
		// What Tiptap would have said on its own: the person is missing.
		expect(node.textContent).not.toContain('Nicolas');
	});

	it('leaves out the items nested in it', () => {
		const node = item(
			[{ type: 'text', text: 'Préparer le salon' }],
			[
				{
					type: 'taskItem',
					attrs: { checked: false, taskId: 'def' },
					content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Réserver le stand' }] }]
				}
			]
		);
		expect(taskItemLabel(node)).toBe('Préparer le salon');
	});
});
