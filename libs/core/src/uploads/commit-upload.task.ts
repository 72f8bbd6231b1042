import { Injectable } from '@nestjs/common';
import { TaskHandler, type TaskContext } from '@pulp/tasking';
import { UploadCommits } from './upload-commits';

export const COMMIT_TASK = 'pulpcore.app.tasks.upload.commit';

/** Pulp's upload commit: the chunks, in order, become one artifact; the upload is then deleted. */
@Injectable()
export class CommitUploadTask {
  constructor(private readonly commits: UploadCommits) {}

  @TaskHandler(COMMIT_TASK)
  async commit(context: TaskContext): Promise<null> {
    const artifact = await this.commits.commit(context, String(context.kwargs.upload_pk), {
      sha256: String(context.kwargs.sha256),
    });
    await context.createdResource(`prn:core.artifact:${artifact.pulp_id}`, `artifacts/${artifact.pulp_id}/`);
    return null;
  }
}
