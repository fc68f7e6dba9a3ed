import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import { strToU8, zipSync } from "fflate";

/**
 * A gzipped ustar archive with every file under `root/` (`package/` is what `npm pack` writes,
 * `name-version/` what a Python sdist holds), built in memory so tests need no packing tool.
 */
export function tarGz(root: string, files: Record<string, string>): Buffer {
  const blocks: Buffer[] = [];
  for (const [name, content] of Object.entries(files)) {
    const body = Buffer.from(content, "utf8");
    blocks.push(tarHeader(`${root}/${name}`, body.length), body);
    blocks.push(Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(blocks));
}

function tarHeader(path: string, size: number): Buffer {
  if (Buffer.byteLength(path) > 100) throw new Error(`tar path too long for a test archive: ${path}`);
  const header = Buffer.alloc(512);
  const octal = (value: number, width: number) => `${value.toString(8).padStart(width - 1, "0")}\0`;
  header.write(path, 0, 100, "utf8");
  header.write(octal(0o644, 8), 100, 8, "ascii");
  header.write(octal(0, 8), 108, 8, "ascii");
  header.write(octal(0, 8), 116, 8, "ascii");
  header.write(octal(size, 12), 124, 12, "ascii");
  // npm's fixed mtime for reproducible packs.
  header.write(octal(Math.floor(Date.UTC(1985, 9, 26) / 1000), 12), 136, 12, "ascii");
  header.write("        ", 148, 8, "ascii"); // the checksum counts its own field as spaces
  header.write("0", 156, 1, "ascii");
  header.write("ustar\0", 257, 6, "ascii");
  header.write("00", 263, 2, "ascii");
  let checksum = 0;
  for (const byte of header) checksum += byte;
  header.write(`${checksum.toString(8).padStart(6, "0")}\0 `, 148, 8, "ascii");
  return header;
}

export interface WheelSpec {
  /** The name as published; the file name escapes runs of `-`, `_` and `.` as `_`. */
  name: string;
  version: string;
  /** Files by path inside the wheel (`foo/__init__.py`). */
  files: Record<string, string>;
  /** METADATA lines after Name and Version (`Requires-Dist: idna>=2.5`, `License: MIT`). */
  metadata?: string[];
  /** Compatibility tag. Default `py3-none-any`. */
  tag?: string;
}

/** A pure-Python wheel pip can install: the files plus `*.dist-info/{METADATA,WHEEL,RECORD}`. */
export function buildWheel(spec: WheelSpec): { filename: string; bytes: Uint8Array } {
  const tag = spec.tag ?? "py3-none-any";
  const stem = `${spec.name.replace(/[-_.]+/g, "_")}-${spec.version}`;
  const info = `${stem}.dist-info`;
  const metadata = ["Metadata-Version: 2.1", `Name: ${spec.name}`, `Version: ${spec.version}`];
  const files: Record<string, Uint8Array> = {};
  for (const [path, content] of Object.entries(spec.files)) files[path] = strToU8(content);
  files[`${info}/METADATA`] = strToU8(`${[...metadata, ...(spec.metadata ?? [])].join("\n")}\n`);
  files[`${info}/WHEEL`] = strToU8(
    `Wheel-Version: 1.0\nGenerator: lockkeeper-test\nRoot-Is-Purelib: true\nTag: ${tag}\n`,
  );
  const record = Object.entries(files).map(
    ([path, bytes]) =>
      `${path},sha256=${createHash("sha256").update(bytes).digest("base64url")},${bytes.length}`,
  );
  files[`${info}/RECORD`] = strToU8(`${[...record, `${info}/RECORD,,`].join("\n")}\n`);
  return { filename: `${stem}-${tag}.whl`, bytes: zipSync(files) };
}
