#!/usr/bin/env python3
"""Turns Schema-Guided Dialogue agent turns (../shared/data/sgd-train/dialogues.jsonl, or
the same layout from another split) into `rehearse calibrate` labels, one JSON item a line.

    scripts/sgd-labels.py ../shared/data/sgd-train/dialogues.jsonl > /tmp/sgd.jsonl
    rehearse calibrate /tmp/sgd.jsonl --rubric core --rubric difficult --rubric account

The data is CC BY-SA 4.0 (Rastogi et al., 2020): measure with it, never commit it.

Each agent turn becomes one item: the reply, the customer's line before it, and labels
derived from its act labels (see the data's README):

  core.offer-more-help      REQ_MORE
  core.farewell             GOODBYE
  core.understanding-check  CONFIRM (reads details back for the customer to confirm)
  difficult.apology         the turn apologises in words (sorry / apologise / apologies /
                            regret), which about 3 in 4 failure notices do; every turn
                            is labelled, so precision is measured on all of them
  account.verification      false on every turn: the data has no identity requests, so
                            this measures how often verification is credited wrongly
  core.need-identification  false on turns whose only act is REQUEST (a closed,
                            slot-filling question such as "What time?")

Turns are given no position: act labels say what a turn does wherever it stands.
`--sample N` keeps every Nth dialogue (a quick run); `--old-closure` labels the rules of
the single `closure` skill that the built-in rubric had before it was split.
"""
import argparse
import json
import re
import sys

APOLOGY = re.compile(r"\b(sorry|apologi[sz]e[sd]?|apologies|apology|regret)\b", re.I)


def items(path, sample, old_closure):
    with open(path, encoding="utf-8") as lines:
        for n, line in enumerate(lines):
            if sample > 1 and n % sample:
                continue
            dialogue = json.loads(line)
            customer = ""
            turn_no = 0
            for turn in dialogue["turns"]:
                if turn["speaker"] != "agent":
                    customer = turn["text"]
                    continue
                turn_no += 1
                acts = {a["act"] for a in turn["acts"]}
                text = turn["text"]
                more, bye = "REQ_MORE" in acts, "GOODBYE" in acts
                labels = {
                    "core.understanding-check": "CONFIRM" in acts,
                    "difficult.apology": bool(APOLOGY.search(text)),
                    "account.verification": False,
                }
                if old_closure:
                    labels["core.closure#1"] = more
                    labels["core.closure#2"] = bye
                else:
                    labels["core.offer-more-help"] = more
                    labels["core.farewell"] = bye
                if acts == {"REQUEST"}:
                    labels["core.need-identification"] = False
                yield {
                    "id": f"{dialogue['id']}#{turn_no}",
                    "reply": text,
                    "customer": customer,
                    "labels": labels,
                }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dialogues")
    parser.add_argument("--sample", type=int, default=1)
    parser.add_argument("--old-closure", action="store_true")
    args = parser.parse_args()
    for item in items(args.dialogues, args.sample, args.old_closure):
        sys.stdout.write(json.dumps(item, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
