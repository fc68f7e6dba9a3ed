/**
 * The length rules of passwords, apart from the hashing so that the configuration can check
 * LK_ADMIN_PASSWORD without loading hash-wasm.
 */
export const PASSWORD_MIN_LENGTH = 12;
/** Long passphrases are welcome; a megabyte "password" is a way to burn the server's CPU. */
export const PASSWORD_MAX_LENGTH = 1024;
