/** The signed-in user as the root loader passes it to the browser (name, role, permissions). */
import { useRouteLoaderData } from "@remix-run/react";
import type { Permission, Role } from "~/domain/permissions";

export interface ClientViewer {
  name: string;
  role: Role;
  permissions: Permission[];
}

export function useViewer(): ClientViewer | null {
  const data = useRouteLoaderData("root") as { viewer?: ClientViewer | null } | undefined;
  return data?.viewer ?? null;
}

export function useCan(permission: Permission): boolean {
  return useViewer()?.permissions.includes(permission) ?? false;
}
