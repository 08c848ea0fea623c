import path from 'node:path';

/** Where a dataset lives on disk (docs/dataset-format.md): `<dir>/<id>.callsight.sqlite`. */
export const DATASET_SUFFIX = '.callsight.sqlite';

export const datasetPath = (datasetsDir: string, id: string): string => path.join(datasetsDir, `${id}${DATASET_SUFFIX}`);

/** An import writes here and renames to the final path only when complete. */
export const partialPathOf = (finalPath: string): string => `${finalPath}.partial`;
