export const MAX_BLOB_BYTES = 2 * 1024 * 1024;
