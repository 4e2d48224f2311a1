/** The network's logo and colour, the group themes and the transport test (Administration). */
export const settings = {
	'settings.general': 'Réseau',
	'settings.logo.title': 'Logo du réseau',
	'settings.logo.hint':
		'PNG, JPEG, WebP ou SVG, 500 Ko au plus. Il s’affiche dans l’en-tête de chaque page et sur la page de connexion, sur un fond blanc, à côté du nom du réseau. Un SVG est converti en image.',
	'settings.logo.field': 'Fichier du logo',
	'settings.logo.current': 'Logo actuel :',
	'settings.logo.none': 'Pas de logo : l’en-tête affiche le nom du réseau seul.',
	'settings.logo.upload': 'Envoyer le logo',
	'settings.logo.remove': 'Retirer le logo',
	'settings.logo.saved': 'Le logo est enregistré.',
	'settings.logo.removed': 'Le logo est retiré.',
	'settings.logo.required': 'Choisissez un fichier image.',
	'settings.logo.too_large': 'Le fichier dépasse 500 Ko : enregistrez-le en plus petit.',
	'settings.logo.not_image': 'Ce fichier n’est pas une image lisible.',
	'settings.logo.format': 'Format non accepté : choisissez une image PNG, JPEG, WebP ou SVG.',
	'settings.logo.too_many_pixels':
		'L’image est trop grande (plus de 40 millions de pixels) : réduisez-la avant de l’envoyer.',
	'settings.colour.title': 'Couleur du réseau',
	'settings.colour.hint':
		'La couleur des boutons, des liens et de l’en-tête. Le texte blanc doit y rester lisible : une couleur trop claire est assombrie jusqu’au contraste de 4,5:1 que demandent les règles d’accessibilité (WCAG AA).',
	'settings.colour.field': 'Couleur principale',
	'settings.colour.save': 'Appliquer la couleur',
	'settings.colour.reset': 'Revenir à la couleur d’origine',
	'settings.colour.current': 'Couleur actuelle : {colour}',
	'settings.colour.default': 'Couleur d’origine de Maillage ({colour})',
	'settings.colour.sample': 'Texte blanc sur cette couleur',
	'settings.colour.saved':
		'La couleur {colour} est appliquée (contraste de {ratio}:1 avec le texte blanc).',
	'settings.colour.adjusted':
		'La couleur {asked} est trop claire pour du texte blanc (contraste de {askedRatio}:1, il faut au moins 4,5:1). Elle a été assombrie en {colour} (contraste de {ratio}:1), qui est appliquée.',
	'settings.colour.reset_done': 'La couleur d’origine est rétablie.',
	'settings.colour.invalid': 'Une couleur au format #rrggbb, par exemple #1f5f7a.',
	'settings.mail_test.title': 'Envoi des courriels',
	'settings.mail_test.transport': 'Serveur d’envoi (SMTP_URL) : {address}',
	'settings.mail_test.transport_none':
		'Aucun serveur d’envoi n’est configuré (SMTP_URL) : les courriels restent dans la boîte d’envoi, où vous les lisez.',
	'settings.mail_test.from': 'Expéditeur (MAIL_FROM) : {from}',
	'settings.mail_test.hint':
		'Ces réglages se font sur le serveur, par ses variables d’environnement. Le courriel de test vous est adressé ({email}).',
	'settings.mail_test.send': 'Envoyer un courriel de test',
	'settings.mail_test.sending': 'Envoi en cours…',
	'settings.mail_test.sent':
		'Le courriel de test est parti vers {email}. Vérifiez votre boîte de réception, et les indésirables.',
	'settings.mail_test.kept':
		'Aucun serveur d’envoi n’est configuré : le courriel de test est dans la boîte d’envoi, il n’est pas parti.',
	'settings.mail_test.failed': 'Le courriel de test n’est pas parti.',
	'settings.mail_test.detail': 'Réponse technique : {detail}',
	'settings.mail_test.outbox_link': 'Voir la boîte d’envoi',
	'settings.mail_test.limited':
		'Trop de courriels de test en peu de temps : réessayez dans un quart d’heure.',
	'settings.mail_test.host_unknown':
		'Le nom du serveur d’envoi est inconnu : vérifiez l’hôte écrit dans SMTP_URL.',
	'settings.mail_test.refused':
		'Le serveur d’envoi refuse la connexion : vérifiez l’hôte et le port de SMTP_URL.',
	'settings.mail_test.timeout':
		'Le serveur d’envoi n’a pas répondu à temps : un pare-feu bloque peut-être ce port.',
	'settings.mail_test.auth':
		'Le serveur d’envoi refuse l’identifiant ou le mot de passe écrits dans SMTP_URL.',
	'settings.mail_test.tls':
		'La connexion chiffrée a échoué : le port et le protocole (smtp:// ou smtps://) ne vont peut-être pas ensemble.',
	'settings.mail_test.envelope':
		'Le serveur d’envoi a refusé l’expéditeur (MAIL_FROM) ou votre adresse.',
	'settings.mail_test.other': 'Le serveur d’envoi a refusé le courriel.',
	'settings.mail_test.subject': 'Courriel de test de {network}',
	'settings.mail_test.body':
		'Bonjour {name},\n\nCe courriel de test a été envoyé depuis les réglages de {network}.\nServeur d’envoi : {transport}\nExpéditeur : {from}\n\nS’il vous est parvenu, les courriels du hub partent bien.',
	'settings.mail_test.no_transport': 'aucun (boîte d’envoi seulement)',
	'admin.themes': 'Thèmes',
	'themes.title': 'Thèmes des groupes',
	'themes.intro':
		'Chaque groupe de travail est classé sous un thème. Cette liste, dans cet ordre, est celle des formulaires de groupe et du filtre du tableau de bord. Un thème qu’un groupe utilise ne peut pas être supprimé : archivez-le, il ne sera plus proposé aux nouveaux groupes.',
	'themes.list': 'Thèmes',
	'themes.new': 'Nouveau thème',
	'themes.label_fr': 'Libellé en français',
	'themes.label_en': 'Libellé en anglais',
	'themes.add': 'Ajouter le thème',
	'themes.added': 'Le thème « {label} » est ajouté.',
	'themes.edit': 'Renommer « {label} »',
	'themes.rename': 'Enregistrer',
	'themes.renamed': 'Le thème est renommé.',
	'themes.move_up': 'Monter « {label} »',
	'themes.move_down': 'Descendre « {label} »',
	'themes.moved': 'L’ordre des thèmes est enregistré.',
	'themes.archive': 'Archiver « {label} »',
	'themes.restore': 'Proposer de nouveau « {label} »',
	'themes.delete': 'Supprimer « {label} »',
	'themes.archived': 'Le thème est archivé : il n’est plus proposé aux nouveaux groupes.',
	'themes.restored': 'Le thème est de nouveau proposé.',
	'themes.deleted': 'Le thème est supprimé.',
	'themes.archived_badge': 'Archivé',
	'themes.used_by': { one: '{count} groupe', other: '{count} groupes' },
	'themes.unused': 'Aucun groupe',
	'themes.label_taken': 'Un thème porte déjà ce libellé.',
	'themes.in_use': 'Des groupes utilisent ce thème : archivez-le plutôt.',
	'themes.archived_choice': '{theme} (archivé)',
	'themes.none_to_choose':
		'Aucun thème n’est proposé : l’administration en ajoute dans Administration → Thèmes.',
	'themes.none': 'Aucun thème pour l’instant : ajoutez le premier ci-dessous.'
};
