import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { isLocale, negotiateLocale, translate, type Locale, type MessageKey } from '$lib/i18n';
import { SESSION_COOKIE, validateSessionToken } from '$lib/server/auth/session';
import { ServiceError } from '$lib/server/errors';
import { cookieValue, fromOwnPage } from '$lib/server/raw-request';
import { formatBytes } from '$lib/bytes';
import { fileLimits } from './limits';
import { upload, type UploadTarget } from './uploads';

// The address files are uploaded to: `PUT /televersement?groupe=…[&dossier=…]&nom=…` for a new
// file, `PUT /televersement?fichier=…&nom=…` for a new version, the file's bytes as the body.
// It is answered before SvelteKit (server.js hands it over), because SvelteKit reads a body
// whole up to a limit fit for forms; here the body streams to the store. So this does itself
// what the hooks do for pages: the request's host and origin, the session, and the rights.

export const UPLOAD_PATH = '/televersement';

/** The most a file's name may weigh in the address, before it is cleaned and cut. */
const MAX_RAW_NAME = 2000;

const STATUS: Record<string, number> = {
	'files.too_large': 413,
	'files.group_quota': 413,
	'files.network_quota': 413,
	'files.refused_type': 415
};

function answer(status: number, body: object, close = false): Response {
	return new Response(JSON.stringify(body), {
		status,
		headers: {
			'content-type': 'application/json; charset=utf-8',
			'cache-control': 'no-store',
			'x-content-type-options': 'nosniff',
			// A refusal sent before the body was read: the rest of it is not waited for.
			...(close && { connection: 'close' })
		}
	});
}

async function refusal(locale: Locale, status: number, key: MessageKey): Promise<Response> {
	const max = key === 'files.too_large' ? (await fileLimits()).maxFileBytes : 0;
	const message = translate(locale, key, { max: formatBytes(locale, max) });
	return answer(status, { error: message, key }, true);
}

/** The target named by the address's query, or null when it names none or names it badly. */
function targetOf(query: URLSearchParams): UploadTarget | null {
	const file = query.get('fichier');
	if (file) return { fileId: file };
	const group = query.get('groupe');
	if (!group) return null;
	return { groupId: group, folderId: query.get('dossier') || null };
}

/** Answers one upload. */
export async function handleUpload(request: Request): Promise<Response> {
	const headers = request.headers;
	let locale: Locale = negotiateLocale(headers.get('accept-language')) ?? 'fr';
	if (request.method !== 'PUT') {
		return new Response(null, { status: 405, headers: { allow: 'PUT' } });
	}
	const hostHeader = process.env.HOST_HEADER?.toLowerCase() ?? 'host';
	if (!(await fromOwnPage({ origin: headers.get('origin'), host: headers.get(hostHeader) }))) {
		return refusal(locale, 403, 'error.cross_site');
	}
	const token = cookieValue(headers.get('cookie'), SESSION_COOKIE);
	const { user } = token ? await validateSessionToken(token) : { user: null };
	if (!user) return refusal(locale, 401, 'files.logged_out');
	if (isLocale(user.locale)) locale = user.locale;

	const query = new URL(request.url).searchParams;
	const target = targetOf(query);
	const name = query.get('nom') ?? '';
	if (!target || !request.body) return refusal(locale, 400, 'files.bad_request');
	if (name.length > MAX_RAW_NAME) return refusal(locale, 400, 'files.name_too_long');
	const length = headers.get('content-length');
	const declared = length !== null && /^\d+$/.test(length) ? Number(length) : null;

	try {
		const file = await upload(user, target, name, request.body, declared);
		return answer(201, { file });
	} catch (e) {
		if (e instanceof ServiceError) {
			const status =
				e.kind === 'forbidden' ? 403 : e.kind === 'not_found' ? 404 : (STATUS[e.messageKey] ?? 400);
			return refusal(locale, status, e.messageKey);
		}
		// The client went away mid-upload (it cancelled, or its connection broke): the store
		// kept nothing, and no one is left to answer.
		if (request.signal.aborted || isAbort(e)) return refusal(locale, 400, 'files.interrupted');
		console.error('[files] upload failed', e);
		return refusal(locale, 500, 'error.unexpected');
	}
}

function isAbort(e: unknown): boolean {
	const code = (e as { code?: string })?.code;
	return code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE' || code === 'ABORT_ERR';
}

/** `handleUpload` for Node's own request and response (server.js, the dev server). */
export async function handleNodeUpload(req: IncomingMessage, res: ServerResponse): Promise<void> {
	const headers = new Headers();
	for (const [key, value] of Object.entries(req.headers)) {
		if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
	}
	const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
	const controller = new AbortController();
	req.once('close', () => {
		if (!req.complete) controller.abort();
	});
	// Only the query is read from the address; the host is checked from the headers.
	const path = req.url?.startsWith('/') ? req.url : '/';
	const request = new Request(`http://localhost${path}`, {
		method: req.method,
		headers,
		body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : undefined,
		signal: controller.signal,
		...(hasBody && { duplex: 'half' })
	} as RequestInit);
	const response = await handleUpload(request);
	if (res.destroyed) return;
	res.writeHead(response.status, Object.fromEntries(response.headers));
	res.end(Buffer.from(await response.arrayBuffer()));
}
