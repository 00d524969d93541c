/**
 * Upload ids as they are stored: in lower case, as PostgreSQL writes a uuid, each once, in their first order. The
 * sweep of unused uploads finds an upload by its id's text in what names it (docs/api.md "Uploads"), so an id kept
 * in upper case (a valid UUID a client sent so) left its upload to be removed while its case still showed it.
 */
export function uploadIds(...lists: (readonly string[] | undefined)[]): string[] {
  return [...new Set(lists.flatMap((ids) => ids ?? []).map((id) => id.toLowerCase()))];
}
