import { describe, expect, it } from 'vitest';
import { UploadQueue } from '$lib/files/upload-queue.svelte';

/** An upload request the test drives: progress, the server's answer, a lost connection. */
class FakeRequest {
	upload: { onprogress: ((event: { loaded: number }) => void) | null } = { onprogress: null };
	onload: (() => void) | null = null;
	onerror: (() => void) | null = null;
	onabort: (() => void) | null = null;
	status = 0;
	responseText = '';
	url = '';
	sent: unknown;
	aborted = false;
	open(_method: string, url: string) {
		this.url = url;
	}
	setRequestHeader() {}
	send(body: unknown) {
		this.sent = body;
	}
	abort() {
		this.aborted = true;
		this.onabort?.();
	}
	progress(loaded: number) {
		this.upload.onprogress?.({ loaded });
	}
	answer(status: number, body: object) {
		this.status = status;
		this.responseText = JSON.stringify(body);
		this.onload?.();
	}
}

function setup(target = 'groupe=g') {
	const requests: FakeRequest[] = [];
	const stored: string[] = [];
	let where = target;
	const queue = new UploadQueue({
		target: () => where,
		onStored: (file) => stored.push(file.name),
		messages: () => ({ tooLarge: 'trop lourd', empty: 'vide', networkError: 'connexion perdue' }),
		maxFileBytes: () => 100,
		request: () => {
			const request = new FakeRequest();
			requests.push(request);
			return request as unknown as XMLHttpRequest;
		}
	});
	return { queue, requests, stored, moveTo: (t: string) => (where = t) };
}

const file = (name: string, size = 10) => new File([new Uint8Array(size)], name);

describe('the upload queue', () => {
	it('sends two files at a time, with their progress, and the next when one is done', async () => {
		const { queue, requests, stored } = setup();
		queue.add([file('a.pdf'), file('b.pdf'), file('c.pdf')]);
		expect(requests).toHaveLength(2);
		expect(queue.items.map((i) => i.status)).toEqual(['sending', 'sending', 'waiting']);
		expect(requests[0].url).toBe('/televersement?groupe=g&nom=a.pdf');
		requests[0].progress(4);
		expect(queue.items[0].loaded).toBe(4);
		requests[0].answer(201, { file: { id: '1', name: 'a.pdf' } });
		expect(queue.items[0].status).toBe('done');
		expect(stored).toEqual(['a.pdf']);
		expect(requests).toHaveLength(3);
		expect(queue.busy).toBe(true);
	});

	it('refuses at once what is too large or empty, without sending it', () => {
		const { queue, requests } = setup();
		queue.add([file('gros.bin', 101), file('vide.txt', 0)]);
		expect(requests).toHaveLength(0);
		expect(queue.items.map((i) => [i.status, i.error])).toEqual([
			['failed', 'trop lourd'],
			['failed', 'vide']
		]);
		// Sending them again would change nothing.
		queue.retry(queue.items[0].key);
		expect(queue.items[0].status).toBe('failed');
	});

	it('cancels a file on its way, and sends it again on demand', () => {
		const { queue, requests } = setup();
		queue.add([file('a.pdf')]);
		queue.cancel(queue.items[0].key);
		expect(requests[0].aborted).toBe(true);
		expect(queue.items[0].status).toBe('cancelled');
		queue.retry(queue.items[0].key);
		expect(requests).toHaveLength(2);
		expect(queue.items[0].status).toBe('sending');
	});

	it('keeps the server’s reason, and offers to try again only when that may help', () => {
		const { queue, requests } = setup();
		queue.add([file('setup.exe'), file('b.pdf')]);
		requests[0].answer(415, { error: 'Les programmes ne peuvent pas être ajoutés.' });
		requests[1].onerror?.();
		expect(queue.items.map((i) => [i.error, i.retryable])).toEqual([
			['Les programmes ne peuvent pas être ajoutés.', false],
			['connexion perdue', true]
		]);
		queue.dismiss(queue.items[0].key);
		expect(queue.items.map((i) => i.name)).toEqual(['b.pdf']);
	});

	it('sends a file where the page pointed when it was added', () => {
		const { queue, requests, moveTo } = setup('groupe=g&dossier=d1');
		queue.add([file('a.pdf'), file('b.pdf'), file('c.pdf')]);
		moveTo('groupe=g&dossier=d2');
		requests[0].answer(201, { file: { id: '1', name: 'a.pdf' } });
		expect(requests[2].url).toBe('/televersement?groupe=g&dossier=d1&nom=c.pdf');
	});
});
