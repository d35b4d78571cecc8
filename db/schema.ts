/**
 * The database's tables as TypeScript types for kysely. Money is integer cents (`*_cents`),
 * percentages integer basis points (`*_bp`), days `YYYY-MM-DD` text, instants UTC ISO text.
 */
import type { Generated, Insertable, Selectable, Updateable } from "kysely";

export type OrganisationKind = "city" | "city_unit" | "association" | "municipality" | "funder" | "company" | "other";
export type ProjectStatus =
  "planning" | "applied" | "committee_conditional" | "funded" | "running" | "ended" | "final_report_accepted" | "rejected" | "withdrawn";
export type PlanState = "current" | "superseded" | "proposed" | "conditional" | "rejected";
export type CostModel = "flat_40" | "flat_staff" | "actual" | "lump_sum";
export type LineSide = "cost" | "financing";
export type CostKind = "staff" | "flat_rate" | "purchased" | "other" | "lump_sum";
export type FinancingKind = "esr" | "own" | "municipal" | "other_public" | "private";
export type ConditionStatus = "none" | "pending" | "met" | "failed";

export interface OrganisationTable {
  id: Generated<number>;
  name: string;
  short_name: Generated<string>;
  kind: OrganisationKind;
  business_id: string | null;
  parent_id: number | null;
  created_at: string;
  updated_at: string;
  revision: Generated<number>;
}

export interface ProjectTable {
  id: Generated<number>;
  name: string;
  short_name: string;
  case_number: string;
  lead_organisation_id: number;
  funder_organisation_id: number | null;
  programme: Generated<string>;
  specific_objective: Generated<string>;
  target_group: Generated<string>;
  description: Generated<string>;
  status: ProjectStatus;
  eu_share_bp: Generated<number>;
  created_at: string;
  updated_at: string;
  revision: Generated<number>;
}

export interface PlanVersionTable {
  id: Generated<number>;
  project_id: number;
  version_number: number;
  state: PlanState;
  start_date: string;
  end_date: string;
  total_budget_cents: number;
  cost_model: CostModel;
  flat_rate_bp: number | null;
  note: Generated<string>;
  created_at: string;
  updated_at: string;
  revision: Generated<number>;
}

export interface PlanLineTable {
  id: Generated<number>;
  plan_version_id: number;
  side: LineSide;
  kind: CostKind | FinancingKind;
  organisation_id: number | null;
  label: Generated<string>;
  amount_cents: number;
  stated_percent_bp: number | null;
  staff_hours_centi: number | null;
  hourly_rate_cents: number | null;
  position: Generated<number>;
}

export interface PlanLineYearTable {
  plan_line_id: number;
  year: number;
  amount_cents: number;
}

export interface PlanImplementerTable {
  id: Generated<number>;
  plan_version_id: number;
  organisation_id: number;
  role: "lead" | "co";
  budget_cents: number | null;
}

export interface CommitmentTable {
  id: Generated<number>;
  plan_version_id: number;
  organisation_id: number;
  amount_cents: number;
  condition_text: Generated<string>;
  condition_status: ConditionStatus;
  annual_budget_reservation: Generated<number>;
  decision_body: Generated<string>;
  decision_date: string | null;
  decision_section: Generated<string>;
  note: Generated<string>;
  created_at: string;
  updated_at: string;
  revision: Generated<number>;
}

export interface CommitmentYearTable {
  commitment_id: number;
  year: number;
  amount_cents: number;
}

export type Role = "admin" | "manager" | "committee" | "association";

export interface AppUserTable {
  id: Generated<number>;
  email: string;
  name: string;
  role: Role;
  organisation_id: number | null;
  password_hash: string;
  is_demo: Generated<number>;
  active: Generated<number>;
  created_at: string;
  updated_at: string;
  revision: Generated<number>;
  sessions_ended_at: string | null;
}

export interface UserSessionTable {
  id_hash: string;
  user_id: number;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
}

export interface ApiTokenTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  token_hash: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
  scope: Generated<"read" | "write">;
  expires_at: string | null;
}

export interface LoginAttemptTable {
  id: Generated<number>;
  email: string;
  ip: string;
  at: string;
  success: number;
  kind: Generated<"login" | "password">;
}

