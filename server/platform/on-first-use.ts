/**
 * A module only some requests need (the spreadsheet and Word writers, the HTML sanitiser, the mail
 * client), imported by the first of them instead of at start: a server that is never asked for an
 * export does not hold exceljs (some 25 MiB resident), docx or sanitize-html. Concurrent first
 * callers share one import; a failed import is tried again by the next caller.
 */
export function onFirstUse<M>(load: () => Promise<M>): () => Promise<M> {
  let loading: Promise<M> | null = null;
  return () =>
    (loading ??= load().catch((err: unknown) => {
      loading = null;
      throw err;
    }));
}
