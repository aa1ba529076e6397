export * from "./applications.ts";
export * from "./calendar.ts";
export * from "./complaints.ts";
export * from "./desk.ts";
export * from "./ingress.ts";
export * from "./messaging.ts";
export * from "./outbox.ts";
export * from "./tenancy.ts";
