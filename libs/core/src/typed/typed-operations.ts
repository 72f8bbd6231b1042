import { applyDecorators, HttpCode, type Type } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBody, ApiConsumes, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { AsyncOperationResponse } from '@pulp/tasking';
import { ANY_BODY } from '@pulp/http';

/** `a file remote`, `an open pgp keyring`: a noun in a summary, as Pulp's schema words them. */
export const withArticle = (noun: string) => `${/^[aeiou]/.test(noun) ? 'an' : 'a'} ${noun}`;

/** Every body-taking operation accepts JSON, forms and multipart, as Pulp's do. */

/**
 * An update of a typed object (`partial`: PATCH): answered 200 with the object when nothing would
 * change, else 202 with the update task.
 */
export const UpdateOperation = (
  operationId: string,
  noun: string,
  body: Type<unknown>,
  response: Type<unknown>,
  partial: boolean,
) =>
  applyDecorators(
    ApiOperation({
      operationId,
      summary: `Update ${withArticle(noun)}`,
      description: `Update the entity${partial ? ' partially' : ''} and trigger an asynchronous task if necessary`,
    }),
    ApiConsumes(...ANY_BODY),
    ApiBody({ type: body }),
    ApiOkResponse({ type: response, description: '' }),
    ApiAcceptedResponse({ type: AsyncOperationResponse, description: '' }),
  );

/** A delete of a typed object: always a task (202). */
export const DeleteOperation = (
  operationId: string,
  noun: string,
  description = 'Trigger an asynchronous delete task',
) =>
  applyDecorators(
    HttpCode(202),
    ApiOperation({ operationId, summary: `Delete ${withArticle(noun)}`, description }),
    ApiAcceptedResponse({ type: AsyncOperationResponse, description: '' }),
  );

/** A create of a typed object as a task (202 with the task). */
export const AsyncCreateOperation = (operationId: string, noun: string, body: Type<unknown>, description: string) =>
  applyDecorators(
    HttpCode(202),
    ApiOperation({ operationId, summary: `Create ${withArticle(noun)}`, description }),
    ApiConsumes(...ANY_BODY),
    ApiBody({ type: body }),
    ApiAcceptedResponse({ type: AsyncOperationResponse, description: '' }),
  );
