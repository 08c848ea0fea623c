/** The shape of every id we mint (datasets, sources, jobs): safe in file names, URLs and IPC. */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
