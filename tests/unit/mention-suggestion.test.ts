import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Editor } from '@tiptap/core';
import { mentionSuggestion, type MentionPerson } from '$lib/editor/mention-suggestion';

const labels = { empty: 'Personne', list: 'Personnes', count: (n: number) => `${n}` };
const person = (id: string, label: string, member: boolean): MentionPerson => ({
	id,
	label,
	detail: 'Usine',
	member
});
const members = [person('1', 'Céline Membre', true), person('2', 'Luc Pilote', true)];

function itemsOf(search: string | null) {
	const { items } = mentionSuggestion({ people: members, search }, labels);
	return (query: string, signal = new AbortController().signal) =>
		Promise.resolve(items!({ query, signal, editor: {} as Editor }));
}

afterEach(() => vi.unstubAllGlobals());

describe('the @-mention picker', () => {
	it('filters those listed, accents aside, and asks no one when everyone is listed', async () => {
		const fetch = vi.fn();
		vi.stubGlobal('fetch', fetch);
		const items = itemsOf(null);
		expect((await items('celi')).map((p) => p.id)).toEqual(['1']);
		expect(await items('ailleurs')).toEqual([]);
		expect(fetch).not.toHaveBeenCalled();
	});

	it('past those listed, asks the server and puts the members first, each once', async () => {
		const fetch = vi.fn(async () =>
			Response.json({
				people: [person('1', 'Céline Membre', true), person('3', 'Célia Autre', false)]
			})
		);
		vi.stubGlobal('fetch', fetch);
		const items = itemsOf('/groupes/mobilite/mentions?dans=notes');
		expect((await items('cél')).map((p) => p.id)).toEqual(['1', '3']);
		expect(fetch).toHaveBeenCalledWith(
			'/groupes/mobilite/mentions?dans=notes&q=c%C3%A9l',
			expect.objectContaining({ signal: expect.any(AbortSignal) })
		);
		// Nothing typed yet: the members, without asking.
		fetch.mockClear();
		expect((await items('')).map((p) => p.id)).toEqual(['1', '2']);
		expect(fetch).not.toHaveBeenCalled();
	});

	it('still offers those listed when the server cannot answer', async () => {
		vi.stubGlobal(
			'fetch',
			vi.fn(async () => new Response('', { status: 401 }))
		);
		expect((await itemsOf('/m?dans=notes')('luc')).map((p) => p.id)).toEqual(['2']);
		vi.stubGlobal(
			'fetch',
			vi.fn(async () => {
				throw new TypeError('Failed to fetch');
			})
		);
		expect((await itemsOf('/m?dans=notes')('luc')).map((p) => p.id)).toEqual(['2']);
	});

	it('lets an answer overtaken by a newer question be dropped', async () => {
		const controller = new AbortController();
		vi.stubGlobal(
			'fetch',
			vi.fn(async () => {
				controller.abort();
				throw new DOMException('Aborted', 'AbortError');
			})
		);
		await expect(itemsOf('/m?dans=notes')('luc', controller.signal)).rejects.toThrow('Aborted');
	});
});