export interface AppSettingTable {
  key: "production_since" | "contents";
  value: string;
  updated_at: string;
}

export interface AuditContextTable {
  id: number;
  user_id: number | null;
  tx_id: string | null;
}

export interface AuditEventTable {
  id: Generated<number>;
  at: string;
  user_id: number | null;
  tx_id: string | null;
  entity: string;
  entity_id: number;
  project_id: number | null;
  action: "insert" | "update" | "delete";
  before_json: string | null;
  after_json: string | null;
}

export interface ChangeRequestTable {
  id: Generated<number>;
  project_id: number;
  direction: "grantee_to_city" | "city_to_funder";
  requested_by_organisation_id: number | null;
  received_on: string;
  kinds: string;
  reason: Generated<string>;
  base_version_id: number;
  proposed_version_id: number;
  proposed_name: string;
  proposed_short_name: string;
  proposed_target_group: string;
  previous_name: string | null;
  previous_short_name: string | null;
  previous_target_group: string | null;
  state: "pending" | "approved" | "approved_conditionally" | "rejected" | "withdrawn";
  condition_text: Generated<string>;
  condition_state: "pending" | "met" | "failed" | null;
  condition_settled_on: string | null;
  decision_body: Generated<string>;
  decision_date: string | null;
  decision_section: Generated<string>;
  created_at: string;
  updated_at: string;
  revision: Generated<number>;
  created_by_user_id: number | null;
  decided_by_user_id: number | null;
  decided_at: string | null;
  /** The city's totals per year before and after the decision, as they were when it was made. */
  city_before_json: string | null;
  city_after_json: string | null;
  withdrawn_at: string | null;
  withdrawn_by_user_id: number | null;
  withdrawal_reason: Generated<string>;
  corrected_at: string | null;
  correction_reason: Generated<string>;
}

/** Derived rows (migration 0006): written only by app/models/figures.server.ts. */
export interface FigureDirtyTable {
  project_id: number;
}

export interface ProjectFigureTable {
  project_id: number;
  plan_version_id: number;
  sort_name: string;
  sort_short_name: string;
  status: ProjectStatus;
  start_date: string;
  end_date: string;
  total_budget_cents: number;
  esr_cents: number;
  own_cents: number;
  plan_city_cents: number;
  financing_total_cents: number;
  eu_cents: number;
  state_cents: number;
  commitment_cents: number;
  commitment_conditional_cents: number;
  /** The per-year split rows of its commitments that count (failed ones not). */
  commitment_split_rows: number;
  warning_count: number;
}

export interface ProjectYearFigureTable {
  project_id: number;
  year: number;
  in_plan: number;
  esr_cents: number;
  own_cents: number;
  municipal_cents: number;
  other_public_cents: number;
  private_cents: number;
  financing_total_cents: number;
  city_cents: number;
  eu_cents: number;
  state_cents: number;
  confirmed_cents: number;
  conditional_cents: number;
  /** The commitments' split rows of this year that count (failed ones not). */
  split_rows: number;
}

export interface CommitmentYearFigureTable {
  commitment_id: number;
  year: number;
  project_id: number;
  organisation_id: number;
  state: "confirmed" | "conditional" | "failed";
  amount_cents: number;
}

export interface PortfolioTotalTable {
  status: ProjectStatus;
  projects: number;
  total_budget_cents: number;
  esr_cents: number;
  own_cents: number;
  commitment_cents: number;
  commitment_conditional_cents: number;
  /** Projects with a commitment split row that counts. */
  commitment_projects: number;
  warning_count: number;
}

export interface FundingTotalTable {
  status: ProjectStatus;
  financier_id: number;
  year: number;
  esr_cents: number;
  own_cents: number;
  municipal_cents: number;
  other_public_cents: number;
  private_cents: number;
  financing_total_cents: number;
  city_cents: number;
  eu_cents: number;
  state_cents: number;
  commitment_cents: number;
  confirmed_cents: number;
  conditional_cents: number;
  split_rows: number;
  year_rows: number;
  plan_rows: number;
}

export interface CommitmentTotalTable {
  status: ProjectStatus;
  organisation_id: number;
  year: number;
  confirmed_cents: number;
  conditional_cents: number;
  split_rows: number;
}

