CREATE TABLE `contact_rfm_history` (
	`workspace_id` text NOT NULL,
	`contact_id` integer NOT NULL,
	`day` integer NOT NULL,
	`r_band` integer NOT NULL,
	`f_band` integer NOT NULL,
	`m_band` integer NOT NULL,
	`named` text,
	`frequency` integer NOT NULL,
	`monetary` integer NOT NULL,
	`code` integer NOT NULL,
	PRIMARY KEY(`workspace_id`, `contact_id`, `day`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `product_stats` (
	`workspace_id` text NOT NULL,
	`day` integer NOT NULL,
	`sku` text NOT NULL,
	`name` text,
	`quantity` real NOT NULL,
	`revenue` integer NOT NULL,
	`orders` integer NOT NULL,
	PRIMARY KEY(`workspace_id`, `day`, `sku`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `purchase_stats` (
	`workspace_id` text NOT NULL,
	`day` integer NOT NULL,
	`quarter` integer NOT NULL,
	`orders` integer NOT NULL,
	`revenue` integer NOT NULL,
	PRIMARY KEY(`workspace_id`, `day`, `quarter`)
) WITHOUT ROWID;
--> statement-breakpoint
-- Band history is kept by the database itself, so every path that writes contact_rfm (ingest, refunds, the daily
-- tick, rebuilds, on Node or on Turso) records it. One row per contact and day: a later write the same day replaces it
-- (an upsert: inside a trigger the outer statement's ON CONFLICT would override INSERT OR REPLACE). `code` packs bands and
-- named segment into one integer (edge/dashboard/states.ts) so the movement pass does arithmetic, not eleven string
-- comparisons per row (2.4 s → about 0.9 s for a million contacts on the loaded test machine).
CREATE TRIGGER `contact_rfm_history_on_insert` AFTER INSERT ON `contact_rfm`
BEGIN
	INSERT INTO `contact_rfm_history` (`workspace_id`, `contact_id`, `day`, `r_band`, `f_band`, `m_band`, `named`, `frequency`, `monetary`, `code`)
	VALUES (new.`workspace_id`, new.`contact_id`, new.`computed_day`, new.`r_band`, new.`f_band`, new.`m_band`, new.`named`, new.`frequency`, new.`monetary`,
		new.`r_band` * 10000 + new.`f_band` * 1000 + new.`m_band` * 100 + CASE new.`named` WHEN 'champions' THEN 0 WHEN 'loyal' THEN 1 WHEN 'potential_loyalist' THEN 2 WHEN 'new' THEN 3 WHEN 'promising' THEN 4 WHEN 'need_attention' THEN 5 WHEN 'about_to_sleep' THEN 6 WHEN 'cant_lose_them' THEN 7 WHEN 'at_risk' THEN 8 WHEN 'lost' THEN 9 WHEN 'hibernating' THEN 10 ELSE 99 END)
	ON CONFLICT DO UPDATE SET `r_band` = excluded.`r_band`, `f_band` = excluded.`f_band`, `m_band` = excluded.`m_band`, `named` = excluded.`named`,
		`frequency` = excluded.`frequency`, `monetary` = excluded.`monetary`, `code` = excluded.`code`;
END;
--> statement-breakpoint
-- Bands and the named segment are what the dashboard's movement reads; frequency and monetary are recorded too, so a
-- past day's revenue and transactions per band are exact. Score-only and date-only changes (same bands) write nothing.
CREATE TRIGGER `contact_rfm_history_on_update` AFTER UPDATE ON `contact_rfm`
WHEN old.`r_band` IS NOT new.`r_band` OR old.`f_band` IS NOT new.`f_band` OR old.`m_band` IS NOT new.`m_band`
	OR old.`named` IS NOT new.`named` OR old.`frequency` IS NOT new.`frequency` OR old.`monetary` IS NOT new.`monetary`
BEGIN
	INSERT INTO `contact_rfm_history` (`workspace_id`, `contact_id`, `day`, `r_band`, `f_band`, `m_band`, `named`, `frequency`, `monetary`, `code`)
	VALUES (new.`workspace_id`, new.`contact_id`, new.`computed_day`, new.`r_band`, new.`f_band`, new.`m_band`, new.`named`, new.`frequency`, new.`monetary`,
		new.`r_band` * 10000 + new.`f_band` * 1000 + new.`m_band` * 100 + CASE new.`named` WHEN 'champions' THEN 0 WHEN 'loyal' THEN 1 WHEN 'potential_loyalist' THEN 2 WHEN 'new' THEN 3 WHEN 'promising' THEN 4 WHEN 'need_attention' THEN 5 WHEN 'about_to_sleep' THEN 6 WHEN 'cant_lose_them' THEN 7 WHEN 'at_risk' THEN 8 WHEN 'lost' THEN 9 WHEN 'hibernating' THEN 10 ELSE 99 END)
	ON CONFLICT DO UPDATE SET `r_band` = excluded.`r_band`, `f_band` = excluded.`f_band`, `m_band` = excluded.`m_band`, `named` = excluded.`named`,
		`frequency` = excluded.`frequency`, `monetary` = excluded.`monetary`, `code` = excluded.`code`;
END;
--> statement-breakpoint
-- Erasing a contact's RFM state (DELETE /v1/contacts/:id does so first) erases its history too.
CREATE TRIGGER `contact_rfm_history_on_delete` AFTER DELETE ON `contact_rfm`
BEGIN
	DELETE FROM `contact_rfm_history` WHERE `workspace_id` = old.`workspace_id` AND `contact_id` = old.`contact_id`;
END;
--> statement-breakpoint
-- Purchase and product sums follow every completed purchase in, out (refund, cancellation, erasure) and back.
CREATE TRIGGER `purchase_stats_on_insert` AFTER INSERT ON `purchases` WHEN new.`status` = 'completed'
BEGIN
	INSERT INTO `purchase_stats` (`workspace_id`, `day`, `quarter`, `orders`, `revenue`)
	SELECT new.`workspace_id`, new.`day`, new.`purchased_at` / 900000, 1, new.`amount` WHERE new.`status` = 'completed'
	ON CONFLICT DO UPDATE SET `orders` = `orders` + 1, `revenue` = `revenue` + excluded.`revenue`;
END;
--> statement-breakpoint
CREATE TRIGGER `purchase_stats_on_update` AFTER UPDATE OF `status`, `amount`, `day`, `purchased_at`, `workspace_id` ON `purchases`
WHEN (old.`status` = 'completed' OR new.`status` = 'completed') AND (old.`status` IS NOT new.`status` OR old.`amount` IS NOT new.`amount`
	OR old.`day` IS NOT new.`day` OR old.`purchased_at` IS NOT new.`purchased_at` OR old.`workspace_id` IS NOT new.`workspace_id`)
BEGIN
	UPDATE `purchase_stats` SET `orders` = `orders` - 1, `revenue` = `revenue` - old.`amount`
	WHERE old.`status` = 'completed' AND `workspace_id` = old.`workspace_id` AND `day` = old.`day` AND `quarter` = old.`purchased_at` / 900000;
	INSERT INTO `purchase_stats` (`workspace_id`, `day`, `quarter`, `orders`, `revenue`)
	SELECT new.`workspace_id`, new.`day`, new.`purchased_at` / 900000, 1, new.`amount` WHERE new.`status` = 'completed'
	ON CONFLICT DO UPDATE SET `orders` = `orders` + 1, `revenue` = `revenue` + excluded.`revenue`;
END;
--> statement-breakpoint
CREATE TRIGGER `purchase_stats_on_delete` AFTER DELETE ON `purchases` WHEN old.`status` = 'completed'
BEGIN
	UPDATE `purchase_stats` SET `orders` = `orders` - 1, `revenue` = `revenue` - old.`amount`
	WHERE old.`status` = 'completed' AND `workspace_id` = old.`workspace_id` AND `day` = old.`day` AND `quarter` = old.`purchased_at` / 900000;
END;
--> statement-breakpoint
-- Product sums: splitting an order's items (json_each) in every insert trigger halved the ingest rate of purchases with
-- items, so an insert only queues the purchase (one small row, like purchase_stats' upsert) and the dashboard folds the
-- queue into product_stats when it reads them (foldPendingProductStats, edge/dashboard/sales.ts), in one transaction.
-- A refund, change or erasure of a purchase still in the queue just leaves the queue; of a folded one, subtracts its lines.
CREATE TABLE `product_stats_pending` (
	`workspace_id` text NOT NULL,
	`purchase_id` integer NOT NULL,
	PRIMARY KEY(`workspace_id`, `purchase_id`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TRIGGER `product_stats_on_insert` AFTER INSERT ON `purchases` WHEN new.`status` = 'completed' AND new.`items` IS NOT NULL
BEGIN
	INSERT OR IGNORE INTO `product_stats_pending` (`workspace_id`, `purchase_id`) VALUES (new.`workspace_id`, new.`id`);
END;
--> statement-breakpoint
CREATE TRIGGER `product_stats_on_update` AFTER UPDATE OF `status`, `amount`, `day`, `items`, `workspace_id` ON `purchases`
WHEN (old.`status` = 'completed' AND old.`items` IS NOT NULL) OR (new.`status` = 'completed' AND new.`items` IS NOT NULL)
BEGIN
	UPDATE `product_stats` SET `quantity` = `product_stats`.`quantity` - line.`quantity`, `revenue` = `product_stats`.`revenue` - line.`revenue`,
		`orders` = `product_stats`.`orders` - 1
	FROM (SELECT `sku`, max(`name`) AS `name`, sum(`quantity`) AS `quantity`, CAST(round(sum(`share`) * old.`amount`) AS INTEGER) AS `revenue`
		FROM (SELECT j.value ->> 'sku' AS `sku`, j.value ->> 'name' AS `name`, CAST(j.value ->> 'quantity' AS REAL) AS `quantity`,
				CASE WHEN t.`value_total` > 0 THEN CAST(j.value ->> 'quantity' AS REAL) * CAST(j.value ->> 'price' AS REAL) / t.`value_total`
					ELSE CAST(j.value ->> 'quantity' AS REAL) / t.`quantity_total` END AS `share`
			FROM json_each(old.`items`) j,
				(SELECT sum(CAST(value ->> 'quantity' AS REAL) * CAST(value ->> 'price' AS REAL)) AS `value_total`,
					sum(CAST(value ->> 'quantity' AS REAL)) AS `quantity_total` FROM json_each(old.`items`)) t)
		WHERE `sku` IS NOT NULL GROUP BY `sku`) AS line
	WHERE old.`status` = 'completed' AND old.`items` IS NOT NULL AND json_valid(old.`items`)
		AND NOT EXISTS (SELECT 1 FROM `product_stats_pending` WHERE `workspace_id` = old.`workspace_id` AND `purchase_id` = old.`id`)
		AND `product_stats`.`workspace_id` = old.`workspace_id` AND `product_stats`.`day` = old.`day` AND `product_stats`.`sku` = line.`sku`;
	DELETE FROM `product_stats_pending` WHERE `workspace_id` = old.`workspace_id` AND `purchase_id` = old.`id`;
	INSERT OR IGNORE INTO `product_stats_pending` (`workspace_id`, `purchase_id`)
	SELECT new.`workspace_id`, new.`id` WHERE new.`status` = 'completed' AND new.`items` IS NOT NULL;
END;
--> statement-breakpoint
CREATE TRIGGER `product_stats_on_delete` AFTER DELETE ON `purchases` WHEN old.`status` = 'completed' AND old.`items` IS NOT NULL
BEGIN
	UPDATE `product_stats` SET `quantity` = `product_stats`.`quantity` - line.`quantity`, `revenue` = `product_stats`.`revenue` - line.`revenue`,
		`orders` = `product_stats`.`orders` - 1
	FROM (SELECT `sku`, max(`name`) AS `name`, sum(`quantity`) AS `quantity`, CAST(round(sum(`share`) * old.`amount`) AS INTEGER) AS `revenue`
		FROM (SELECT j.value ->> 'sku' AS `sku`, j.value ->> 'name' AS `name`, CAST(j.value ->> 'quantity' AS REAL) AS `quantity`,
				CASE WHEN t.`value_total` > 0 THEN CAST(j.value ->> 'quantity' AS REAL) * CAST(j.value ->> 'price' AS REAL) / t.`value_total`
					ELSE CAST(j.value ->> 'quantity' AS REAL) / t.`quantity_total` END AS `share`
			FROM json_each(old.`items`) j,
				(SELECT sum(CAST(value ->> 'quantity' AS REAL) * CAST(value ->> 'price' AS REAL)) AS `value_total`,
					sum(CAST(value ->> 'quantity' AS REAL)) AS `quantity_total` FROM json_each(old.`items`)) t)
		WHERE `sku` IS NOT NULL GROUP BY `sku`) AS line
	WHERE old.`status` = 'completed' AND old.`items` IS NOT NULL AND json_valid(old.`items`)
		AND NOT EXISTS (SELECT 1 FROM `product_stats_pending` WHERE `workspace_id` = old.`workspace_id` AND `purchase_id` = old.`id`)
		AND `product_stats`.`workspace_id` = old.`workspace_id` AND `product_stats`.`day` = old.`day` AND `product_stats`.`sku` = line.`sku`;
	DELETE FROM `product_stats_pending` WHERE `workspace_id` = old.`workspace_id` AND `purchase_id` = old.`id`;
END;
--> statement-breakpoint
-- The dashboard sums contacts, revenue and transactions per bands and named segment in one pass: an index that holds
-- every column it reads makes that pass index-only (6.3 s → 0.5 s for a million contacts on the loaded test machine).
-- It replaces contact_rfm_bands, whose columns it begins with, so writes keep the same number of indexes.
DROP INDEX IF EXISTS `contact_rfm_bands`;
--> statement-breakpoint
CREATE INDEX `contact_rfm_dashboard` ON `contact_rfm` (`workspace_id`, `r_band`, `f_band`, `m_band`, `named`, `frequency`, `monetary`);
--> statement-breakpoint
-- Contacts search by e-mail prefix, ignoring case (GET /v1/admin/contacts?query=). An expression index, so it lives
-- here and not in schema.ts.
CREATE INDEX `contacts_email_lower` ON `contacts` (`workspace_id`, lower(`email`));
--> statement-breakpoint
-- What exists already: each contact's state becomes its first history row, on the day it was computed for, and
-- the purchase sums start from every completed purchase, and every completed purchase with items is queued for the
-- product sums.
INSERT INTO `contact_rfm_history` (`workspace_id`, `contact_id`, `day`, `r_band`, `f_band`, `m_band`, `named`, `frequency`, `monetary`, `code`)
SELECT `workspace_id`, `contact_id`, `computed_day`, `r_band`, `f_band`, `m_band`, `named`, `frequency`, `monetary`, contact_rfm.`r_band` * 10000 + contact_rfm.`f_band` * 1000 + contact_rfm.`m_band` * 100 + CASE contact_rfm.`named` WHEN 'champions' THEN 0 WHEN 'loyal' THEN 1 WHEN 'potential_loyalist' THEN 2 WHEN 'new' THEN 3 WHEN 'promising' THEN 4 WHEN 'need_attention' THEN 5 WHEN 'about_to_sleep' THEN 6 WHEN 'cant_lose_them' THEN 7 WHEN 'at_risk' THEN 8 WHEN 'lost' THEN 9 WHEN 'hibernating' THEN 10 ELSE 99 END FROM `contact_rfm`;
--> statement-breakpoint
INSERT INTO `purchase_stats` (`workspace_id`, `day`, `quarter`, `orders`, `revenue`)
SELECT `workspace_id`, `day`, `purchased_at` / 900000, count(*), sum(`amount`) FROM `purchases` WHERE `status` = 'completed' GROUP BY 1, 2, 3;
--> statement-breakpoint
INSERT INTO `product_stats_pending` (`workspace_id`, `purchase_id`)
SELECT `workspace_id`, `id` FROM `purchases` WHERE `status` = 'completed' AND `items` IS NOT NULL;
