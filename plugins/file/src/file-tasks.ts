/** The file plugin's task names: Pulp's, since clients filter tasks on them. */
export const SYNCHRONIZE_TASK = 'pulp_file.app.tasks.synchronizing.synchronize';