export interface ProjectFinancierTable {
  project_id: number;
  organisation_id: number;
}

export type IndicatorKind = "reach" | "outcome_work" | "outcome_education" | "outcome_either" | "partners" | "custom";
export type TargetKind = "count" | "percent";
export type ObligationKind = "yearly_report" | "committee_report" | "interim_report" | "final_report" | "payment_application" | "single";
export type DeadlineStatus = "open" | "submitted" | "accepted" | "returned";
export type PaymentStatus = "draft" | "submitted" | "approved" | "partly_approved" | "rejected";

export interface IndicatorTable {
  id: Generated<number>;
  project_id: number;
  kind: IndicatorKind;
  name: Generated<string>;
  unit: Generated<string>;
  target_kind: TargetKind;
  /** A count, or basis points of those reached for a percentage target. */
  target_value: number | null;
  value_total: Generated<number>;
  women_total: Generated<number>;
  men_total: Generated<number>;
  other_total: Generated<number>;
  /** The part of value_total whose entries reported a gender split. */
  gender_reported_total: Generated<number>;
  entry_count: Generated<number>;
  last_entry_date: string | null;
  position: Generated<number>;
  created_at: string;
  updated_at: string;
  revision: Generated<number>;
}

export interface IndicatorEntryTable {
  id: Generated<number>;
  indicator_id: number;
  entry_date: string;
  value: number;
  women: number | null;
  men: number | null;
  other: number | null;
  note: Generated<string>;
  source: Generated<"manager" | "report" | "import">;
  created_by: number | null;
  created_at: string;
  /** The accepted report the entry came from (once per indicator). */
  report_id: Generated<number | null>;
}

export interface ObligationTable {
  id: Generated<number>;
  project_id: number;
  kind: ObligationKind;
  title: Generated<string>;
  times_per_year: number | null;
  every_months: number | null;
  days_after: Generated<number>;
  due_date: string | null;
  responsible_user_id: number | null;
  /** Days before the due date to remind, comma-separated ("30,7"). */
  reminder_days: Generated<string>;
  gen_start: string;
  gen_end: string;
  created_at: string;
  updated_at: string;
  revision: Generated<number>;
}

export interface DeadlineTable {
  id: Generated<number>;
  obligation_id: number;
  project_id: number;
  kind: ObligationKind;
  seq: number;
  period_start: string | null;
  period_end: string | null;
  due_date: string;
  status: Generated<DeadlineStatus>;
  submitted_on: string | null;
  decided_on: string | null;
  note: Generated<string>;
  created_at: string;
  updated_at: string;
  revision: Generated<number>;
}

export interface ReminderSentTable {
  deadline_id: number;
  kind: string;
  recipient: string;
  state: "sending" | "sent" | "logged" | "skipped";
  at: string;
}

export interface CalendarFeedTable {
  user_id: number;
  token_hash: string;
  created_at: string;
}

export interface PaymentApplicationTable {
  id: Generated<number>;
  project_id: number;
  period_start: string;
  period_end: string;
  amount_applied_cents: number;
  submitted_on: string | null;
  decided_on: string | null;
  amount_approved_cents: number | null;
  status: PaymentStatus;
  note: Generated<string>;
  created_at: string;
  updated_at: string;
  revision: Generated<number>;
}

export type ReportKind = "yearly" | "interim" | "final" | "committee";
export type ReportStatus = "draft" | "submitted" | "returned" | "accepted";
export type ReportSection = "general" | "period" | "reach" | "outcomes" | "costs" | "funding" | "texts" | "attachments";

export interface ReportTable {
  id: Generated<number>;
  project_id: number;
  deadline_id: number | null;
  kind: ReportKind;
  organisation_id: number | null;
  status: Generated<ReportStatus>;
  period_start: string | null;
  period_end: string | null;
  reached_women: number | null;
  reached_men: number | null;
  reached_other: number | null;
  reached_total: number | null;
  outcome_work: number | null;
  outcome_education: number | null;
  outcome_other: number | null;
  partners: number | null;
  esr_received_cents: number | null;
  city_received_cents: number | null;
  other_received_cents: number | null;
  done_text: Generated<string>;
  changes_text: Generated<string>;
  next_text: Generated<string>;
  submission_count: Generated<number>;
  submitted_at: string | null;
  submitted_by: number | null;
  returned_at: string | null;
  returned_by: number | null;
  accepted_at: string | null;
  accepted_by: number | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
  revision: Generated<number>;
}

