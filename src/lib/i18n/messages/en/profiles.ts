import type { profiles as fr } from '../fr/profiles';
import type { Message } from '../types';

export const profiles = {
	'profile.job_title': 'Job title',
	'profile.job_title_hint': 'For instance “HR manager” or “Workshop supervisor”.',
	'profile.phone': 'Phone',
	'profile.phone_hint': 'Written as you want it shown; the directory makes it a link to call.',
	'profile.phone_invalid':
		'This number is not valid: 6 to 15 digits, with +, spaces, dots, dashes or brackets if needed.',
	'profile.photo': 'Photo',
	'profile.photo_intro':
		'Your photo appears next to your name: in discussions, invitee lists, the directory and among the people present in a document. Only people logged in to the network see it.',
	'profile.photo_none': 'No photo yet: your initials are shown instead.',
	'profile.photo_file': 'Choose a photo',
	'profile.photo_hint':
		'JPEG, PNG, WebP or AVIF, 5 MB at most. It is cropped to a square around its centre, and its metadata (place, camera, date) is removed.',
	'profile.photo_upload': 'Save the photo',
	'profile.photo_remove': 'Remove my photo',
	'profile.photo_saved': 'Your photo is saved.',
	'profile.photo_removed': 'Your photo is removed.',
	'profile.photo_missing': 'Choose an image file.',
	'profile.photo_too_large': 'This file is too large: 5 MB at most.',
	'profile.photo_not_image': 'This file is not a readable JPEG, PNG, WebP or AVIF image.',
	'profile.photo_heic':
		'HEIC photos (iPhone) cannot be read here: save it as JPEG, or choose “Most Compatible” in Settings › Camera › Formats.',
	'profile.photo_too_many_pixels':
		'This image has too many pixels (over 50 million): make it smaller before sending it.',
	'directory.job_title': 'Job title',
	'directory.phone': 'Phone',
	'directory.call': 'Call {name} on {phone}',
	'directory.photo_remove': 'Remove the photo',
	'directory.photo_remove_hint':
		'As an administrator, you may remove a photo that has no place here; the person may put up another one.',
	'directory.photo_remove_confirm': 'Remove the photo of {name}?',
	'directory.photo_removed': 'The photo is removed.'
} satisfies { [K in keyof typeof fr]: Message };
