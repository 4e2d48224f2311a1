export const profiles = {
	'profile.job_title': 'Fonction',
	'profile.job_title_hint': 'Par exemple « Responsable RH » ou « Chef d’atelier ».',
	'profile.phone': 'Téléphone',
	'profile.phone_hint':
		'Écrit comme vous voulez qu’il apparaisse ; l’annuaire en fait un lien pour appeler.',
	'profile.phone_invalid':
		'Ce numéro n’est pas valable : de 6 à 15 chiffres, avec si besoin +, espaces, points, tirets ou parenthèses.',
	'profile.photo': 'Photo',
	'profile.photo_intro':
		'Votre photo apparaît à côté de votre nom : dans les discussions, les listes d’invités, l’annuaire et parmi les personnes présentes dans un document. Seules les personnes connectées au réseau la voient.',
	'profile.photo_none': 'Pas encore de photo : vos initiales sont affichées à la place.',
	'profile.photo_file': 'Choisir une photo',
	'profile.photo_hint':
		'JPEG, PNG, WebP ou AVIF, 5 Mo au plus. Elle est recadrée en carré autour de son centre, et ses métadonnées (lieu, appareil, date) sont retirées.',
	'profile.photo_upload': 'Enregistrer la photo',
	'profile.photo_remove': 'Retirer ma photo',
	'profile.photo_saved': 'Votre photo est enregistrée.',
	'profile.photo_removed': 'Votre photo est retirée.',
	'profile.photo_missing': 'Choisissez un fichier image.',
	'profile.photo_too_large': 'Ce fichier est trop lourd : 5 Mo au plus.',
	'profile.photo_not_image': 'Ce fichier n’est pas une image JPEG, PNG, WebP ou AVIF lisible.',
	'profile.photo_heic':
		'Les photos HEIC (iPhone) ne peuvent pas être lues ici : enregistrez-la en JPEG, ou choisissez « Le plus compatible » dans les réglages Appareil photo › Formats.',
	'profile.photo_too_many_pixels':
		'Cette image a trop de pixels (plus de 50 millions) : réduisez-la avant de l’envoyer.',
	'directory.job_title': 'Fonction',
	'directory.phone': 'Téléphone',
	'directory.call': 'Appeler {name} au {phone}',
	'directory.photo_remove': 'Retirer la photo',
	'directory.photo_remove_hint':
		'En tant qu’administrateur, vous pouvez retirer une photo qui n’a pas sa place ici ; la personne pourra en mettre une autre.',
	'directory.photo_remove_confirm': 'Retirer la photo de {name} ?',
	'directory.photo_removed': 'La photo est retirée.'
};
