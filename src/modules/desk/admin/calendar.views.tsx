/** Admin › Office hours and holidays: the weekly hours per day and every holiday with its source. */
import type { HolidayRow } from "../../offices/calendar.repo.ts";
import { CONFIDENCES, HOLIDAY_KINDS, WEEKDAYS } from "../../offices/calendar.service.ts";
import type { DeskDeps, DeskUser } from "../context.ts";
import { Notice } from "../layout.tsx";
import { defineWords } from "../words.ts";
import { AdminPage, Csrf, type Message, tabLabel } from "./admin.layout.tsx";

export const hw = defineWords({
  id: {
    help: "Jam layanan dan hari libur ini dipakai untuk menghitung batas waktu SLA. Perubahan berlaku langsung di instans ini dan dalam satu menit di instans lain.",
    hours: "Jam layanan mingguan",
    hoursHelp: "Tulis rentang waktu WITA dipisah koma, mis. 07:30-12:00, 13:00-16:00. Kosongkan hari tutup.",
    mon: "Senin",
    tue: "Selasa",
    wed: "Rabu",
    thu: "Kamis",
    fri: "Jumat",
    sat: "Sabtu",
    sun: "Minggu",
    saveHours: "Simpan jam layanan",
    holidays: "Hari libur",
    empty: "Belum ada hari libur.",
    date: "Tanggal",
    name: "Nama",
    kind: "Jenis",
    national: "Libur nasional",
    cuti_bersama: "Cuti bersama",
    local: "Libur daerah",
    source: "Sumber",
    confidence: "Kepastian",
    confirmed: "Sudah dicek",
    unconfirmed: "Belum dicek",
    note: "Catatan",
    save: "Simpan",
    delete: "Hapus",
    confirmDelete: "Hapus hari libur ini? Hari itu menjadi hari kerja.",
    add: "Tambah hari libur",
    addButton: "Tambah",
    done_hours: "Jam layanan disimpan dan berlaku.",
    done_added: "Hari libur ditambahkan dan berlaku.",
    done_saved: "Hari libur disimpan.",
    done_deleted: "Hari libur dihapus.",
    invalid_hours: "Jam tidak valid: tulis seperti 07:30-12:00, 13:00-16:00 (urut, tidak tumpang tindih).",
    invalid_date: "Tanggal tidak valid.",
    holiday_incomplete: "Isi tanggal, nama, jenis, sumber dan kepastian.",
    holiday_exists: "Hari libur dengan tanggal dan nama itu sudah ada.",
  },
  en: {
    help: "These hours and holidays count SLA due times. Changes apply at once on this instance and within a minute on the others.",
    hours: "Weekly service hours",
    hoursHelp:
      "Write WITA time ranges separated by commas, e.g. 07:30-12:00, 13:00-16:00. Leave closed days empty.",
    mon: "Monday",
    tue: "Tuesday",
    wed: "Wednesday",
    thu: "Thursday",
    fri: "Friday",
    sat: "Saturday",
    sun: "Sunday",
    saveHours: "Save service hours",
    holidays: "Holidays",
    empty: "No holidays yet.",
    date: "Date",
    name: "Name",
    kind: "Kind",
    national: "National holiday",
    cuti_bersama: "Collective leave",
    local: "Local holiday",
    source: "Source",
    confidence: "Confidence",
    confirmed: "Checked",
    unconfirmed: "Not checked",
    note: "Note",
    save: "Save",
    delete: "Delete",
    confirmDelete: "Delete this holiday? The day becomes a working day.",
    add: "Add a holiday",
    addButton: "Add",
    done_hours: "Service hours saved and in force.",
    done_added: "Holiday added and in force.",
    done_saved: "Holiday saved.",
    done_deleted: "Holiday deleted.",
    invalid_hours: "Invalid hours: write them like 07:30-12:00, 13:00-16:00 (in order, not overlapping).",
    invalid_date: "Invalid date.",
    holiday_incomplete: "Fill in the date, name, kind, source and confidence.",
    holiday_exists: "A holiday with that date and name already exists.",
  },
});

export type Weekly = Record<string, Array<{ start: string; end: string }>>;

const HoursForm = ({ user, weekly }: { user: DeskUser; weekly: Weekly }) => {
  const l = user.locale;
  return (
    <section class="card manage-section" aria-labelledby="hours-h">
      <h2 id="hours-h">{hw(l, "hours")}</h2>
      <p class="muted">{hw(l, "hoursHelp")}</p>
      <form method="post" action="/desk/admin/calendar/hours" class="manage-grid">
        <Csrf user={user} />
        {WEEKDAYS.map((d) => (
          <label>
            {hw(l, d)}
            <input name={d} value={(weekly[d] ?? []).map((r) => `${r.start}-${r.end}`).join(", ")} />
          </label>
        ))}
        <div>
          <button type="submit" class="primary">
            {hw(l, "saveHours")}
          </button>
        </div>
      </form>
    </section>
  );
};

