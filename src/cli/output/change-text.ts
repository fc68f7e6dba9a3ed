import type { PackageChange, PackageSide } from "../../core/history/dependency-changes.js";

/** A side's version as shown: the exact version, else the declared requirement, else where it installs from. */
export function sideVersion(side: PackageSide | undefined): string {
  if (!side) return "";
  return (
    side.version ??
    (side.requirement
      ? `(${side.requirement})`
      : (side.source?.url ?? (side.source ? `(${side.source.kind})` : "")))
  );
}

/** The scope after the change (before it for a removal), with the move when it changed (`dev → prod`). */
export function changeScope(change: PackageChange): string {
  return moved(change.from?.scope, change.to?.scope);
}

/** `direct` or `transitive`, with the move when it changed. */
export function changeType(change: PackageChange): string {
  const type = (side: PackageSide | undefined) =>
    side === undefined ? undefined : side.direct ? "direct" : "transitive";
  return moved(type(change.from), type(change.to));
}

function moved(from: string | undefined, to: string | undefined): string {
  if (from !== undefined && to !== undefined && from !== to) return `${from} → ${to}`;
  return to ?? from ?? "";
}
