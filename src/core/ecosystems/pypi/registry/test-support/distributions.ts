import { buildWheel as buildWheelFile, tarGz } from "../../../../../test-support/archives.js";

/** A Python distribution for tests, built in memory as a real wheel or sdist pip can install. */
export interface PythonDistribution {
  /** The name as published, any spelling (`Foo_Bar`); file names keep it (wheels escape `-`/`.`). */
  name: string;
  version: string;
  kind: "wheel" | "sdist";
  /** Source files by path (`foo_bar/__init__.py`). Default: one package with `__version__`. */
  files?: Record<string, string>;
  /** `Requires-Dist` entries (`idna>=2.5`, `pysocks; extra == "socks"`), read by pip's resolver. */
  requires?: string[];
  /** `Requires-Python` in the metadata. */
  requiresPython?: string;
  /** `License` in the metadata. */
  license?: string;
}

/** A built file: its name on the index and its bytes. */
export interface BuiltFile {
  filename: string;
  bytes: Uint8Array;
}

/** The module a distribution installs by default: `Foo-Bar` → `foo_bar`. */
export function moduleName(name: string): string {
  return name.replace(/[-_.]+/g, "_").toLowerCase();
}

/**
 * A wheel (`py3-none-any`), or a `.tar.gz` sdist with `PKG-INFO` and a `pyproject.toml` whose
 * in-tree backend builds that wheel.
 */
export function buildDistribution(dist: PythonDistribution): BuiltFile {
  return dist.kind === "wheel" ? buildWheel(dist) : buildSdist(dist);
}

function sourceFiles(dist: PythonDistribution): Record<string, string> {
  return dist.files ?? { [`${moduleName(dist.name)}/__init__.py`]: `__version__ = "${dist.version}"\n` };
}

/** Core metadata after Name and Version, the same in the wheel's METADATA and the sdist's PKG-INFO. */
function metadataLines(dist: PythonDistribution): string[] {
  return [
    ...(dist.requiresPython ? [`Requires-Python: ${dist.requiresPython}`] : []),
    ...(dist.license ? [`License: ${dist.license}`] : []),
    ...(dist.requires ?? []).map((requirement) => `Requires-Dist: ${requirement}`),
  ];
}

function coreMetadata(dist: PythonDistribution): string {
  const lines = ["Metadata-Version: 2.1", `Name: ${dist.name}`, `Version: ${dist.version}`];
  return `${[...lines, ...metadataLines(dist)].join("\n")}\n`;
}

function buildWheel(dist: PythonDistribution): BuiltFile {
  return buildWheelFile({
    name: dist.name,
    version: dist.version,
    files: sourceFiles(dist),
    metadata: metadataLines(dist),
  });
}

function buildSdist(dist: PythonDistribution): BuiltFile {
  const stem = `${dist.name}-${dist.version}`;
  const pyproject = [
    "[build-system]",
    // An in-tree backend that needs nothing installed: pip builds these offline, isolated or not.
    "requires = []",
    `build-backend = "${BACKEND_MODULE}"`,
    'backend-path = ["."]',
    "",
    "[project]",
    `name = ${JSON.stringify(dist.name)}`,
    `version = ${JSON.stringify(dist.version)}`,
    `dependencies = ${JSON.stringify(dist.requires ?? [])}`,
    ...(dist.requiresPython ? [`requires-python = ${JSON.stringify(dist.requiresPython)}`] : []),
    "",
  ].join("\n");
  const entries: Record<string, string> = {
    "PKG-INFO": coreMetadata(dist),
    "pyproject.toml": pyproject,
    [`${BACKEND_MODULE}.py`]: BACKEND_SOURCE,
    ...sourceFiles(dist),
  };
  return { filename: `${stem}.tar.gz`, bytes: tarGz(stem, entries) };
}

const BACKEND_MODULE = "lk_test_backend";

/**
 * A PEP 517 backend that packs the sdist's sources into a `py3-none-any` wheel with `PKG-INFO`
 * as its METADATA. setuptools cannot stand in: without the `wheel` package (absent here, and
 * not installable offline) it fails to prepare metadata.
 */
const BACKEND_SOURCE = `"""PEP 517 backend of Lockkeeper's test sdists: the sources as they are, PKG-INFO as METADATA."""
import base64
import hashlib
import os
import re
import zipfile

OWN_FILES = {"PKG-INFO", "pyproject.toml", "${BACKEND_MODULE}.py"}


def _metadata():
    with open("PKG-INFO", encoding="utf-8") as handle:
        return handle.read()


def _stem(metadata):
    fields = dict(line.split(": ", 1) for line in metadata.splitlines() if ": " in line)
    return re.sub(r"[-_.]+", "_", fields["Name"]) + "-" + fields["Version"]


def get_requires_for_build_wheel(config_settings=None):
    return []


def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    metadata = _metadata()
    info = _stem(metadata) + ".dist-info"
    os.makedirs(os.path.join(metadata_directory, info), exist_ok=True)
    with open(os.path.join(metadata_directory, info, "METADATA"), "w", encoding="utf-8") as handle:
        handle.write(metadata)
    return info


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    metadata = _metadata()
    stem = _stem(metadata)
    info = stem + ".dist-info"
    files = {}
    for root, dirs, names in os.walk("."):
        dirs[:] = [name for name in dirs if name != "__pycache__"]
        for name in names:
            path = os.path.relpath(os.path.join(root, name), ".").replace(os.sep, "/")
            if path not in OWN_FILES:
                with open(path, "rb") as handle:
                    files[path] = handle.read()
    files[info + "/METADATA"] = metadata.encode("utf-8")
    files[info + "/WHEEL"] = b"Wheel-Version: 1.0\\nGenerator: lockkeeper-test\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n"
    record = []
    for path, data in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        record.append(f"{path},sha256={digest},{len(data)}")
    record.append(info + "/RECORD,,")
    files[info + "/RECORD"] = ("\\n".join(record) + "\\n").encode("utf-8")
    filename = stem + "-py3-none-any.whl"
    with zipfile.ZipFile(os.path.join(wheel_directory, filename), "w") as archive:
        for path, data in files.items():
            archive.writestr(path, data)
    return filename
`;
