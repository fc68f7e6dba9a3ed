/** npm names are case-sensitive identities as published; nothing to fold. */
export function normaliseNpmName(name: string): string {
  return name.trim();
}
