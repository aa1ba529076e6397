/**
 * Canned responses: ready answers an operator inserts in the reply box. `{nama}` and `{nomor}` are filled in
 * on the server for the open conversation, so the operator reads exactly what the citizen will get.
 */

export type CannedVariables = {
  /** The applicant's name on the latest application, else the citizen's WhatsApp profile name. */
  nama?: string | null;
  /** The tracking number of the citizen's latest application. */
  nomor?: string | null;
};

/**
 * Fills `{nama}` and `{nomor}` (any letter case). A variable with no value is left as written, so the
 * operator sees the gap and fills it by hand rather than sending an empty sentence.
 */
export const fillCanned = (body: string, vars: CannedVariables): string =>
  body.replace(/\{(nama|nomor)\}/gi, (placeholder, name: string) => {
    const value = vars[name.toLowerCase() as keyof CannedVariables]?.trim();
    return value ? value : placeholder;
  });
