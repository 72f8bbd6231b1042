import { definePlugin } from '@pulp/plugin-api';
import { FileApiModule } from './api/file-api.module';
import { SYNCHRONIZE_TASK } from './file-tasks';
import { PUBLISH_TASK } from './api/file-publications';
import { CreateFileTables1764100000000 } from './migrations/1764100000000-create-file-tables';
import { FILE_DETAIL_TYPES } from './file-types';
import { FileServingModule } from './serving/file-serving.module';
import { FileWorkerModule } from './worker/file-worker.module';
import { FILE_RBAC } from './rbac';

/** pulp_file: plain files, synced from a PULP_MANIFEST, published with one, served as they are. */
export const filePlugin = definePlugin({
  label: 'file',
  version: '3.102.0',
  packageName: 'pulpcore',
  module: 'pulp_file.app',
  domainCompatible: true,
  migrations: [CreateFileTables1764100000000],
  taskNames: [SYNCHRONIZE_TASK, PUBLISH_TASK],
  detailTypes: FILE_DETAIL_TYPES,
  rbac: FILE_RBAC,
  modules: { api: FileApiModule, content: FileServingModule, worker: FileWorkerModule },
});
