import { inArray } from 'drizzle-orm';
import { HEX_COLOUR } from '$lib/colours';
import { db } from '$lib/server/db';
import { settings } from '$lib/server/db/schema';
import { cachedValue } from '../cache';
import { NETWORK_NAME, onSettingsChanged } from '../settings';
import { COLOUR_SETTING } from './colour';
import { LOGO_SETTING, logoPath, type LogoRef } from './logo';

/** How the network presents itself on every page, the login page included. */
export interface Branding {
	networkName: string;
	/** The network's colour (already readable under white text), or null for the app's own. */
	colour: string | null;
	logo: { src: string; width: number; height: number } | null;
}

const kept = cachedValue(readBranding);
onSettingsChanged(kept.forget);

/**
 * The network's name, colour and logo: every page's layout asks for them, so they are read once
 * and kept until a setting changes (or, changed by another instance, for SHARED_CACHE_MS).
 */
export function getBranding(): Promise<Branding> {
	return kept.get();
}

async function readBranding(): Promise<Branding> {
	const rows = await db
		.select()
		.from(settings)
		.where(inArray(settings.key, [NETWORK_NAME, COLOUR_SETTING, LOGO_SETTING]));
	const value = (key: string) => rows.find((r) => r.key === key)?.value;
	const name = value(NETWORK_NAME);
	const colour = value(COLOUR_SETTING);
	const logo = value(LOGO_SETTING) as LogoRef | null | undefined;
	return {
		networkName: typeof name === 'string' ? name : 'Maillage',
		colour: typeof colour === 'string' && HEX_COLOUR.test(colour) ? colour : null,
		logo: logo?.hash ? { src: logoPath(logo), width: logo.width, height: logo.height } : null
	};
}
