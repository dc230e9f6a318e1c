#!/usr/bin/env python3
"""Build db/demo/online-retail-purchases.csv.gz from the UCI "Online Retail" CSV.

Usage:
    python3 db/demo/build-demo-data.py SOURCE.csv[.gz] [--out PATH]

SOURCE is the full UCI Online Retail data set as CSV (541,909 rows, header
InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country),
plain or gzip-compressed. The default output is online-retail-purchases.csv.gz
next to this script. Python 3.9+ standard library only; the output is
byte-for-byte deterministic (rows sorted, gzip level 9, mtime 0, no file name).

Cleaning (the usual one for this data set), line by line:
    CustomerID present, InvoiceNo not starting with "C", Quantity > 0, UnitPrice > 0.
One output row per remaining invoice (purchase):
    orderId      InvoiceNo
    customerId   CustomerID
    purchasedAt  invoice time in UTC, ISO 8601 with milliseconds ("2011-06-01T08:05:00.000Z");
                 the source times are Europe/London wall-clock times (GMT in winter,
                 BST = UTC+1 from 2011-03-27 to 2011-10-30). An invoice whose lines carry
                 two different minutes (30 invoices) takes its earliest line time.
    amountMinor  sum over the invoice's lines of round-half-up(Quantity * UnitPrice * 100),
                 exact decimal arithmetic (pence)
    country      Country of the invoice's lines (one per invoice in this data set)
    items        number of cleaned lines on the invoice
Rows are sorted by (purchasedAt, orderId).
"""

import argparse
import csv
import gzip
import hashlib
import io
import os
import sys
from collections import OrderedDict
from datetime import datetime, timezone
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

SOURCE_TIME_ZONE = ZoneInfo("Europe/London")
EXPECTED_SOURCE_SHA256 = "49957b05e60c2650740be37d4dd3bed18dc7916ba30a0f9204889b7b64d75509"
OUTPUT_COLUMNS = ["orderId", "customerId", "purchasedAt", "amountMinor", "country", "items"]
SOURCE_COLUMNS = ["InvoiceNo", "StockCode", "Description", "Quantity", "InvoiceDate",
                  "UnitPrice", "CustomerID", "Country"]


def open_source(path):
    with open(path, "rb") as probe:
        magic = probe.read(2)
    if magic == b"\x1f\x8b":
        return gzip.open(path, "rt", encoding="utf-8", newline="")
    return open(path, "r", encoding="utf-8", newline="")


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def london_wall_time_to_utc(text):
    """'2011-06-01 09:05:00' (Europe/London wall clock) -> aware UTC datetime.

    Refuses times that do not exist (spring-forward gap) or are ambiguous
    (autumn fall-back hour): none occur in this data set, and guessing would be wrong.
    """
    naive = datetime.strptime(text, "%Y-%m-%d %H:%M:%S")
    first = naive.replace(tzinfo=SOURCE_TIME_ZONE, fold=0)
    second = naive.replace(tzinfo=SOURCE_TIME_ZONE, fold=1)
    if first.utcoffset() != second.utcoffset():
        raise ValueError(f"ambiguous or non-existent Europe/London time: {text}")
    utc = first.astimezone(timezone.utc)
    if utc.astimezone(SOURCE_TIME_ZONE).replace(tzinfo=None) != naive:
        raise ValueError(f"time does not round-trip through Europe/London: {text}")
    return utc


def iso_utc(moment):
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def line_amount_minor(quantity, unit_price):
    return int((Decimal(quantity) * Decimal(unit_price) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def is_counted_line(row):
    return (row["CustomerID"].strip() != ""
            and not row["InvoiceNo"].upper().startswith("C")
            and int(row["Quantity"]) > 0
            and Decimal(row["UnitPrice"]) > 0)


def build_purchases(source_path):
    invoices = OrderedDict()
    stats = {"sourceRows": 0, "cleanedLines": 0}
    with open_source(source_path) as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames != SOURCE_COLUMNS:
            raise SystemExit(f"unexpected header: {reader.fieldnames}")
        for row in reader:
            stats["sourceRows"] += 1
            if not is_counted_line(row):
                continue
            stats["cleanedLines"] += 1
            order_id = row["InvoiceNo"]
            customer_id = row["CustomerID"].strip()
            if customer_id.endswith(".0"):  # tolerate float-formatted ids from other exports
                customer_id = customer_id[:-2]
            invoice_time = london_wall_time_to_utc(row["InvoiceDate"])
            amount = line_amount_minor(row["Quantity"], row["UnitPrice"])
            invoice = invoices.get(order_id)
            if invoice is None:
                invoices[order_id] = {
                    "orderId": order_id, "customerId": customer_id, "at": invoice_time,
                    "amountMinor": amount, "country": row["Country"], "items": 1,
                }
                continue
            if invoice["customerId"] != customer_id or invoice["country"] != row["Country"]:
                raise SystemExit(f"invoice {order_id} has several customers or countries")
            invoice["at"] = min(invoice["at"], invoice_time)
            invoice["amountMinor"] += amount
            invoice["items"] += 1
    purchases = sorted(invoices.values(), key=lambda p: (p["at"], p["orderId"]))
    return purchases, stats


def write_csv_gz(purchases, out_path):
    text = io.StringIO(newline="")
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(OUTPUT_COLUMNS)
    for p in purchases:
        writer.writerow([p["orderId"], p["customerId"], iso_utc(p["at"]), p["amountMinor"],
                         p["country"], p["items"]])
    raw = text.getvalue().encode("utf-8")
    packed = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=packed, compresslevel=9, mtime=0) as gz:
        gz.write(raw)
    data = packed.getvalue()
    tmp_path = out_path + ".tmp"
    with open(tmp_path, "wb") as handle:
        handle.write(data)
    os.replace(tmp_path, out_path)
    return len(raw), data


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", help="UCI Online Retail CSV (.csv or .csv.gz)")
    parser.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                      "online-retail-purchases.csv.gz"))
    args = parser.parse_args(argv)

    source_sha = sha256_of(args.source)
    if source_sha != EXPECTED_SOURCE_SHA256:
        print(f"note: source sha256 {source_sha} differs from the documented "
              f"{EXPECTED_SOURCE_SHA256} (fine for an uncompressed or re-packed copy)", file=sys.stderr)

    purchases, stats = build_purchases(args.source)
    raw_size, data = write_csv_gz(purchases, args.out)
    customers = {p["customerId"] for p in purchases}
    total_minor = sum(p["amountMinor"] for p in purchases)
    summary = OrderedDict([
        ("source", args.source), ("sourceSha256", source_sha),
        ("sourceRows", stats["sourceRows"]), ("cleanedLines", stats["cleanedLines"]),
        ("purchases", len(purchases)), ("customers", len(customers)),
        ("amountMinorTotal", total_minor),
        ("firstPurchasedAt", iso_utc(purchases[0]["at"])),
        ("lastPurchasedAt", iso_utc(purchases[-1]["at"])),
        ("out", args.out), ("csvBytes", raw_size), ("gzipBytes", len(data)),
        ("sha256", hashlib.sha256(data).hexdigest()),
    ])
    for key, value in summary.items():
        print(f"{key}: {value}")


if __name__ == "__main__":
    main(sys.argv[1:])
