/** The phone layout: the bottom bar, the account menu's other links, the board's folds. */
export const phone = {
	'phone.more': 'Autres pages',
	'phone.notifications_short': 'Alertes',
	'phone.filters': 'Filtres',
	'phone.filters_active': 'Filtres ({count})',
	'phone.bulk': 'Modification groupée',
	'phone.selected': {
		one: '{count} sélectionnée',
		other: '{count} sélectionnées'
	},
	'phone.selected_change': 'Modifier',
	'phone.selected_clear': 'Tout désélectionner'
};
