import { acceptsHost, configuredOrigin, isLoopback, normaliseOrigin } from '$lib/server/origin';

// Requests the app answers outside SvelteKit's hooks (collaboration sockets, uploads): the same
// checks of where they come from and who sends them, read from their raw headers.

/** A cookie's value in a `Cookie` header; undefined when absent or malformed. */
export function cookieValue(header: string | null | undefined, name: string): string | undefined {
	for (const part of (header ?? '').split(';')) {
		const [key, ...rest] = part.trim().split('=');
		if (key !== name) continue;
		// A malformed value (a lone %) is no session, not a fault.
		try {
			return decodeURIComponent(rest.join('='));
		} catch {
			return undefined;
		}
	}
	return undefined;
}

/**
 * Whether a request comes from the app's own pages: its Origin is the app's public address
 * (ORIGIN, or the one recorded at setup), or, on this machine itself, the host the request was
 * sent to. Browsers send Origin on WebSocket upgrades and on every PUT, so a page of another site
 * cannot act with the person's cookie.
 */
export async function fromOwnPage(headers: {
	origin: string | null | undefined;
	host: string | null | undefined;
}): Promise<boolean> {
	const origin = normaliseOrigin(headers.origin);
	const host = headers.host ?? null;
	if (!origin || !(await acceptsHost(host))) return false;
	const configured = await configuredOrigin();
	if (origin === configured) return true;
	return (!configured || isLoopback(host)) && new URL(origin).host === host;
}
