import type { Locale } from '$lib/i18n';
import type { SessionUser, Shell } from '$lib/server/auth/session';
import type { Session } from '$lib/server/db/schema';

declare global {
	namespace App {
		interface Error {
			/** A message key (see $lib/i18n) or plain text. */
			message: string;
			/** Reference of an unexpected error, to find it in the server log. */
			id?: string;
		}
		interface Locals {
			user: SessionUser | null;
			session: Session | null;
			/** The header's figures, read with the session (see the app's layout). */
			shell: Shell | null;
			locale: Locale;
		}
	}
}

export {};
