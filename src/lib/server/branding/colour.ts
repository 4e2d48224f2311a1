import { z } from 'zod';
import { HEX_COLOUR, readableColour, type ReadableColour } from '$lib/colours';
import { forbidden } from '../errors';
import { can, type Actor } from '../policy';
import { deleteSetting, setSetting } from '../settings';

export const COLOUR_SETTING = 'network.colour';

/** `#rrggbb`, as a colour field posts it (a person may type capitals or forget the #). */
export const colourSchema = z.object({
	colour: z
		.string()
		.trim()
		.toLowerCase()
		.transform((v) => (v.startsWith('#') ? v : `#${v}`))
		.pipe(z.string().regex(HEX_COLOUR, 'settings.colour.invalid'))
});

/**
 * Makes the colour the network's (admins only). One that white text on it would not read at
 * WCAG AA is darkened until it does, and the answer says so.
 */
export async function setColour(actor: Actor, asked: string): Promise<ReadableColour> {
	if (!can(actor, 'settings.manage')) throw forbidden();
	const readable = readableColour(asked);
	await setSetting(COLOUR_SETTING, readable.colour);
	return readable;
}

/** Back to the app's own colour (admins only). */
export async function resetColour(actor: Actor): Promise<void> {
	if (!can(actor, 'settings.manage')) throw forbidden();
	await deleteSetting(COLOUR_SETTING);
}
