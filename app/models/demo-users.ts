/**
 * Demo accounts, one per role (demo mode only: a production start refuses while any of them
 * still has this password). Association representatives are bound to their organisation.
 */
import type { Role } from "~/domain/permissions";

export const DEMO_PASSWORD = "hankevahti-demo";

export const DEMO_USERS: { email: string; name: string; role: Role; organisation?: string }[] = [
  { email: "paakayttaja@hankevahti.test", name: "Pia Pääkäyttäjä", role: "admin" },
  { email: "paallikko@hankevahti.test", name: "Paula Päällikkö", role: "manager" },
  { email: "jasen@hankevahti.test", name: "Jussi Jäsen", role: "committee" },
  { email: "haka@hankevahti.test", name: "Hanna Haka", role: "association", organisation: "Kajaanin Haka ry" },
  { email: "spr@hankevahti.test", name: "Sami SPR", role: "association", organisation: "Suomen Punaisen Ristin Oulun piiri" },
];
