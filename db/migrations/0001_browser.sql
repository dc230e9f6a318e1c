CREATE TABLE `behaviour_counts` (
	`workspace_id` text NOT NULL,
	`visitor_id` text NOT NULL,
	`day` integer NOT NULL,
	`event_key` text NOT NULL,
	`count` integer NOT NULL,
	`value` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`workspace_id`, `visitor_id`, `day`, `event_key`),
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `content_rules` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`slot` text NOT NULL,
	`segment_key` text NOT NULL,
	`name` text DEFAULT '' NOT NULL,
	`variant_html` text NOT NULL,
	`priority` integer DEFAULT 0 NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`starts_at` integer,
	`ends_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `content_rules_slot` ON `content_rules` (`workspace_id`,`slot`);--> statement-breakpoint
CREATE TABLE `events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`workspace_id` text NOT NULL,
	`visitor_id` text NOT NULL,
	`type` text NOT NULL,
	`at` integer NOT NULL,
	`props` text,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `events_visitor` ON `events` (`workspace_id`,`visitor_id`,`at`);