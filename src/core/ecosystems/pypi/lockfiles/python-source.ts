/**
 * pip's direct-reference spelling of a git checkout, `git+<repository>@<commit>`, with
 * `#subdirectory=` when the package lives below the repository root. Poetry and uv each record
 * git sources their own way; one spelling keeps them comparable across formats.
 */
export function gitSourceUrl(repository: string, revision?: string, subdirectory?: string): string {
  const base = repository.startsWith("git+") ? repository : `git+${repository}`;
  const withRevision = revision ? `${base}@${revision}` : base;
  return subdirectory ? `${withRevision}#subdirectory=${subdirectory}` : withRevision;
}
