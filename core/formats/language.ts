// OpenAI names a transcript's language in English ("english"); many vendors
// give an ISO 639 code ("en", "eng"). One mapping for every adapter.
const LANGUAGE_NAMES = new Intl.DisplayNames(['en'], { type: 'language' });

export function languageName(code: string): string {
  try {
    const name = LANGUAGE_NAMES.of(code);
    return name && name !== code ? name.toLowerCase() : code;
  } catch {
    return code; // not a language code Intl knows
  }
}
