import { isLockkeeperError } from "../errors.js";

/**
 * Registry failures as warnings, once per registry and problem: the same outage seen from many
 * package URLs is one warning. `note` records an error when it is a NETWORK one (a registry that
 * did not answer or answered with an error) and says whether it was.
 */
export class RegistryWarnings {
  readonly messages: string[] = [];
  private readonly seen = new Set<string>();

  note(error: unknown): boolean {
    if (!isLockkeeperError(error) || error.code !== "NETWORK") return false;
    // The URL in parentheses differs per package; the registry and the problem do not.
    const key = error.message.replace(/ \([^)]*\)/, "");
    if (!this.seen.has(key)) {
      this.seen.add(key);
      this.messages.push(error.message);
    }
    return true;
  }
}