export interface ReportCostTable {
  report_id: number;
  kind: CostKind;
  amount_cents: number;
  explanation: Generated<string>;
}

export interface ReportCommentTable {
  id: Generated<number>;
  report_id: number;
  round: number;
  section: ReportSection;
  body: string;
  created_by: number | null;
  created_at: string;
}

export interface ReportAttachmentTable {
  id: Generated<number>;
  report_id: number;
  file_name: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  created_by: number | null;
  created_at: string;
}

export interface RealisedYearTable {
  project_id: number;
  year: number;
  cost_cents: Generated<number>;
  esr_cents: Generated<number>;
  city_cents: Generated<number>;
  other_cents: Generated<number>;
  report_count: Generated<number>;
}

export interface RefundTable {
  id: Generated<number>;
  project_id: number;
  report_id: number | null;
  amount_cents: number;
  /** JSON: the RefundBasis the amount was computed from (app/domain/refund.ts). */
  basis: string;
  status: "claimed" | "paid";
  claimed_on: string;
  paid_on: string | null;
  note: Generated<string>;
  created_by: number | null;
  created_at: string;
  updated_at: string;
  revision: Generated<number>;
}

export type AgendaItemType = "interim_report" | "change_request" | "new_cofinancing" | "final_report" | "other";
export type AgendaItemStatus = "draft" | "final" | "decided";
export type AgendaDecision = "as_proposed" | "amended" | "tabled" | "rejected" | "noted";

export interface MeetingTable {
  id: Generated<number>;
  body: string;
  meeting_date: string;
  start_time: string;
  place: Generated<string>;
  presenter: Generated<string>;
  public_slug: string | null;
  agenda_published_at: string | null;
  minutes_published_at: string | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
  revision: Generated<number>;
}

export interface MeetingMemberTable {
  id: Generated<number>;
  meeting_id: number;
  name: string;
  role: Generated<string>;
  position: Generated<number>;
}

export interface AgendaItemTable {
  id: Generated<number>;
  meeting_id: number;
  body: string;
  section_year: number;
  section: number;
  item_type: AgendaItemType;
  project_id: number | null;
  change_request_id: number | null;
  commitment_id: number | null;
  title: string;
  case_number: Generated<string>;
  /** JSON: [{ name, title, email, phone }] */
  preparers: Generated<string>;
  presenter: Generated<string>;
  background: Generated<string>;
  proposal: Generated<string>;
  status: Generated<AgendaItemStatus>;
  finalised_at: string | null;
  finalised_by: number | null;
  decision: AgendaDecision | null;
  decision_text: Generated<string>;
  decided_at: string | null;
  decided_by: number | null;
  continues_item_id: number | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
  revision: Generated<number>;
}

export interface AgendaFindingAckTable {
  id: Generated<number>;
  item_id: number;
  code: string;
  excerpt: string;
  reason: string;
  created_by: number | null;
  created_at: string;
}

/** 0010: an association's claim of the employment bonus (app/domain/bonus.ts). */
export interface BonusClaimTable {
  id: Generated<number>;
  organisation_id: number;
  project_id: number | null;
  reference: string;
  reference_key: string;
  kind: "work" | "studies";
  start_date: string;
  employment_condition: Generated<number>;
  study_support: "study_grant" | "adult_education" | "other" | null;
  payable_on: string;
  amount_cents: number;
  note: Generated<string>;
  status: "submitted" | "info_requested" | "approved" | "rejected" | "paid" | "withdrawn";
  filed_on: string;
  filed_by: number | null;
  approved_on: string | null;
  approved_by: number | null;
  rejected_on: string | null;
  reject_reason: Generated<string>;
  paid_on: string | null;
  paid_by: number | null;
  created_at: string;
  updated_at: string;
  revision: Generated<number>;
}

export interface BonusClaimEventTable {
  id: Generated<number>;
  claim_id: number;
  action: "filed" | "info_requested" | "answered" | "approved" | "rejected" | "paid" | "withdrawn";
  message: Generated<string>;
  user_id: number | null;
  at: string;
}

