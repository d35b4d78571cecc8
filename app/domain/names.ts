/**
 * A project's names shown together without saying the short name twice: "FLOW" and "FLOW –
 * Suomea ja sosiaalisia taitoja työelämään" make one heading "FLOW – Suomea ja …", not
 * "FLOW – FLOW – Suomea ja …".
 */

/** The part of the name that does not repeat the short name (empty when nothing is left). */
export function nameBesideShort(shortName: string, name: string): string {
  if (name === shortName) return "";
  const rest = name.startsWith(shortName) ? name.slice(shortName.length).replace(/^\s*[–—:-]?\s*/, "") : name;
  return rest === name ? name : rest;
}

/** "SHORT – rest of the name", or the short name alone. */
export function projectTitle(shortName: string, name: string): string {
  const rest = nameBesideShort(shortName, name);
  return rest ? `${shortName} – ${rest}` : shortName;
}
