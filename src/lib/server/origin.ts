import { getSetting, onSettingsChanged, PUBLIC_ORIGIN } from './settings';

/**
 * The app's public address, the one every absolute link (e-mails, calendar feeds, reports) is
 * written with: ORIGIN when set, else the address recorded at setup (Administration → Réglages),
 * else this server on localhost. Never the address a request was sent to: a request's Host is
 * the sender's to choose, and a reset link built from it would carry the token to their server.
 */
export async function publicOrigin(): Promise<string> {
	return (await configuredOrigin()) ?? `http://localhost:${process.env.PORT ?? 3000}`;
}

/** How long another instance's change of the recorded address takes to be seen here. */
const CACHE_MS = 30_000;
let cached: { origin: string | null; until: number } | null = null;

/** ORIGIN, else the recorded address; null on an instance not set up yet. */
export async function configuredOrigin(): Promise<string | null> {
	const fromEnv = normaliseOrigin(process.env.ORIGIN);
	if (fromEnv) return fromEnv;
	if (!cached || cached.until < Date.now()) {
		const recorded = normaliseOrigin(await getSetting<string>(PUBLIC_ORIGIN));
		cached = { origin: recorded, until: Date.now() + CACHE_MS };
	}
	return cached.origin;
}

/** Forgets the recorded address read before: it has just changed here. */
export function forgetRecordedOrigin(): void {
	cached = null;
}
onSettingsChanged(forgetRecordedOrigin);

/** `scheme://host[:port]` of an http(s) address, or null for anything else. */
export function normaliseOrigin(value: unknown): string | null {
	if (typeof value !== 'string' || value.trim() === '') return null;
	try {
		const url = new URL(value.trim());
		if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
		if (url.username || url.password) return null;
		return url.origin;
	} catch {
		return null;
	}
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d+)?$/i;

/** A Host header naming this machine itself. */
export const isLoopback = (host: string | null): boolean => !!host && LOOPBACK.test(host);

/**
 * Whether a request sent to `host` (its Host header) is for this instance: the configured
 * address's host, or this machine itself (local access, health checks, a proxy on the same
 * machine). Before setup, any host is: the setup page records the address.
 */
export async function acceptsHost(host: string | null): Promise<boolean> {
	if (!host) return false;
	if (isLoopback(host)) return true;
	const origin = await configuredOrigin();
	if (!origin) return true;
	return new URL(origin).host === host.toLowerCase();
}
