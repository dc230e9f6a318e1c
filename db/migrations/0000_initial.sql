CREATE TABLE `api_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`kind` text NOT NULL,
	`key_hash` text NOT NULL,
	`display_prefix` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`revoked_at` integer,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_keys_hash` ON `api_keys` (`key_hash`);--> statement-breakpoint
CREATE INDEX `api_keys_workspace` ON `api_keys` (`workspace_id`);--> statement-breakpoint
CREATE TABLE `contact_rfm` (
	`contact_id` integer PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`first_purchase_at` integer,
	`last_purchase_at` integer,
	`last_purchase_day` integer,
	`frequency` integer NOT NULL,
	`monetary` integer NOT NULL,
	`window_oldest_day` integer,
	`r_score` integer NOT NULL,
	`f_score` integer NOT NULL,
	`m_score` integer NOT NULL,
	`r_band` integer NOT NULL,
	`f_band` integer NOT NULL,
	`m_band` integer NOT NULL,
	`named` text,
	`computed_day` integer NOT NULL,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `contact_rfm_window` ON `contact_rfm` (`workspace_id`,`window_oldest_day`);--> statement-breakpoint
CREATE INDEX `contact_rfm_last_day` ON `contact_rfm` (`workspace_id`,`last_purchase_day`);--> statement-breakpoint
CREATE INDEX `contact_rfm_frequency` ON `contact_rfm` (`workspace_id`,`frequency`);--> statement-breakpoint
CREATE INDEX `contact_rfm_monetary` ON `contact_rfm` (`workspace_id`,`monetary`);--> statement-breakpoint
CREATE INDEX `contact_rfm_bands` ON `contact_rfm` (`workspace_id`,`r_band`,`f_band`,`m_band`);--> statement-breakpoint
CREATE TABLE `contacts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`workspace_id` text NOT NULL,
	`customer_id` text NOT NULL,
	`email` text,
	`attributes` text DEFAULT '{}' NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `contacts_customer` ON `contacts` (`workspace_id`,`customer_id`);--> statement-breakpoint
CREATE TABLE `purchases` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`workspace_id` text NOT NULL,
	`order_id` text NOT NULL,
	`contact_id` integer NOT NULL,
	`amount` integer NOT NULL,
	`original_currency` text,
	`original_amount` integer,
	`purchased_at` integer NOT NULL,
	`day` integer NOT NULL,
	`status` text DEFAULT 'completed' NOT NULL,
	`items` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `purchases_order` ON `purchases` (`workspace_id`,`order_id`);--> statement-breakpoint
CREATE INDEX `purchases_contact_day` ON `purchases` (`contact_id`,`status`,`day`,`amount`,`purchased_at`);--> statement-breakpoint
CREATE INDEX `purchases_workspace_day` ON `purchases` (`workspace_id`,`day`);--> statement-breakpoint
CREATE TABLE `segments` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`key` text NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`direction` text DEFAULT 'inbound' NOT NULL,
	`rule` text NOT NULL,
	`priority` integer DEFAULT 0 NOT NULL,
	`exclusions` text DEFAULT '[]' NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `segments_key` ON `segments` (`workspace_id`,`key`);--> statement-breakpoint
CREATE TABLE `visitors` (
	`workspace_id` text NOT NULL,
	`visitor_id` text NOT NULL,
	`contact_id` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`last_seen_at` integer,
	PRIMARY KEY(`workspace_id`, `visitor_id`),
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `visitors_contact` ON `visitors` (`contact_id`);--> statement-breakpoint
CREATE TABLE `workspaces` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`currency` text NOT NULL,
	`time_zone` text NOT NULL,
	`allowed_origins` text NOT NULL,
	`identity_secret` text NOT NULL,
	`settings` text NOT NULL,
	`thresholds` text NOT NULL,
	`config_version` integer DEFAULT 1 NOT NULL,
	`ticked_day` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
