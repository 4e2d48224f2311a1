import { fail } from '@sveltejs/kit';
import { DEFAULT_PRIMARY } from '$lib/colours';
import { requireCan } from '$lib/server/auth/guards';
import { getBranding } from '$lib/server/branding';
import { colourSchema, resetColour, setColour } from '$lib/server/branding/colour';
import { MAX_LOGO_BYTES, removeLogo, saveLogo } from '$lib/server/branding/logo';
import { periodSetting } from '$lib/server/progress/check-ins';
import { attempt } from '$lib/server/errors';
import { invalid, parseForm } from '$lib/server/forms';
import { sendTestMail, transportSummary } from '$lib/server/mail-test';
import { configuredOrigin, forgetRecordedOrigin } from '$lib/server/origin';
import {
	instanceSettingsSchema,
	updateInstanceSettings,
	visitorRetentionMonths
} from '$lib/server/settings';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireCan(event, 'settings.manage');
	const branding = await getBranding();
	return {
		networkName: branding.networkName,
		colour: branding.colour,
		defaultColour: DEFAULT_PRIMARY,
		logo: branding.logo,
		checkInPeriod: await periodSetting(),
		visitorRetention: await visitorRetentionMonths(),
		publicOrigin: await configuredOrigin(),
		/** ORIGIN set on the server: the address is shown, not editable here. */
		originFromEnv: Boolean(process.env.ORIGIN),
		transport: transportSummary(),
		email: user.email
	};
};

/** The refusal of an upload: nothing typed to give back, the section it came from. */
const logoRefused = (status: number, key: 'settings.logo.required' | 'settings.logo.too_large') =>
	fail(status, { values: { section: 'logo' }, errors: { logo: key } });

export const actions: Actions = {
	save: async (event) => {
		const user = requireCan(event, 'settings.manage');
		const form = await event.request.formData();
		if (process.env.ORIGIN) form.delete('publicOrigin');
		const parsed = parseForm(instanceSettingsSchema, form);
		if (!parsed.ok) return invalid(parsed.values, parsed.errors);
		const result = await attempt(parsed.values, () => updateInstanceSettings(user, parsed.data));
		if (!result.ok) return result.failure;
		forgetRecordedOrigin();
		return { done: 'settings.saved' as const };
	},
	logo: async (event) => {
		const user = requireCan(event, 'settings.manage');
		let form: FormData;
		try {
			form = await event.request.formData();
		} catch (e) {
			// adapter-node stops reading a body over BODY_SIZE_LIMIT (512 kB unless set otherwise).
			if ((e as { status?: number }).status === 413)
				return logoRefused(413, 'settings.logo.too_large');
			throw e;
		}
		const file = form.get('logo');
		if (!(file instanceof File) || file.size === 0)
			return logoRefused(400, 'settings.logo.required');
		if (file.size > MAX_LOGO_BYTES) return logoRefused(413, 'settings.logo.too_large');
		const bytes = new Uint8Array(await file.arrayBuffer());
		const result = await attempt({ section: 'logo' }, () => saveLogo(user, bytes));
		if (!result.ok) return result.failure;
		return { logoDone: 'settings.logo.saved' as const };
	},
	removeLogo: async (event) => {
		const user = requireCan(event, 'settings.manage');
		await removeLogo(user);
		return { logoDone: 'settings.logo.removed' as const };
	},
	colour: async (event) => {
		const user = requireCan(event, 'settings.manage');
		const form = await event.request.formData();
		const parsed = parseForm(colourSchema, form);
		if (!parsed.ok) return invalid({ ...parsed.values, section: 'colour' }, parsed.errors);
		const readable = await setColour(user, parsed.data.colour);
		return { colourSet: readable };
	},
	resetColour: async (event) => {
		const user = requireCan(event, 'settings.manage');
		await resetColour(user);
		return { colourReset: true };
	},
	testMail: async (event) => {
		const user = requireCan(event, 'settings.manage');
		const result = await attempt({ section: 'mail' }, () =>
			sendTestMail(user, event.locals.locale)
		);
		if (!result.ok) return result.failure;
		return { mailTest: result.value };
	}
};
