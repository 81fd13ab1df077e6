/**
 * True when the code of a page could not be downloaded: the network is gone, or the site was
 * deployed again and this tab asks for chunks that no longer exist. Reloading the page fetches the
 * current ones. Browsers word it differently: Chromium, Firefox, Safari, then Vite's CSS preload.
 */
const CHUNK_FAILURE =
  /Failed to fetch dynamically imported module|error loading dynamically imported module|Importing a module script failed|Unable to preload CSS|Loading (?:CSS )?chunk [\w-]+ failed/i;

export function isChunkLoadError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return error.name === 'ChunkLoadError' || CHUNK_FAILURE.test(error.message);
}
