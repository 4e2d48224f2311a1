/** Inviting people: into groups, many at once from a list, and the way to the e-mail sent. */
export const inviting = {
	'invite.name': 'Nom (facultatif)',
	'invite.name_hint': 'Proposé à la personne quand elle crée son compte ; elle peut le corriger.',
	'invite.see_mail': 'Voir le courriel envoyé',
	'invite.bulk_link': 'Inviter plusieurs personnes à partir d’une liste',
	'invite.groups.legend': 'Groupes à rejoindre (facultatif)',
	'invite.groups.hint':
		'La personne rejoint ces groupes en acceptant l’invitation, avec le rôle choisi.',
	'invite.groups.role': 'Rôle dans « {group} »',
	'invite.groups.none': 'Aucun groupe ouvert pour l’instant.',
	'invite.groups.paused': '(en pause)',
	'invite.groups.unavailable':
		'Un des groupes choisis n’existe plus, a été archivé ou ne vous est pas ouvert. Choisissez de nouveau.',
	'invite.groups.too_many': 'Trop de groupes choisis à la fois.',
	'invite.groups.list': 'Groupes : {groups}',
	'mail.invitation.groups': 'En acceptant, vous rejoindrez aussi ces groupes de travail :\n{list}',
	'invitation.groups': 'En acceptant, vous rejoindrez aussi ces groupes de travail :',
	'invitation.welcome': 'Bienvenue ! Votre compte est créé.',
	'invitation.joined': 'Vous avez rejoint ces groupes :',
	'invitation.skipped_archived':
		'Le groupe « {group} » a été archivé depuis votre invitation : vous ne l’avez pas rejoint.',
	'invitation.skipped_deleted': 'Le groupe « {group} » n’existe plus : vous ne l’avez pas rejoint.',
	'invitation.skipped_help': 'Demandez à la coordination si un autre groupe vous attend.',
	'invitation.continue': 'Continuer vers l’accueil',
	'invite.bulk.title': 'Inviter plusieurs personnes',
	'invite.bulk.back': 'Retour aux invitations',
	'invite.bulk.intro':
		'Collez une liste ou choisissez un fichier CSV : une personne par ligne, avec son nom, son adresse e-mail, son organisation et son rôle dans le réseau (membre si la case est vide). Les cellules sont séparées par des points-virgules, des virgules ou des tabulations ; une ligne d’en-tête est reconnue. {max} personnes au plus à la fois. Rien n’est envoyé avant que vous ayez vérifié l’aperçu.',
	'invite.bulk.list': 'Liste à coller',
	'invite.bulk.list_hint':
		'Par exemple : Inès Meyer;ines.meyer@exemple.fr;Mécanique Ried Précision;membre',
	'invite.bulk.file': 'Ou un fichier CSV',
	'invite.bulk.file_hint':
		'Enregistré depuis un tableur au format CSV (UTF-8 ou Windows), {max} Ko au plus. Le fichier remplace la liste collée.',
	'invite.bulk.preview': 'Vérifier la liste',
	'invite.bulk.preview_title': 'Aperçu avant envoi',
	'invite.bulk.summary': {
		one: '{ready} invitation prête sur {count} ligne.',
		other: '{ready} invitations prêtes sur {count} lignes.'
	},
	'invite.bulk.summary_errors':
		'Les lignes en erreur ne seront pas envoyées : corrigez la liste et vérifiez-la de nouveau, ou envoyez sans elles.',
	'invite.bulk.lines': 'Lignes de la liste',
	'invite.bulk.line': 'Ligne',
	'invite.bulk.col_name': 'Nom',
	'invite.bulk.col_email': 'E-mail',
	'invite.bulk.col_organisation': 'Organisation',
	'invite.bulk.col_role': 'Rôle',
	'invite.bulk.col_check': 'Vérification',
	'invite.bulk.ready': 'Prête',
	'invite.bulk.new_organisation': 'nouvelle organisation : {kind}',
	'invite.bulk.groups_all': 'Chaque personne rejoindra : {groups}.',
	'invite.bulk.no_groups': 'Aucun groupe choisi.',
	'invite.bulk.unknown_title': 'Organisations inconnues',
	'invite.bulk.unknown_hint_create':
		'Créez chacune ou rattachez ses personnes à une organisation existante, puis vérifiez de nouveau.',
	'invite.bulk.unknown_hint_pick':
		'Rattachez ces personnes à une organisation existante, puis vérifiez de nouveau (seul un administrateur peut créer une organisation).',
	'invite.bulk.unknown_label': {
		one: '« {name} » (ligne {lines})',
		other: '« {name} » (lignes {lines})'
	},
	'invite.bulk.unknown_leave': '— Laisser ces lignes de côté —',
	'invite.bulk.unknown_create': 'La créer : {kind}',
	'invite.bulk.unknown_pick': 'Rattacher à une organisation existante',
	'invite.bulk.recheck': 'Vérifier de nouveau',
	'invite.bulk.send': {
		one: 'Envoyer {count} invitation',
		other: 'Envoyer {count} invitations'
	},
	'invite.bulk.sent': {
		one: '{count} invitation envoyée.',
		other: '{count} invitations envoyées.'
	},
	'invite.bulk.sent_see': 'Voir les courriels d’invitation',
	'invite.bulk.changed':
		'La liste a changé depuis l’aperçu : rien n’est envoyé. Vérifiez le nouvel aperçu ci-dessous avant d’envoyer.',
	'invite.bulk.nothing_to_send': 'Aucune ligne n’est prête : rien n’est envoyé.',
	'invite.bulk.empty': 'La liste est vide : collez au moins une ligne ou choisissez un fichier.',
	'invite.bulk.file_empty': 'Le fichier est vide.',
	'invite.bulk.file_too_large': 'Le fichier est trop gros ({max} Ko au plus).',
	'invite.bulk.file_binary':
		'Ce fichier n’est pas un fichier texte. Enregistrez le tableau au format « CSV » depuis votre tableur.',
	'invite.bulk.text_too_long': 'La liste est trop longue ({max} personnes au plus à la fois).',
	'invite.bulk.too_many':
		'La liste compte {count} personnes : {max} au plus à la fois. Découpez-la en plusieurs envois.',
	'invite.bulk.unreadable': 'Cette ligne ne peut pas être lue : un guillemet est mal placé.',
	'invite.bulk.columns_unknown':
		'Colonnes non reconnues : {columns}. Les colonnes attendues sont nom, e-mail, organisation et rôle.',
	'invite.bulk.columns_twice': 'Une colonne est nommée deux fois dans la ligne d’en-tête.',
	'invite.bulk.columns_no_email':
		'Aucune adresse e-mail dans la liste : les colonnes attendues sont nom, e-mail, organisation et rôle.',
	'invite.bulk.too_many_cells':
		'Plus de cellules que de colonnes (nom, e-mail, organisation, rôle).',
	'invite.bulk.text_invalid': 'Contient des caractères invisibles ou un retour à la ligne.',
	'invite.bulk.formula': 'Commence par =, +, - ou @, comme une formule de tableur : refusé.',
	'invite.bulk.email_missing': 'Adresse e-mail manquante.',
	'invite.bulk.duplicate': 'Adresse déjà présente ligne {line}.',
	'invite.bulk.has_account': 'Cette personne a déjà un compte.',
	'invite.bulk.already_invited': 'Cette personne a déjà une invitation en attente.',
	'invite.bulk.organisation_missing': 'Organisation manquante.',
	'invite.bulk.organisation_unknown': 'Organisation inconnue : « {name} ».',
	'invite.bulk.organisation_archived': 'Organisation archivée : « {name} ».',
	'invite.bulk.role_unknown':
		'Rôle inconnu : « {role} » (membre, partenaire, direction, coordination ou administrateur).',
	'invite.bulk.role_forbidden': 'Vous ne pouvez pas donner ce rôle.'
};
