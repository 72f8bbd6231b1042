/** The media types Pulp's write operations take a body in (DRF's parsers), as their schemas declare. */
export const ANY_BODY = ['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data'];
