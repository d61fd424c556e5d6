import type { Action, PermissionContext } from "@stepwise/domain";
import type { AppendEvent } from "./procedures";

/**
 * Who changes the plan, when, and how their change is recorded: the caller's context. The service
 * checks the permission itself once it has read the row it needs (a row's discipline), so a plan
 * screen and a meeting decision are held to the same rule.
 */
export interface PlanChange {
  patientId: string;
  actorId: string;
  now: Date;
  event: AppendEvent;
  authorize: (action: Action, row?: Omit<PermissionContext, "userId">) => void;
}
