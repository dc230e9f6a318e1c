CREATE TABLE `deliveries` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`trigger_id` text NOT NULL,
	`transition_id` integer,
	`kind` text DEFAULT 'transition' NOT NULL,
	`payload` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`last_error` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`delivered_at` integer,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `deliveries_transition` ON `deliveries` (`trigger_id`,`transition_id`);--> statement-breakpoint
CREATE INDEX `deliveries_due` ON `deliveries` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `deliveries_workspace` ON `deliveries` (`workspace_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `delivery_attempts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`delivery_id` text NOT NULL,
	`at` integer NOT NULL,
	`status_code` integer,
	`error` text,
	`duration_ms` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `delivery_attempts_delivery` ON `delivery_attempts` (`delivery_id`);--> statement-breakpoint
CREATE TABLE `segment_memberships` (
	`workspace_id` text NOT NULL,
	`segment_key` text NOT NULL,
	`contact_id` integer NOT NULL,
	`entered_at` integer NOT NULL,
	PRIMARY KEY(`workspace_id`, `segment_key`, `contact_id`),
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `segment_memberships_contact` ON `segment_memberships` (`contact_id`);--> statement-breakpoint
CREATE TABLE `segment_transitions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`workspace_id` text NOT NULL,
	`segment_key` text NOT NULL,
	`contact_id` integer NOT NULL,
	`change` text NOT NULL,
	`at` integer NOT NULL,
	`cause` text NOT NULL,
	`snapshot` text NOT NULL,
	`refresh_id` text NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `segment_transitions_segment` ON `segment_transitions` (`workspace_id`,`segment_key`,`at`);--> statement-breakpoint
CREATE INDEX `segment_transitions_contact` ON `segment_transitions` (`contact_id`);--> statement-breakpoint
CREATE INDEX `segment_transitions_refresh` ON `segment_transitions` (`refresh_id`);--> statement-breakpoint
CREATE TABLE `triggers` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`name` text DEFAULT '' NOT NULL,
	`segment_key` text NOT NULL,
	`on` text NOT NULL,
	`url` text NOT NULL,
	`template` text,
	`signing_secret` text NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `triggers_segment` ON `triggers` (`workspace_id`,`segment_key`);--> statement-breakpoint
ALTER TABLE `segments` ADD `lifecycle_group` text;--> statement-breakpoint
ALTER TABLE `segments` ADD `version` integer DEFAULT 1 NOT NULL;