export const account = {
	'profile.title': 'Mon profil',
	'profile.details': 'Mes informations',
	'profile.name': 'Nom',
	'profile.email': 'Adresse e-mail',
	'profile.organisation': 'Organisation',
	'profile.role': 'Rôle dans le réseau',
	'profile.locale': 'Langue de l’interface',
	'profile.saved': 'Vos informations sont enregistrées.',
	'profile.password': 'Changer de mot de passe',
	'profile.password_intro':
		'Changer de mot de passe déconnecte toutes vos autres sessions, sur tous vos appareils.',
	'profile.current_password': 'Mot de passe actuel',
	'profile.new_password': 'Nouveau mot de passe',
	'profile.password_changed': 'Votre mot de passe est changé ; vos autres sessions sont fermées.'
};
