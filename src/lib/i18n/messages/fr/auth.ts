export const auth = {
	'login.title': 'Connexion',
	'login.intro': 'Connectez-vous pour retrouver vos groupes de travail.',
	'login.email': 'Adresse e-mail',
	'login.password': 'Mot de passe',
	'login.submit': 'Se connecter',
	'login.forgot': 'Mot de passe oublié ?',
	'login.invitation_only':
		'L’accès se fait sur invitation : demandez-la à la coordination du réseau.',
	'auth.invalid_credentials': 'Adresse e-mail ou mot de passe incorrect.',
	'auth.rate_limited':
		'Trop de tentatives de connexion. Patientez 15 minutes ou réinitialisez votre mot de passe.',
	'auth.disabled': 'Ce compte est désactivé. Contactez la coordination du réseau.',
	'auth.wrong_current_password': 'Le mot de passe actuel est incorrect.',
	'auth.password_check_limited':
		'Trop d’essais du mot de passe actuel. Patientez 15 minutes avant de réessayer.',
	'auth.logged_out': 'Vous êtes déconnecté·e.',
	'setup.title': 'Installation du réseau',
	'setup.intro':
		'Bienvenue ! Donnez un nom à votre réseau et créez le premier compte, qui en sera l’administrateur.',
	'setup.network_name': 'Nom du réseau',
	'setup.organisation_name': 'Votre organisation',
	'setup.organisation_kind': 'Type d’organisation',
	'setup.name': 'Votre nom',
	'setup.email': 'Votre adresse e-mail',
	'setup.password': 'Mot de passe',
	'setup.password_hint': 'Au moins 10 caractères, sans votre nom ni votre adresse.',
	'setup.public_origin': 'Adresse publique du hub',
	'setup.public_origin_hint':
		'L’adresse à laquelle les membres ouvrent Maillage (https://maillage.exemple.org). Les liens des courriels l’utilisent ; elle se change dans Administration → Réglages.',
	'setup.submit': 'Créer le réseau',
	'setup.already_done': 'Le réseau est déjà installé.',
	'invitation.title': 'Rejoindre {network}',
	'invitation.intro':
		'{inviter} vous invite à rejoindre le réseau en tant que {role} ({organisation}).',
	'invitation.email': 'Votre adresse e-mail',
	'invitation.name': 'Votre nom',
	'invitation.password': 'Choisissez un mot de passe',
	'invitation.submit': 'Créer mon compte',
	'invitation.link_invalid':
		'Ce lien d’invitation n’est pas valable. Demandez une nouvelle invitation à la coordination.',
	'invitation.expired':
		'Ce lien d’invitation a expiré (il est valable 7 jours). Demandez à la coordination de vous le renvoyer.',
	'invitation.used': 'Cette invitation a déjà été utilisée. Connectez-vous avec votre compte.',
	'invitation.revoked': 'Cette invitation a été annulée.',
	'invitation.email_taken': 'Un compte existe déjà avec cette adresse e-mail.',
	'invitation.not_pending': 'Cette invitation n’est plus en attente.',
	'invitation.rate_limited':
		'Trop de liens d’invitation non valables essayés depuis votre connexion. Patientez 15 minutes avant de réessayer.',
	'forgot.title': 'Mot de passe oublié',
	'forgot.intro':
		'Indiquez votre adresse e-mail : si elle correspond à un compte, vous recevrez un lien pour choisir un nouveau mot de passe.',
	'forgot.submit': 'Envoyer le lien',
	'forgot.sent':
		'Si cette adresse correspond à un compte, un lien vient de lui être envoyé. Il est valable une heure.',
	'forgot.back': 'Retour à la connexion',
	'reset.title': 'Nouveau mot de passe',
	'reset.password': 'Nouveau mot de passe',
	'reset.submit': 'Enregistrer le mot de passe',
	'reset.link_invalid':
		'Ce lien n’est pas valable ou a expiré. Demandez-en un nouveau depuis la page de connexion.',
	'mail.invitation.subject': 'Invitation à rejoindre {network} sur Maillage',
	'mail.invitation.body':
		'Bonjour,\n\n{inviter} vous invite à rejoindre {network} sur Maillage, en tant que {role}.{groups}\n\nPour créer votre compte, ouvrez ce lien (valable 7 jours) :\n{link}\n\nÀ bientôt !',
	'mail.reset.subject': 'Réinitialisation de votre mot de passe Maillage',
	'mail.reset.body':
		'Bonjour {name},\n\nPour choisir un nouveau mot de passe, ouvrez ce lien (valable une heure, utilisable une fois) :\n{link}\n\nSi vous n’avez rien demandé, ignorez ce message : votre mot de passe reste inchangé.'
};