const Select = (o: {
  user: DeskUser;
  name: string;
  values: readonly string[];
  value?: string;
  label: string;
}) => (
  <label>
    {o.label}
    <select name={o.name}>
      {o.values.map((v) => (
        <option value={v} selected={v === o.value}>
          {hw(o.user.locale, v as "national")}
        </option>
      ))}
    </select>
  </label>
);

const HolidayRowView = ({ user, h }: { user: DeskUser; h: HolidayRow }) => {
  const l = user.locale;
  return (
    <tr data-holiday={h.date}>
      <td>{h.date}</td>
      <td>
        {h.name}
        {h.note && <div class="muted">{h.note}</div>}
      </td>
      <td>{hw(l, h.kind as "national")}</td>
      <td>
        <span class={`badge ${h.confidence === "confirmed" ? "ok" : "warn"}`}>
          {hw(l, h.confidence as "confirmed")}
        </span>
        <div class="muted">{h.source}</div>
      </td>
      <td>
        <form method="post" action={`/desk/admin/calendar/holidays/${h.id}`} class="row-form">
          <Csrf user={user} />
          <label class="sr-only" for={`src-${h.id}`}>
            {hw(l, "source")} {h.date}
          </label>
          <input id={`src-${h.id}`} name="source" value={h.source} required maxlength={300} />
          <label class="sr-only" for={`conf-${h.id}`}>
            {hw(l, "confidence")} {h.date}
          </label>
          <select id={`conf-${h.id}`} name="confidence">
            {CONFIDENCES.map((c) => (
              <option value={c} selected={c === h.confidence}>
                {hw(l, c)}
              </option>
            ))}
          </select>
          <button type="submit">{hw(l, "save")}</button>
        </form>
        <form
          method="post"
          action={`/desk/admin/calendar/holidays/${h.id}/delete`}
          data-confirm={hw(l, "confirmDelete")}
        >
          <Csrf user={user} />
          <button type="submit" class="danger">
            {hw(l, "delete")} <span class="sr-only">{h.date}</span>
          </button>
        </form>
      </td>
    </tr>
  );
};

const AddHoliday = ({ user }: { user: DeskUser }) => {
  const l = user.locale;
  return (
    <section class="card manage-section" aria-labelledby="add-h">
      <h2 id="add-h">{hw(l, "add")}</h2>
      <form method="post" action="/desk/admin/calendar/holidays" class="manage-grid">
        <Csrf user={user} />
        <label>
          {hw(l, "date")}
          <input type="date" name="date" required />
        </label>
        <label>
          {hw(l, "name")}
          <input name="name" required maxlength={200} />
        </label>
        <Select user={user} name="kind" values={HOLIDAY_KINDS} value="local" label={hw(l, "kind")} />
        <label>
          {hw(l, "source")}
          <input name="source" required maxlength={300} />
        </label>
        <Select
          user={user}
          name="confidence"
          values={CONFIDENCES}
          value="unconfirmed"
          label={hw(l, "confidence")}
        />
        <label>
          {hw(l, "note")}
          <input name="note" maxlength={500} />
        </label>
        <div>
          <button type="submit" class="primary">
            {hw(l, "addButton")}
          </button>
        </div>
      </form>
    </section>
  );
};

export const CalendarPage = (o: {
  user: DeskUser;
  deps: DeskDeps;
  weekly: Weekly;
  holidays: HolidayRow[];
  message?: Message;
}) => {
  const l = o.user.locale;
  return (
    <AdminPage user={o.user} deps={o.deps} tab="calendar" title={tabLabel(l, "calendar")} message={o.message}>
      <Notice kind="empty">{hw(l, "help")}</Notice>
      <HoursForm user={o.user} weekly={o.weekly} />
      <section class="card manage-section" aria-labelledby="holidays-h">
        <h2 id="holidays-h">{hw(l, "holidays")}</h2>
        {o.holidays.length === 0 ? (
          <Notice kind="empty">{hw(l, "empty")}</Notice>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">{hw(l, "date")}</th>
                <th scope="col">{hw(l, "name")}</th>
                <th scope="col">{hw(l, "kind")}</th>
                <th scope="col">
                  {hw(l, "confidence")} / {hw(l, "source")}
                </th>
                <th scope="col">
                  <span class="sr-only">{hw(l, "save")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {o.holidays.map((h) => (
                <HolidayRowView user={o.user} h={h} />
              ))}
            </tbody>
          </table>
        )}
      </section>
      <AddHoliday user={o.user} />
    </AdminPage>
  );
};
