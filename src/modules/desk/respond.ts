/** Every desk response goes out with the strict CSP and no caching (pages hold personal data). */
import type { FastifyReply } from "fastify";
import { CSP, render, renderPage } from "./layout.tsx";

type Node = Parameters<typeof render>[0];

const headers = (reply: FastifyReply, status: number) =>
  reply
    .code(status)
    .type("text/html; charset=utf-8")
    .header("content-security-policy", CSP)
    .header("x-content-type-options", "nosniff")
    .header("referrer-policy", "same-origin")
    .header("cache-control", "no-store");

export const sendPage = async (reply: FastifyReply, node: Node, status = 200) =>
  headers(reply, status).send(await renderPage(node));

/** A piece of a page for htmx to swap in. */
export const sendFragment = async (reply: FastifyReply, node: Node, status = 200) =>
  headers(reply, status).send(await render(node));
