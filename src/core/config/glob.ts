/**
 * Minimal glob matching for config paths: `**` crosses directories, `*` and `?` do not.
 * A pattern without a slash matches a name at any depth (as .gitignore does).
 */
export function globMatcher(patterns: readonly string[]): (path: string) => boolean {
  if (patterns.length === 0) return () => false;
  const regexes = patterns.map(globToRegExp);
  return (path) => regexes.some((regex) => regex.test(path));
}

function globToRegExp(pattern: string): RegExp {
  let glob = pattern.replace(/^\.\//, "").replace(/\/+$/, "");
  if (!glob.includes("/")) glob = `**/${glob}`;
  let source = "";
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i] as string;
    if (char === "*" && glob[i + 1] === "*") {
      // `**/` matches zero or more directories; a trailing `**` matches everything below.
      if (glob[i + 2] === "/") {
        source += "(?:.*/)?";
        i += 2;
      } else {
        source += ".*";
        i += 1;
      }
    } else if (char === "*") source += "[^/]*";
    else if (char === "?") source += "[^/]";
    else source += char.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  // A directory pattern also covers everything inside it.
  return new RegExp(`^${source}(?:/.*)?$`);
}
