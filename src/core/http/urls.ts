/** A URL without user, password or token-like query parameters, for messages, logs and cache keys. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.username) parsed.username = "***";
    if (parsed.password) parsed.password = "***";
    for (const key of [...parsed.searchParams.keys()]) {
      if (/token|key|secret|auth|password/i.test(key)) parsed.searchParams.set(key, "***");
    }
    return parsed.toString();
  } catch {
    return maskCredentials(url);
  }
}

/** Free text with the credentials of any `scheme://user:password@host` in it masked (fetch quotes URLs in its errors). */
export function maskCredentials(text: string): string {
  return text.replace(/(\/\/)[^/@\s]+@/g, "$1***@");
}

/**
 * The URL without its user and password, and those as a Basic credential: fetch refuses URLs
 * with credentials, so `https://user:pass@host` is sent as Basic authentication instead.
 */
export function splitCredentials(url: string): { plainUrl: string; basic?: string } {
  try {
    const parsed = new URL(url);
    if (!parsed.username && !parsed.password) return { plainUrl: url };
    const basic = Buffer.from(
      `${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`,
    ).toString("base64");
    parsed.username = "";
    parsed.password = "";
    return { plainUrl: parsed.toString(), basic };
  } catch {
    return { plainUrl: url };
  }
}

/** The base URL without trailing slashes, so paths can be appended with one. */
export function trimBaseUrl(url: string): string {
  return url.replace(/\/+$/, "");
}
