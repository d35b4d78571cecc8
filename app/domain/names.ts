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

/**
 * A key that sorts names in Finnish alphabetical order under plain binary comparison (SQLite's
 * default collation): case folded, accents dropped (é → e, ü → y as in Finnish), and å, ä, ö
 * after z in that order. Stored beside the name so that a database index can sort by it.
 */
export function finnishSortKey(name: string): string {
  return name
    .toLocaleLowerCase("fi")
    .replace(/ü/g, "y")
    .replace(/å/g, "\uFFF1")
    .replace(/ä/g, "\uFFF2")
    .replace(/ö/g, "\uFFF3")
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .trim();
}
