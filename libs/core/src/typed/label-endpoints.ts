import { HttpCode, Param, Post, type Type } from '@nestjs/common';
import { ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import type { Sql } from '@pulp/database';
import { MemberPlaceholder, ANY_BODY } from '@pulp/http';
import { canonicalJson } from '@pulp/rbac';
import { PulpBody } from '@pulp/rest';
import { SetLabelDto, SetLabelResponse, UnsetLabelDto, UnsetLabelResponse } from './labels.dto';
import { setLabel, unsetLabel } from './labels';

/** What a typed controller gives its label endpoints: its rows' table and a 404 for a missing object. */
export interface Labelled {
  readonly sql: Sql;
  /** Resolves when the object exists, else throws Pulp's 404. */
  found(pk: string): Promise<unknown>;
  /** Throws Pulp's 400 when the object's labels may not change (the `default` domain's); absent: they may. */
  refuseLabelChange?(object: unknown): void;
}

/**
 * A base class with `<member>set_label/` and `<member>unset_label/` (Pulp's `_set_label` and
 * `_unset_label`) for the objects of `table`; `status` is what Pulp's schema declares for the type
 * (201 for repositories, 200 for distributions).
 */
export function LabelEndpoints(options: {
  table: string;
  operationPrefix: string;
  placeholder: string;
  status: 200 | 201;
}): Type<Labelled> {
  const Answered = options.status === 201 ? ApiCreatedResponse : ApiOkResponse;

  // The subclass's member placeholder does not reach the operations it inherits: declared here too.
  @MemberPlaceholder(options.placeholder)
  abstract class LabelEndpointsBase implements Labelled {
    abstract readonly sql: Sql;
    abstract found(pk: string): Promise<unknown>;
    refuseLabelChange?(object: unknown): void;

    @Post(':pulp_id/set_label')
    @HttpCode(options.status)
    @ApiOperation({
      operationId: `${options.operationPrefix}_set_label`,
      summary: 'Set a label',
      description: 'Set a single pulp_label on the object to a specific value or null.',
    })
    @ApiConsumes(...ANY_BODY)
    @Answered({ type: SetLabelResponse, description: '' })
    async setLabel(@Param('pulp_id') pk: string, @PulpBody() body: SetLabelDto): Promise<SetLabelResponse> {
      this.refuseLabelChange?.(await this.found(pk));
      await setLabel(this.sql, options.table, pk, body.key, body.value ?? null);
      return { key: body.key, value: body.value ?? null };
    }

    @Post(':pulp_id/unset_label')
    @HttpCode(options.status)
    @ApiOperation({
      operationId: `${options.operationPrefix}_unset_label`,
      summary: 'Unset a label',
      description: 'Unset a single pulp_label on the object.',
    })
    @ApiConsumes(...ANY_BODY)
    @Answered({ type: UnsetLabelResponse, description: '' })
    async unsetLabel(@Param('pulp_id') pk: string, @PulpBody() body: UnsetLabelDto): Promise<UnsetLabelResponse> {
      this.refuseLabelChange?.(await this.found(pk));
      return { key: body.key, value: await unsetLabel(this.sql, options.table, pk, body.key) };
    }
  }
  return LabelEndpointsBase as unknown as Type<Labelled>;
}

/**
 * The columns of `wanted` whose values differ from the row's: what an update would change. Values
 * are compared as canonical JSON, since jsonb keeps no key order.
 */
export function changedColumns(row: Record<string, unknown>, wanted: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(wanted).filter(([column, value]) => canonicalJson(row[column]) !== canonicalJson(value)),
  );
}
