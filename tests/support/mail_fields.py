#!/usr/bin/env python3
"""Prints what the integration tests check of a received mail as one JSON object: its
headers, the content types of its parts, and the fields of its text/calendar invite as
python3-icalendar reads them (DTSTART/DTEND as local ISO times with their zone)."""
import email
import email.policy
import json
import sys

import icalendar

with open(sys.argv[1], "rb") as f:
    msg = email.message_from_binary_file(f, policy=email.policy.default)
out = {
    "from": str(msg["From"]),
    "to": str(msg["To"]),
    "subject": str(msg["Subject"]),
    "message_id": str(msg["Message-ID"]),
    "date": str(msg["Date"]),
    "content_type": msg.get_content_type(),
    "parts": [],
}
for part in msg.walk():
    if part.is_multipart():
        continue
    out["parts"].append(part.get_content_type())
    if part.get_content_type() == "text/plain":
        out["text"] = part.get_content()
    if part.get_content_type() == "text/calendar":
        out["calendar_method_param"] = part.get_param("method")
        cal = icalendar.Calendar.from_ical(part.get_content())
        event = cal.walk("VEVENT")[0]
        zones = cal.walk("VTIMEZONE")
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        out["calendar"] = {
            "method": str(cal.get("METHOD")),
            "uid": str(event.get("UID")),
            "sequence": int(event.get("SEQUENCE", -1)),
            "status": str(event.get("STATUS")),
            "dtstart": start.isoformat(),
            "dtend": end.isoformat(),
            "dtstart_tzid": event["DTSTART"].params.get("TZID", ""),
            "dtstart_utc": start.astimezone(__import__("datetime").timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "dtend_utc": end.astimezone(__import__("datetime").timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "vtimezone": [str(z.get("TZID")) for z in zones],
            "organizer": str(event.get("ORGANIZER")),
            "attendee": str(event.get("ATTENDEE")),
            "summary": str(event.get("SUMMARY")),
        }
print(json.dumps(out))
