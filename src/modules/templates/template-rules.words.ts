/** What each template rule says, in Bahasa Indonesia and English; `{name}` is filled in per problem. */
export const RULE_TEXT = {
  name_format: {
    id: "hanya boleh huruf kecil, angka, dan garis bawah (_), paling banyak {max} karakter",
    en: "must be lowercase letters, digits and underscores (_), {max} characters at most",
  },
  language_format: {
    id: 'kode bahasa "{value}" tidak dikenal; pakai kode Meta seperti id, en, en_US',
    en: 'language code "{value}" is not valid; use Meta\'s codes such as id, en, en_US',
  },
  category_invalid: { id: "harus utility atau marketing", en: "must be utility or marketing" },
  empty: { id: "tidak boleh kosong", en: "must not be empty" },
  too_long: { id: "{n} karakter; paling banyak {max}", en: "is {n} characters; {max} at most" },
  malformed_variable: {
    id: 'variabel "{value}" salah tulis; pakai {{1}}, {{2}} …',
    en: 'malformed variable "{value}"; use {{1}}, {{2}} …',
  },
  unbalanced: { id: "ada {{ atau }} yang tidak berpasangan", en: "has unbalanced {{ or }}" },
  variable_gap: {
    id: "variabel harus berurutan {{1}} sampai {{{n}}} tanpa loncat; ditemukan {found}",
    en: "variables must run {{1}} to {{{n}}} without gaps; found {found}",
  },
  variable_order: {
    id: "variabel harus muncul berurutan: {{{n}}} muncul sebelum {{{before}}}",
    en: "variables must appear in order: {{{n}}} comes before {{{before}}}",
  },
  variable_repeated: {
    id: "{{{n}}} dipakai lebih dari sekali; beri nomor baru untuk tiap tempat",
    en: "uses {{{n}}} more than once; give each place its own number",
  },
  starts_with_variable: {
    id: "diawali variabel; Meta menolaknya, tulis kata dulu",
    en: "starts with a variable; Meta rejects that",
  },
  ends_with_variable: {
    id: "diakhiri variabel (tanda baca sesudahnya tidak cukup); Meta menolaknya",
    en: "ends with a variable; Meta rejects that (punctuation after it is not enough)",
  },
  adjacent_variables: {
    id: "ada dua variabel berdampingan; sisipkan kata di antaranya",
    en: "has two variables side by side; put words between them",
  },
  variable_alone_on_line: {
    id: "ada baris yang hanya berisi variabel; Meta menolaknya",
    en: "has a line with only variables on it; Meta rejects that",
  },
  too_many_variables: {
    id: "terlalu banyak variabel untuk panjangnya: {n} variabel perlu paling sedikit {need} kata lain, ada {words}",
    en: "has too many variables for its length: {n} variables need at least {need} other words, found {words}",
  },
  variables_count: {
    id: "isi memakai {used} variabel tetapi {described} yang dijelaskan",
    en: "the body uses {used} variables but {described} are described",
  },
  example_format: {
    id: "berisi baris baru, tab, atau 5 spasi berurutan; Meta menolaknya",
    en: "contains a newline, tab or 5 spaces; Meta rejects that",
  },
  name_repeated: { id: '"{value}" dipakai dua kali', en: '"{value}" appears twice' },
  header_variables: {
    id: "judul boleh memuat satu variabel saja, yaitu {{1}}",
    en: "a header may hold one variable only, {{1}}",
  },
  header_example: {
    id: "judul memakai {{1}}; isi contoh nilainya",
    en: "the header uses {{1}}; give its example",
  },
  header_newline: { id: "judul harus satu baris", en: "a header must be one line" },
  header_emoji: { id: "judul tidak boleh memuat emoji", en: "a header must not contain emoji" },
  no_variables: { id: "tidak boleh memuat variabel", en: "must not contain variables" },
  too_many_buttons: {
    id: "{n} tombol; paling banyak {max}",
    en: "has {n} buttons; {max} at most",
  },
  too_many_url_buttons: {
    id: "{n} tombol tautan; paling banyak {max}",
    en: "has {n} URL buttons; {max} at most",
  },
  buttons_grouping: {
    id: "tombol balasan cepat harus dikelompokkan bersama, tidak diselingi tombol lain",
    en: "quick-reply buttons must be grouped together, not mixed with other buttons",
  },
  button_newline: { id: "label tombol harus satu baris", en: "a button label must be one line" },
  button_symbols: {
    id: "label tombol perlu huruf atau angka, bukan hanya emoji atau tanda baca",
    en: "a button label needs letters or digits, not only emoji or punctuation",
  },
  url_https: {
    id: "tautan harus alamat https:// yang sah",
    en: "the link must be a valid https:// address",
  },
  url_variable: {
    id: "tautan boleh memuat satu variabel {{1}}, hanya di ujungnya",
    en: "the link may hold one variable, {{1}}, at its very end only",
  },
  url_example: {
    id: "tautan memakai {{1}}; isi contoh nilainya",
    en: "the link uses {{1}}; give its example",
  },
} as const satisfies Record<string, { id: string; en: string }>;

/** The template's parts, as the admin knows them from the form. */
export const FIELD_LABELS: Record<string, { id: string; en: string }> = {
  name: { id: "Nama", en: "Name" },
  language: { id: "Bahasa", en: "Language" },
  category: { id: "Kategori", en: "Category" },
  body: { id: "Isi", en: "Body" },
  header: { id: "Judul", en: "Header" },
  footer: { id: "Kaki pesan", en: "Footer" },
  buttons: { id: "Tombol", en: "Buttons" },
  variables: { id: "Variabel", en: "Variables" },
};
