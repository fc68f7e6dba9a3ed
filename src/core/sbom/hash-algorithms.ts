import type { HashAlgorithm } from "../model/types.js";

/** How CycloneDX names the hash algorithms (`hashes[].alg`). */
export const CYCLONEDX_HASH_ALGORITHMS: Record<HashAlgorithm, string> = {
  md5: "MD5",
  sha1: "SHA-1",
  sha256: "SHA-256",
  sha384: "SHA-384",
  sha512: "SHA-512",
};

/** How SPDX names them (`checksums[].algorithm`). */
export const SPDX_HASH_ALGORITHMS: Record<HashAlgorithm, string> = {
  md5: "MD5",
  sha1: "SHA1",
  sha256: "SHA256",
  sha384: "SHA384",
  sha512: "SHA512",
};
