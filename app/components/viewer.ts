/** The signed-in user as the root loader passes it to the browser (name, role, permissions). */
import { useRouteLoaderData } from "@remix-run/react";
import type { Permission, Role } from "~/domain/permissions";
import type { MessageKey } from "~/i18n";

export interface ClientViewer {
  name: string;
  role: Role;
  permissions: Permission[];
  /** The main navigation (app/domain/permissions.ts, navigationFor): address and label key. */
  nav: { to: string; label: MessageKey }[];
}

export function useViewer(): ClientViewer | null {
  const data = useRouteLoaderData("root") as { viewer?: ClientViewer | null } | undefined;
  return data?.viewer ?? null;
}

export function useCan(permission: Permission): boolean {
  return useViewer()?.permissions.includes(permission) ?? false;
}

/** The message the last write left (from the root loader), shown once at the top of the page. */
export function useFlash(): { key: MessageKey; params?: Record<string, string | number> } | null {
  const data = useRouteLoaderData("root") as { flash?: { key: MessageKey; params?: Record<string, string | number> } | null } | undefined;
  return data?.flash ?? null;
}
