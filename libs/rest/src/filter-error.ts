/** A query value a filter cannot use; the list query reports it under the parameter's name. */
export class FilterValueError extends Error {}