export interface BonusClaimAttachmentTable {
  id: Generated<number>;
  claim_id: number;
  file_name: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  created_by: number | null;
  created_at: string;
}

export interface BonusYearTable {
  year: number;
  budget_cents: number;
  monthly_saving_cents: number | null;
  updated_by: number | null;
  created_at: string;
  updated_at: string;
  revision: Generated<number>;
}

export interface Database {
  bonus_claim: BonusClaimTable;
  bonus_claim_event: BonusClaimEventTable;
  bonus_claim_attachment: BonusClaimAttachmentTable;
  bonus_year: BonusYearTable;
  meeting: MeetingTable;
  meeting_member: MeetingMemberTable;
  agenda_item: AgendaItemTable;
  agenda_finding_ack: AgendaFindingAckTable;
  report: ReportTable;
  report_cost: ReportCostTable;
  report_comment: ReportCommentTable;
  report_attachment: ReportAttachmentTable;
  realised_year: RealisedYearTable;
  refund: RefundTable;
  figure_dirty: FigureDirtyTable;
  project_figure: ProjectFigureTable;
  project_year_figure: ProjectYearFigureTable;
  commitment_year_figure: CommitmentYearFigureTable;
  project_financier: ProjectFinancierTable;
  funding_total: FundingTotalTable;
  portfolio_total: PortfolioTotalTable;
  commitment_total: CommitmentTotalTable;
  organisation: OrganisationTable;
  project: ProjectTable;
  plan_version: PlanVersionTable;
  plan_line: PlanLineTable;
  plan_line_year: PlanLineYearTable;
  plan_implementer: PlanImplementerTable;
  commitment: CommitmentTable;
  commitment_year: CommitmentYearTable;
  app_user: AppUserTable;
  user_session: UserSessionTable;
  api_token: ApiTokenTable;
  login_attempt: LoginAttemptTable;
  app_setting: AppSettingTable;
  audit_context: AuditContextTable;
  audit_event: AuditEventTable;
  change_request: ChangeRequestTable;
  indicator: IndicatorTable;
  indicator_entry: IndicatorEntryTable;
  obligation: ObligationTable;
  deadline: DeadlineTable;
  reminder_sent: ReminderSentTable;
  calendar_feed: CalendarFeedTable;
  payment_application: PaymentApplicationTable;
}

export type Organisation = Selectable<OrganisationTable>;
export type NewOrganisation = Insertable<OrganisationTable>;
export type OrganisationUpdate = Updateable<OrganisationTable>;
export type Project = Selectable<ProjectTable>;
export type PlanVersion = Selectable<PlanVersionTable>;
export type PlanLine = Selectable<PlanLineTable>;
export type PlanImplementer = Selectable<PlanImplementerTable>;
export type Commitment = Selectable<CommitmentTable>;
export type AppUser = Selectable<AppUserTable>;
export type AuditEvent = Selectable<AuditEventTable>;
export type Indicator = Selectable<IndicatorTable>;
export type Obligation = Selectable<ObligationTable>;
export type Deadline = Selectable<DeadlineTable>;
export type PaymentApplication = Selectable<PaymentApplicationTable>;

/* ---------- 0011: spreadsheet imports (issue 21) ---------- */

export interface SpreadsheetUploadTable {
  id: Generated<number>;
  user_id: number;
  file_name: string;
  file_kind: "xlsx" | "csv";
  size_bytes: number;
  sha256: string;
  row_count: number;
  /** The file's columns (JSON: app/models/spreadsheet-import.server.ts). */
  columns_json: string;
  /** Every row as read (JSON). */
  rows_json: string;
  /** Each row's check against the ledger, and after the import its outcome (JSON). */
  check_json: string;
  /** Counts and totals (JSON). */
  summary_json: string;
  status: Generated<"preview" | "imported" | "expired">;
  mode: "valid" | "all" | null;
  created_at: string;
  imported_at: string | null;
  result_json: string | null;
}

/** Declaration merging: the table joins the Database interface above without editing it. */
export interface Database {
  spreadsheet_upload: SpreadsheetUploadTable;
}
