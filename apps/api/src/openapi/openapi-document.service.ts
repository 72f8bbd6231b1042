import { Injectable } from '@nestjs/common';

/** Holds the Pulp-shaped schema, built once after the application's routes are known. */
@Injectable()
export class OpenApiDocumentService {
  private document: Record<string, unknown> | undefined;

  set(document: Record<string, unknown>): void {
    this.document = document;
  }

  get(): Record<string, unknown> {
    if (!this.document) {
      throw new Error('The OpenAPI document is read before the application finished building it');
    }
    return this.document;
  }
}
