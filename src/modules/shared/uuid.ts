const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a value from a URL or a form is a uuid: anything else is answered "not found" before a query. */
export const isUuid = (value: string): boolean => UUID.test(value);
