import type { Option } from "./types.ts";

export type Command =
  | "menu"
  | "cancel"
  | "help"
  | "officer"
  | "english"
  | "indonesian"
  | "done"
  | "skip"
  | "none"
  | "yes"
  | "no"
  | "stop"
  | "start"
  | "my_data"
  | "delete_data";

/** Lowercase, no punctuation, single spaces: how typed words are compared. */
export const normalise = (text: string): string =>
  text
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, " ")
    .trim();

const COMMANDS: Record<Command, string[]> = {
  menu: ["menu", "menu utama", "main menu", "kembali", "back"],
  cancel: ["batal", "batalkan", "cancel"],
  help: ["bantuan", "help", "tolong", "bantu"],
  officer: [
    "petugas",
    "officer",
    "operator",
    "admin",
    "cs",
    "bicara dengan petugas",
    "talk to an officer",
    "tanya petugas",
    "ask an officer",
  ],
  english: ["english", "inggris", "bahasa inggris"],
  indonesian: ["indonesia", "bahasa indonesia", "indonesian"],
  done: ["selesai", "done", "sudah", "udah", "cukup"],
  skip: ["lewati", "skip", "lewat", "tidak perlu"],
  none: ["tidak ada", "tdk ada", "gak ada", "ga ada", "nggak ada", "none", "tidak punya", "tdk punya"],
  yes: ["ya", "iya", "yes", "y", "ok", "oke", "benar", "betul", "kirim", "kirim permohonan", "submit"],
  no: ["tidak", "tdk", "no", "n", "bukan", "salah"],
  // Optional processing (UU 27/2022): withdrawn or given again at once, whatever the citizen is doing.
  stop: ["stop", "berhenti", "unsubscribe"],
  start: ["start", "mulai"],
  my_data: ["data saya", "my data", "salinan data", "salinan data saya"],
  delete_data: ["hapus data", "delete data", "hapus data saya", "delete my data"],
};

const BY_PHRASE = new Map<string, Command>(
  Object.entries(COMMANDS).flatMap(([command, phrases]) => phrases.map((p) => [p, command as Command])),
);

/** A command only when the whole message is the command word: "sy mau batal akte" is not BATAL. */
export const commandOf = (text: string): Command | undefined => BY_PHRASE.get(normalise(text));

/** The option a typed answer means: its number ("2"), its title, or the start of its title. */
export const optionFromText = (options: Option[], text: string): Option | undefined => {
  const typed = normalise(text);
  if (!typed) return undefined;
  const number = /^\d{1,2}$/.test(typed) ? Number(typed) : undefined;
  if (number !== undefined) return options[number - 1];
  const titles = options.map((o) => normalise(o.title));
  const exact = titles.indexOf(typed);
  if (exact >= 0) return options[exact];
  const prefixed = titles.filter((title) => typed.length >= 3 && title.startsWith(typed));
  return prefixed.length === 1 ? options[titles.indexOf(prefixed[0]!)] : undefined;
};

const GREETINGS = new Set([
  "halo",
  "hallo",
  "hai",
  "hi",
  "hello",
  "pagi",
  "siang",
  "sore",
  "malam",
  "selamat pagi",
  "selamat siang",
  "selamat sore",
  "selamat malam",
  "assalamualaikum",
  "shalom",
  "permisi",
  "min",
  "kak",
]);

/** A message that only greets ("halo", "selamat pagi"): it asks for nothing yet. */
export const isGreeting = (text: string) => GREETINGS.has(normalise(text));
