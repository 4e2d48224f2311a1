/** The language chosen by a visitor who is not logged in (logged-in people keep it on their account). */
export const LOCALE_COOKIE = 'maillage_locale';
