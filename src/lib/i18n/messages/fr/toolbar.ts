export const toolbar = {
	'toolbar.more': 'Plus d’outils'
};
