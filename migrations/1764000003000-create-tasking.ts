import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tasks and what hangs off them (progress reports, created resources, groups, schedules), with
 * Pulp's insert trigger: the database stamps `pulp_created`, serialising inserts that share a
 * resource through advisory locks so that per-resource order is the insert order. Beyond Pulp, the
 * trigger marks a task unblocked at once when no earlier incomplete task conflicts with it, so the
 * common, uncontended task needs no unblocker run at all.
 */
export class CreateTasking1764000003000 implements MigrationInterface {
  name = 'CreateTasking1764000003000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // A version-7 UUID made by the database (PostgreSQL < 18 has none built in): a v4 with its first
    // 48 bits replaced by the Unix time in milliseconds and its version nibble set to 7.
    await queryRunner.query(`
      CREATE FUNCTION pulp_uuid7() RETURNS uuid LANGUAGE sql VOLATILE AS $$
        SELECT encode(
          set_bit(set_bit(overlay(uuid_send(gen_random_uuid())
            PLACING substring(int8send(floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3)
            FROM 1 FOR 6), 52, 1), 53, 1), 'hex')::uuid
      $$`);
    await queryRunner.query(`
      CREATE TABLE core_taskgroup (
        pulp_id uuid PRIMARY KEY,
        pulp_created timestamptz NOT NULL DEFAULT now(),
        pulp_last_updated timestamptz NOT NULL DEFAULT now(),
        description text NOT NULL,
        all_tasks_dispatched boolean NOT NULL DEFAULT false,
        pulp_domain_id uuid NOT NULL REFERENCES core_domain ON DELETE CASCADE
      )`);
    await queryRunner.query(`
      CREATE TABLE core_task (
        pulp_id uuid PRIMARY KEY DEFAULT pulp_uuid7(),
        pulp_created timestamptz NOT NULL DEFAULT clock_timestamp(),
        pulp_last_updated timestamptz NOT NULL DEFAULT now(),
        state text NOT NULL CHECK (state IN ('waiting', 'skipped', 'running', 'completed', 'failed', 'canceled', 'canceling')),
        name text NOT NULL,
        logging_cid text NOT NULL DEFAULT '',
        unblocked_at timestamptz,
        started_at timestamptz,
        finished_at timestamptz,
        error jsonb,
        args jsonb NOT NULL DEFAULT '[]',
        kwargs jsonb NOT NULL DEFAULT '{}',
        app_lock_id uuid REFERENCES core_appstatus ON DELETE SET NULL,
        parent_task_id uuid REFERENCES core_task ON DELETE SET NULL,
        task_group_id uuid REFERENCES core_taskgroup ON DELETE SET NULL,
        reserved_resources_record text[] NOT NULL DEFAULT '{}',
        pulp_domain_id uuid NOT NULL REFERENCES core_domain ON DELETE CASCADE,
        versions jsonb NOT NULL DEFAULT '{}',
        profile_options text[],
        immediate boolean NOT NULL DEFAULT false,
        deferred boolean NOT NULL DEFAULT true,
        result jsonb,
        pulp_api_version text NOT NULL DEFAULT 'v3',
        created_by_id integer REFERENCES auth_user ON DELETE SET NULL
      )`);
    await queryRunner.query('CREATE INDEX core_task_pulp_created ON core_task (pulp_created)');
    await queryRunner.query('CREATE INDEX core_task_state_created ON core_task (state, pulp_created)');
    await queryRunner.query('CREATE INDEX core_task_logging_cid ON core_task (logging_cid)');
    await queryRunner.query('CREATE INDEX core_task_app_lock ON core_task (app_lock_id)');
    await queryRunner.query('CREATE INDEX core_task_parent ON core_task (parent_task_id)');
    await queryRunner.query('CREATE INDEX core_task_group ON core_task (task_group_id)');
    // Only incomplete tasks take part in resource conflicts: keep that index small.
    await queryRunner.query(`
      CREATE INDEX pulp_task_resources_index ON core_task USING gin (reserved_resources_record)
      WHERE state IN ('waiting', 'running', 'canceling')`);
    await queryRunner.query(`
      CREATE INDEX core_task_blocked ON core_task (pulp_created)
      WHERE state IN ('waiting', 'canceling') AND unblocked_at IS NULL`);
    await queryRunner.query(`
      CREATE INDEX core_task_ready ON core_task (pulp_created)
      WHERE state IN ('waiting', 'running', 'canceling') AND unblocked_at IS NOT NULL AND app_lock_id IS NULL`);
    await queryRunner.query(`
      CREATE FUNCTION core_task_before_insert() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        bare text[];
        exclusive text[];
        conflicts text[];
        key integer;
      BEGIN
        SELECT coalesce(array_agg(DISTINCT regexp_replace(r, '^shared:', '')), '{}') INTO bare
          FROM unnest(NEW.reserved_resources_record) AS r;
        FOR key IN SELECT DISTINCT hashtext(b) AS h FROM unnest(bare) AS b ORDER BY h LOOP
          PERFORM pg_advisory_xact_lock(4711, key);
        END LOOP;
        NEW.pulp_created := clock_timestamp();
        IF EXISTS (
          SELECT 1 FROM core_task
           WHERE state IN ('waiting', 'running', 'canceling')
             AND pulp_created >= NEW.pulp_created
             AND reserved_resources_record && (bare || array(SELECT 'shared:' || b FROM unnest(bare) AS b))
        ) THEN
          RAISE EXCEPTION 'Clock screw detected.';
        END IF;
        -- Earlier holders that block this task: any holder of its exclusive names, exclusive holders of its shared ones.
        SELECT coalesce(array_agg(r), '{}') INTO exclusive FROM unnest(NEW.reserved_resources_record) AS r
         WHERE r NOT LIKE 'shared:%';
        conflicts := exclusive || array(SELECT 'shared:' || e FROM unnest(exclusive) AS e)
                  || array(SELECT substr(r, 8) FROM unnest(NEW.reserved_resources_record) AS r WHERE r LIKE 'shared:%');
        IF NEW.state = 'waiting' AND NOT EXISTS (
          SELECT 1 FROM core_task
           WHERE state IN ('waiting', 'running', 'canceling')
             AND pulp_created < NEW.pulp_created
             AND reserved_resources_record && conflicts
        ) THEN
          NEW.unblocked_at := clock_timestamp();
        END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER core_task_stamp BEFORE INSERT ON core_task
      FOR EACH ROW EXECUTE FUNCTION core_task_before_insert()`);
    await queryRunner.query(`
      CREATE FUNCTION core_task_keep_created() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'Updating pulp_created is not allowed.';
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER core_task_created_immutable BEFORE UPDATE ON core_task
      FOR EACH ROW WHEN (OLD.pulp_created <> NEW.pulp_created) EXECUTE FUNCTION core_task_keep_created()`);
    await queryRunner.query(`
      CREATE TABLE core_progressreport (
        pulp_id uuid PRIMARY KEY DEFAULT pulp_uuid7(),
        pulp_created timestamptz NOT NULL DEFAULT now(),
        pulp_last_updated timestamptz NOT NULL DEFAULT now(),
        message text NOT NULL,
        code text NOT NULL,
        state text NOT NULL DEFAULT 'waiting',
        total integer,
        done integer NOT NULL DEFAULT 0,
        suffix text,
        task_id uuid NOT NULL REFERENCES core_task ON DELETE CASCADE
      )`);
    await queryRunner.query('CREATE INDEX core_progressreport_task ON core_progressreport (task_id)');
    await queryRunner.query(`
      CREATE TABLE core_createdresource (
        pulp_id uuid PRIMARY KEY DEFAULT pulp_uuid7(),
        pulp_created timestamptz NOT NULL DEFAULT now(),
        pulp_last_updated timestamptz NOT NULL DEFAULT now(),
        task_id uuid NOT NULL REFERENCES core_task ON DELETE CASCADE,
        prn text NOT NULL,
        api_path text NOT NULL
      )`);
    await queryRunner.query('CREATE INDEX core_createdresource_task ON core_createdresource (task_id)');
    await queryRunner.query('CREATE INDEX core_createdresource_prn ON core_createdresource (prn)');
    await queryRunner.query(`
      CREATE TABLE core_taskschedule (
        pulp_id uuid PRIMARY KEY,
        pulp_created timestamptz NOT NULL DEFAULT now(),
        pulp_last_updated timestamptz NOT NULL DEFAULT now(),
        name text NOT NULL,
        next_dispatch timestamptz DEFAULT now(),
        dispatch_interval interval,
        task_name text NOT NULL,
        task_args jsonb NOT NULL DEFAULT '[]',
        task_kwargs jsonb NOT NULL DEFAULT '{}',
        last_task_id uuid REFERENCES core_task ON DELETE SET NULL,
        pulp_domain_id uuid NOT NULL REFERENCES core_domain ON DELETE CASCADE,
        UNIQUE (name, pulp_domain_id)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'DROP TABLE core_taskschedule, core_createdresource, core_progressreport, core_task, core_taskgroup',
    );
    await queryRunner.query('DROP FUNCTION core_task_before_insert(), core_task_keep_created(), pulp_uuid7()');
  }
}
