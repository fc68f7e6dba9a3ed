import type { ProjectFiles } from "../../../files/project-files.js";
import { staleLockWarning } from "../../../inventory/stale-lock.js";
import { normalisePypiName } from "../names.js";
import { pep440Versioning } from "../versioning.js";
import { pathCandidates } from "./layering.js";
import { parseRequirementsDocument } from "./requirements-document.js";

interface Declared {
  /** The specifier as written (`>=2.0,<3`); empty for a bare name. */
  specifier: string;
  seen: boolean;
}

/**
 * The `.in` inputs a pip-compile lock names in its `# via -r main.in` annotations: the ranges the
 * project declares (what `lk outdated` wants within), and whether the lock is still what
 * pip-compile would write from them (every input requirement locked, each pin inside its range).
 */
export class InputRanges {
  private readonly inputs = new Map<string, { path: string; declared: Map<string, Declared> } | undefined>();
  private readonly differences: string[] = [];

  constructor(private readonly files: ProjectFiles) {}

  /**
   * The range an input declares for a locked package, noting a pin outside it; undefined when the
   * input cannot be read, does not name the package, or names it without a specifier.
   */
  rangeOf(lockPath: string, written: string, name: string, version: string | undefined): string | undefined {
    const input = this.input(lockPath, written);
    const declared = input?.declared.get(normalisePypiName(name));
    if (!input || !declared) return undefined;
    declared.seen = true;
    if (declared.specifier === "") return undefined;
    if (
      version !== undefined &&
      pep440Versioning.isValid(version) &&
      !pep440Versioning.satisfies(version, declared.specifier)
    )
      this.differences.push(`${name} ${version} is outside ${declared.specifier} of ${input.path}`);
    return declared.specifier;
  }

  /** One warning naming every difference, or undefined when the lock matches its inputs. */
  staleness(): string | undefined {
    for (const input of this.inputs.values())
      for (const [name, declared] of input?.declared ?? [])
        if (!declared.seen) this.differences.push(`${name} of ${input?.path} is not in the lock`);
    return staleLockWarning("its inputs", "pip-compile", this.differences);
  }

  private input(lockPath: string, written: string) {
    const key = `${lockPath}\0${written}`;
    if (this.inputs.has(key)) return this.inputs.get(key);
    let found: { path: string; declared: Map<string, Declared> } | undefined;
    for (const path of pathCandidates(lockPath, written, true)) {
      const text = this.files.readText(path);
      if (text === undefined) continue;
      const declared = new Map<string, Declared>();
      for (const { requirement } of parseRequirementsDocument(text).entries)
        if (requirement.name !== undefined && requirement.url === undefined)
          declared.set(normalisePypiName(requirement.name), {
            specifier: requirement.specifier ?? "",
            seen: false,
          });
      found = { path, declared };
      break;
    }
    this.inputs.set(key, found);
    return found;
  }
}
