import { ApiError, authHeaders, NetworkError } from './api';

/**
 * Saves the file `url` answers, asked with the session's token and in the page's language. A plain
 * link sends neither (the token is kept by the page, not in a cookie): a members-only event's
 * calendar file or material was refused, and a calendar file came in the browser's language rather
 * than the site's. `filename` is used when the answer names none.
 */
export async function downloadFile(url: string, filename: string): Promise<void> {
  let response: Response;
  try {
    response = await fetch(url, { headers: authHeaders() });
  } catch {
    throw new NetworkError('download');
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { error?: { code: string; message: string } };
    if (body.error) throw new ApiError(body.error.code, body.error.message);
    throw new NetworkError(`HTTP ${response.status}`);
  }
  const href = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = href;
  link.download = filenameIn(response.headers.get('content-disposition')) ?? filename;
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has taken the file by the time the page is used again.
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
}

/** The file name a `Content-Disposition` header gives (its UTF-8 form first), if any. */
export function filenameIn(header: string | null): string | undefined {
  if (!header) return undefined;
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(header)?.[1];
  if (encoded) {
    try {
      return decodeURIComponent(encoded);
    } catch {
      // Badly encoded: the plain form below, if any.
    }
  }
  return /filename="([^"]*)"/i.exec(header)?.[1];
}
