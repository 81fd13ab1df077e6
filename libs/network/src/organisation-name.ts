/**
 * A name as stored and compared: trimmed, and composed (NFC), so that "é" typed as one character or as
 * "e" and an accent is one name, which the unique index then holds once. Case is left alone: the unique
 * index compares lower(name).
 */
export const organisationSpelling = (raw: string): string => raw.trim().normalize('NFC');

/** The fewest characters an organisation's name may have, trimmed. */
export const ORGANISATION_NAME_MIN_LENGTH = 2;

/** The most characters an organisation's name may have as stored (its column's length). */
export const ORGANISATION_NAME_MAX_LENGTH = 200;

/**
 * Whether `raw` is too long for an organisation's name as it would be stored (`organisationSpelling`):
 * composing lengthens some text ("क़", U+0958, is two characters once composed), so a name within the
 * limit as typed may not be within it as stored, where the column would refuse it.
 */
export const organisationNameTooLong = (raw: string): boolean =>
  [...organisationSpelling(raw)].length > ORGANISATION_NAME_MAX_LENGTH;
